using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace XenMesh.Node.Linux;

/// <summary>
/// Linux's batched datagram calls (recvmmsg(2), sendmmsg(2)) and the x86-64/arm64 layouts of the structures
/// they take, for the DNS server's <c>UdpBatch</c> and the DHCP server's <c>DhcpReceiveBatch</c>. The structures
/// hold native pointers only: every buffer they point at is native memory owned by those batches, so nothing
/// needs pinning and the collector never sees them.
/// </summary>
internal static partial class UdpBatchNative
{
    /// <summary>recvmmsg: after the first datagram, take only what is already queued (do not wait for the batch to fill).</summary>
    public const int MsgWaitForOne = 0x10000;

    /// <summary>recvmmsg: take only what is already queued, never wait.</summary>
    public const int MsgDontWait = 0x40;

    /// <summary>msg_flags: the datagram was longer than the buffer.</summary>
    public const int MsgTrunc = 0x20;

    public const int EAgain = 11;
    public const int EIntr = 4;

    /// <summary>SOL_SOCKET / SO_RCVTIMEO: a blocked receive returns EAGAIN after this long, so the loop sees a stop.</summary>
    public const int SolSocket = 1;
    public const int SoRcvTimeo = 20;

    /// <summary>Sets SO_RCVTIMEO (a struct timeval): a blocked recvmmsg does not notice a stop or a closed socket, the timeout bounds how long it waits.</summary>
    public static void SetReceiveTimeout(Socket socket, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> timeval = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(timeval, (long)timeout.TotalSeconds);
        BinaryPrimitives.WriteInt64LittleEndian(timeval[8..], (long)(timeout.TotalMicroseconds % 1_000_000));
        socket.SetRawSocketOption(SolSocket, SoRcvTimeo, timeval);
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static unsafe partial int RecvMmsg(nint fd, MMsgHdr* messages, uint count, int flags, nint timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static unsafe partial int SendMmsg(nint fd, MMsgHdr* messages, uint count, int flags);

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public nint Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public nint Name;
        public uint NameLength;
        public nint Iov;
        public nuint IovLength;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}

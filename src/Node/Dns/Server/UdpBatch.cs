using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using XenMesh.Node.Dns.Wire;
using static XenMesh.Node.Linux.UdpBatchNative;

namespace XenMesh.Node.Dns.Server;

/// <summary>
/// The buffers of one UDP receive loop, in native memory: <see cref="Size"/> slots, each with a query buffer,
/// a response buffer and the sender's address, and the recvmmsg/sendmmsg headers pointing at them. One
/// <see cref="Receive"/> fills up to <see cref="Size"/> slots with one system call; the loop answers each slot
/// into its response buffer, marks it with <see cref="Reply"/>, and <see cref="Send"/> sends every marked reply
/// to its slot's sender, again with one call. Not thread-safe: one loop, one batch.
/// </summary>
internal sealed unsafe class UdpBatch : IDisposable
{
    /// <summary>Datagrams per system call, as bench/dns/echo.c.</summary>
    public const int Size = 64;

    /// <summary>A query longer than this is dropped (MSG_TRUNC); real queries are a few dozen octets.</summary>
    public const int QueryLength = 4096;

    /// <summary>No UDP response is longer (protocol-rules E5).</summary>
    public const int ResponseLength = DnsLimits.MaxUdpPayload;

    /// <summary>A sockaddr_in: the server's sockets are IPv4 (see <see cref="DnsServer"/>).</summary>
    private const int AddressLength = 16;

    private readonly MMsgHdr* _received;
    private readonly MMsgHdr* _replies;
    private readonly IoVec* _queryVectors;
    private readonly IoVec* _replyVectors;
    private readonly byte* _addresses;
    private readonly byte* _queries;
    private readonly byte* _responses;
    private int _replyCount;
    private bool _disposed;

    public UdpBatch()
    {
        _received = (MMsgHdr*)NativeMemory.AllocZeroed(Size, (nuint)sizeof(MMsgHdr));
        _replies = (MMsgHdr*)NativeMemory.AllocZeroed(Size, (nuint)sizeof(MMsgHdr));
        _queryVectors = (IoVec*)NativeMemory.AllocZeroed(Size, (nuint)sizeof(IoVec));
        _replyVectors = (IoVec*)NativeMemory.AllocZeroed(Size, (nuint)sizeof(IoVec));
        _addresses = (byte*)NativeMemory.AllocZeroed(Size, AddressLength);
        _queries = (byte*)NativeMemory.Alloc(Size, QueryLength);
        _responses = (byte*)NativeMemory.Alloc(Size, ResponseLength);
        for (var i = 0; i < Size; i++)
        {
            _queryVectors[i] = new IoVec { Base = (nint)(_queries + (i * QueryLength)), Length = QueryLength };
            _received[i].Header = new MsgHdr { Name = (nint)(_addresses + (i * AddressLength)), Iov = (nint)(_queryVectors + i), IovLength = 1 };
        }
    }

    ~UdpBatch() => Free();

    /// <summary>
    /// Waits for at least one datagram on <paramref name="fd"/> (or the socket's receive timeout) and takes every
    /// datagram already queued, up to <see cref="Size"/>. Forgets the replies of the previous batch.
    /// </summary>
    /// <returns>The datagrams received, or the negated errno.</returns>
    public int Receive(nint fd)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _replyCount = 0;
        for (var i = 0; i < Size; i++)
        {
            _received[i].Header.NameLength = AddressLength;
            _received[i].Header.Flags = 0;
        }

        var received = RecvMmsg(fd, _received, Size, MsgWaitForOne, 0);
        return received >= 0 ? received : -Marshal.GetLastPInvokeError();
    }

    /// <summary>True when slot <paramref name="slot"/>'s datagram did not fit its buffer.</summary>
    public bool IsTruncated(int slot) => (_received[slot].Header.Flags & MsgTrunc) != 0;

    public ReadOnlySpan<byte> Query(int slot) => new(_queries + (slot * QueryLength), (int)_received[slot].Length);

    public Span<byte> Response(int slot) => new(_responses + (slot * ResponseLength), ResponseLength);

    /// <summary>The sender of slot <paramref name="slot"/>'s datagram (an allocation: for the recursion side only).</summary>
    public IPEndPoint Sender(int slot)
    {
        var address = new ReadOnlySpan<byte>(_addresses + (slot * AddressLength), AddressLength);
        return new IPEndPoint(new IPAddress(address.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(address[2..]));
    }

    /// <summary>Sends the first <paramref name="length"/> octets of slot <paramref name="slot"/>'s response to its sender at the next <see cref="Send"/>.</summary>
    public void Reply(int slot, int length)
    {
        _replyVectors[slot] = new IoVec { Base = (nint)(_responses + (slot * ResponseLength)), Length = (nuint)length };
        _replies[_replyCount++] = new MMsgHdr
        {
            Header = new MsgHdr { Name = _received[slot].Header.Name, NameLength = _received[slot].Header.NameLength, Iov = (nint)(_replyVectors + slot), IovLength = 1 },
        };
    }

    /// <summary>
    /// Sends every reply of this batch. A reply the kernel refuses is skipped and the rest still go out.
    /// </summary>
    /// <returns>The replies refused; <paramref name="errno"/> says why the last one was.</returns>
    public int Send(nint fd, out int errno)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        errno = 0;
        var refused = 0;
        var sent = 0;
        while (sent < _replyCount)
        {
            var n = SendMmsg(fd, _replies + sent, (uint)(_replyCount - sent), 0);
            if (n > 0)
            {
                sent += n;
                continue;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == EIntr)
                continue;
            errno = error;
            refused++;
            sent++;
        }

        _replyCount = 0;
        return refused;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_disposed)
            return;
        _disposed = true;
        NativeMemory.Free(_received);
        NativeMemory.Free(_replies);
        NativeMemory.Free(_queryVectors);
        NativeMemory.Free(_replyVectors);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_queries);
        NativeMemory.Free(_responses);
    }
}

using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace XenMesh.IntegrationTests.TestHost;

/// <summary>
/// Opens sockets inside a named network namespace from the test process: a short-lived thread
/// joins the namespace with setns(2) and creates the socket there; the socket keeps that namespace
/// after the thread is gone, so the rest of the process stays in the host namespace.
/// </summary>
internal static class NamespaceSockets
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>A TCP socket listening on 127.0.0.1:<paramref name="port"/> of <paramref name="namespace"/>.</summary>
    public static Socket ListenOnLoopback(NetworkNamespace @namespace, int port) =>
        Open(@namespace, $"cannot listen on 127.0.0.1:{port}", () =>
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
                listener.Listen();
                return listener;
            }
            catch
            {
                listener.Dispose();
                throw;
            }
        });

    /// <summary>A UDP socket of <paramref name="namespace"/> bound to <paramref name="local"/>.</summary>
    public static Socket Udp(NetworkNamespace @namespace, IPEndPoint local) =>
        Open(@namespace, $"cannot bind UDP {local}", () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(local);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        });

    private static Socket Open(NetworkNamespace @namespace, string what, Func<Socket> create)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{@namespace.Name}");
                if (SetNamespace(handle, CloneNewNet) != 0)
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                socket = create();
            }
            catch (Exception e) when (e is IOException or SocketException or Win32Exception or UnauthorizedAccessException)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"{what} in {@namespace.Name}", failure);
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNamespace(SafeFileHandle fd, int namespaceType);
}

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
    public static Socket ListenOnLoopback(NetworkNamespace @namespace, int port)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        Socket? listener = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{@namespace.Name}");
                if (SetNamespace(handle, CloneNewNet) != 0)
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
                listener.Listen();
            }
            catch (Exception e) when (e is IOException or SocketException or Win32Exception or UnauthorizedAccessException)
            {
                listener?.Dispose();
                listener = null;
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return listener ?? throw new InvalidOperationException($"cannot listen on 127.0.0.1:{port} in {@namespace.Name}", failure);
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNamespace(SafeFileHandle fd, int namespaceType);
}

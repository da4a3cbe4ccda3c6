using System.Net.Sockets;

namespace XenMesh.Node.Commands.Server;

/// <summary>
/// Closing a socket with unread input makes the kernel send a reset, and a reset can overtake the
/// last answer in the peer's receive queue. When the host refuses a caller it therefore half-closes
/// and discards the caller's input until the caller closes too (or a short while passes), so the
/// refusal is read instead of "connection reset".
/// </summary>
internal static class LingeringClose
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(Socket socket, Stream stream, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Linger);
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            var discard = new byte[4096];
            while (await stream.ReadAsync(discard, timeout.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The caller went away or took too long; the socket is closed either way.
        }
    }
}

using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands.Server;

/// <summary>
/// Bounds on what one caller can make the host hold: bytes per request frame, arguments per
/// command, open connections (each costs a task and buffers), queued requests per connection.
/// </summary>
internal sealed record CommandHostLimits(
    int MaxRequestBytes = CommandFrameCodec.DefaultMaxRequestBytes,
    int MaxArguments = 64,
    int MaxConnections = 16,
    int MaxQueuedRequests = 4);

using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Linux;

/// <summary>
/// Runs every program inside a network namespace (<c>ip netns exec NS program args...</c>), so the
/// adapter and the actors under test act on the test's namespace and never on the host's interfaces.
/// </summary>
internal sealed class NamespaceProcessRunner(string @namespace) : IProcessRunner
{
    private readonly ProcessRunner _inner = new();

    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct) =>
        _inner.RunAsync(NetworkNamespaces.Ip, NetworkNamespaces.ExecArguments(@namespace, fileName, arguments), ct);

    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, ProcessOptions options, CancellationToken ct) =>
        _inner.RunAsync(NetworkNamespaces.Ip, NetworkNamespaces.ExecArguments(@namespace, fileName, arguments), options, ct);
}

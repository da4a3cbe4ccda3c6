using Akka.Actor;
using Akka.Hosting;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Bridge;
using static XenMesh.Node.Bridge.BridgeProtocol;

namespace XenMesh.IntegrationTests.Bridge;

/// <summary>
/// The actor's programs fail for real: they are pointed at a namespace that does not exist yet.
/// The actor must report the failure (command line and stderr), stay alive, and converge once the
/// namespace appears.
/// </summary>
public sealed class BridgeActorFailureTests(ITestOutputHelper output)
    : BridgeActorTestKit(nameof(BridgeActorFailureTests), "late", "192.168.78.254/24", output)
{
    private NetworkNamespace? _namespace;

    [Fact]
    public async Task A_failing_command_is_reported_with_its_command_line_and_retried_until_it_works()
    {
        var bridge = await ActorRegistry.GetAsync<BridgeActor>(Ct);

        var failed = await bridge.Ask<BridgeStatus>(CheckNow.Instance, Deadline, Ct);
        var failedAgain = await bridge.Ask<BridgeStatus>(CheckNow.Instance, Deadline, Ct);

        Assert.Equal("unknown", failed.State);
        Assert.StartsWith($"ip netns exec {NamespaceName} ip -j -d link show exited with 255: Cannot open network namespace \"{NamespaceName}\": No such file or directory", failed.Problem, StringComparison.Ordinal);
        Assert.True(failedAgain.CheckedAt > failed.CheckedAt);

        await NetworkNamespace.RemoveLeftoversAsync(Prefix, Ct);
        _namespace = await NetworkNamespace.CreateAsync(NamespaceName, Ct);

        await AwaitAssertAsync(
            async () =>
            {
                var status = await bridge.Ask<BridgeStatus>(GetStatus.Instance, Deadline, Ct);
                Assert.Equal(("up", false, null), (status.State, status.TxChecksumming, status.Problem));
            },
            Deadline,
            TimeSpan.FromMilliseconds(100),
            Ct);
    }

    protected override async Task RemoveNamespacesAsync()
    {
        if (_namespace is not null)
            await _namespace.DisposeAsync();
    }
}

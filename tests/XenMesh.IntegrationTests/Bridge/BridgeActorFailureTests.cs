using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XenMesh.IntegrationTests.Linux;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Bridge;
using XenMesh.Node.Configuration;
using static XenMesh.Node.Bridge.BridgeProtocol;

namespace XenMesh.IntegrationTests.Bridge;

/// <summary>
/// The actor's programs fail for real: they are pointed at a namespace that does not exist yet.
/// The actor must report the failure (command line and stderr), stay alive, and converge once the
/// namespace appears.
/// </summary>
public sealed class BridgeActorFailureTests : Akka.Hosting.TestKit.TestKit
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly string _prefix = TestPrefix.New();
    private readonly string _namespaceName;
    private readonly XenMeshSettings _settings = new()
    {
        Host = new HostSettings { Id = "itest" },
        Bridge = new BridgeSettings { Name = "br0", Address = "192.168.78.254/24", CheckInterval = TimeSpan.FromMilliseconds(200) },
    };

    private NetworkNamespace? _namespace;

    public BridgeActorFailureTests(ITestOutputHelper output)
        : base(nameof(BridgeActorFailureTests), output)
    {
        _namespaceName = $"{_prefix}-late";
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services)
    {
        services.AddSingleton(_settings);
        services.AddSingleton<XenMesh.Node.Linux.IProcessRunner>(new NamespaceProcessRunner(_namespaceName));
        services.AddBridge();
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder.WithBridge(_settings);

    [Fact]
    public async Task A_failing_command_is_reported_with_its_command_line_and_retried_until_it_works()
    {
        var bridge = await ActorRegistry.GetAsync<BridgeActor>(Ct);

        var failed = await bridge.Ask<BridgeStatus>(CheckNow.Instance, Deadline, Ct);
        var failedAgain = await bridge.Ask<BridgeStatus>(CheckNow.Instance, Deadline, Ct);

        Assert.Equal("unknown", failed.State);
        Assert.StartsWith($"ip netns exec {_namespaceName} ip -j -d link show exited with 255: Cannot open network namespace \"{_namespaceName}\": No such file or directory", failed.Problem, StringComparison.Ordinal);
        Assert.True(failedAgain.CheckedAt > failed.CheckedAt);

        await NetworkNamespace.RemoveLeftoversAsync(_prefix, Ct);
        _namespace = await NetworkNamespace.CreateAsync(_namespaceName, Ct);

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

    protected override async Task AfterAllAsync()
    {
        try
        {
            if (ActorRegistry.TryGet<BridgeActor>(out var bridge))
                await bridge.GracefulStop(TimeSpan.FromSeconds(10));
        }
        finally
        {
            if (_namespace is not null)
                await _namespace.DisposeAsync();
            await base.AfterAllAsync();
        }
    }
}

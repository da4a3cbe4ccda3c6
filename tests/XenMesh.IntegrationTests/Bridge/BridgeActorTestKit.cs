using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XenMesh.IntegrationTests.Linux;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Bridge;
using XenMesh.Node.Configuration;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Bridge;

/// <summary>
/// The BridgeActor as the agent wires it (<see cref="BridgeHostingExtensions"/>) for host "itest",
/// bridge br0 with <c>bridgeAddress</c> and a 200 ms check interval, its programs run inside the
/// namespace <see cref="NamespaceName"/> (<c>&lt;prefix&gt;-&lt;namespaceSuffix&gt;</c>, a fresh
/// prefix per test). The derived test owns that namespace: it removes it in
/// <see cref="RemoveNamespacesAsync"/>, which runs once the actor has stopped.
/// </summary>
public abstract class BridgeActorTestKit : Akka.Hosting.TestKit.TestKit
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly XenMeshSettings _settings;

    protected BridgeActorTestKit(string actorSystemName, string namespaceSuffix, string bridgeAddress, ITestOutputHelper output)
        : base(actorSystemName, output)
    {
        NamespaceName = $"{Prefix}-{namespaceSuffix}";
        Runner = new NamespaceProcessRunner(NamespaceName);
        _settings = new XenMeshSettings
        {
            Host = new HostSettings { Id = "itest" },
            Bridge = new BridgeSettings { Name = "br0", Address = bridgeAddress, CheckInterval = TimeSpan.FromMilliseconds(200) },
        };
    }

    protected string Prefix { get; } = TestPrefix.New();

    protected string NamespaceName { get; }

    /// <summary>The actor's runner: every program inside <see cref="NamespaceName"/>.</summary>
    protected IProcessRunner Runner { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected sealed override void ConfigureServices(HostBuilderContext context, IServiceCollection services)
    {
        services.AddSingleton(_settings);
        services.AddSingleton(Runner);
        services.AddBridge();
    }

    protected sealed override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder.WithBridge(_settings);

    protected sealed override async Task AfterAllAsync()
    {
        try
        {
            // Stop the checks before their namespace disappears under them.
            if (ActorRegistry.TryGet<BridgeActor>(out var bridge))
                await bridge.GracefulStop(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await RemoveNamespacesAsync();
            await base.AfterAllAsync();
        }
    }

    /// <summary>Removes the namespaces the test created.</summary>
    protected abstract Task RemoveNamespacesAsync();
}

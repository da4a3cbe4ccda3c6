using Akka.Hosting;
using Serilog.Core;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Dhcp.Server;
using XenMesh.Node.Linux;
using static XenMesh.Messages.Vifs.VifRegistryEvents;

namespace XenMesh.Tests.Dhcp.Server;

public sealed class DhcpServerTests
{
    [Fact]
    public async Task Disabled_it_ends_at_once_without_waiting_for_the_pool_or_opening_a_socket()
    {
        var settings = new XenMeshSettings { Dhcp = new DhcpSettings { Enabled = false } };
        using var counters = new DhcpServerCounters();
        var resolver = new GuestPortResolver(
            _ => Task.FromResult<IReadOnlyList<BridgeFdbEntry>>([]),
            _ => Task.FromResult<IReadOnlyList<VifRegistered>>([]),
            TimeProvider.System,
            Logger.None);

        // No pool is registered: an enabled server would wait for it forever.
        using var server = new DhcpServer(settings, new RequiredActor<LeasePool>(new ActorRegistry()), resolver, counters, Logger.None);
        await server.StartAsync(TestContext.Current.CancellationToken);

        await server.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(0, counters.Snapshot().Received);
    }
}

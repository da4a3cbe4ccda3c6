using Akka.Actor;
using XenMesh.Cluster.Gateways;
using XenMesh.Cluster.Hosts;
using static XenMesh.Messages.Routes.GatewayMessages;

namespace XenMesh.Tests.Cluster.Gateways;

/// <summary>The entity's protocol, on its own: the host registry's snapshots come through the EventStream as in the agent.</summary>
public sealed class GatewayEntityTests : Akka.TestKit.Xunit.TestKit
{
    private const string Gateway = "192.168.11.254";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static readonly HostSnapshot Two = new(
        [GatewayRoutesTests.Host("kubikal", "192.168.0.0/24", "192.168.11.100"), GatewayRoutesTests.Host("rack2", "192.168.1.0/24", "192.168.11.101")], []);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_registering_speaker_gets_the_table_the_entity_built_from_the_host_view_at_start()
    {
        var view = new HostView();
        view.Swap(Two);
        var entity = Sys.ActorOf(GatewayEntity.Props(Gateway, view));
        var feed = CreateTestProbe();

        entity.Tell(new RegisterSpeaker(Gateway, "kubikal", feed.Ref));

        var table = feed.ExpectMsg<GatewayTable>(Wait, cancellationToken: Ct);
        Assert.Equal(Gateway, table.Gateway);
        Assert.Equal(["kubikal", "rack2"], table.Routes.Select(r => r.HostId));
    }

    [Fact]
    public void Every_registered_speaker_gets_each_change_and_a_stopped_one_is_forgotten()
    {
        var view = new HostView();
        view.Swap(Two);
        var entity = Sys.ActorOf(GatewayEntity.Props(Gateway, view));
        var kubikal = CreateTestProbe();
        var rack2 = CreateTestProbe();
        entity.Tell(new RegisterSpeaker(Gateway, "kubikal", kubikal.Ref));
        entity.Tell(new RegisterSpeaker(Gateway, "rack2", rack2.Ref));
        kubikal.ExpectMsg<GatewayTable>(Wait, cancellationToken: Ct);
        rack2.ExpectMsg<GatewayTable>(Wait, cancellationToken: Ct);

        var one = new HostSnapshot([Two.Hosts[1]], []);
        // The entity subscribes in PreStart; a re-registration proves it has started.
        entity.Tell(new RegisterSpeaker(Gateway, "kubikal", kubikal.Ref));
        kubikal.ExpectMsg<GatewayTable>(Wait, cancellationToken: Ct);
        Sys.EventStream.Publish(one);

        Assert.Equal(["rack2"], kubikal.ExpectMsg<GatewayTable>(Wait, cancellationToken: Ct).Routes.Select(r => r.HostId));
        Assert.Equal(["rack2"], rack2.ExpectMsg<GatewayTable>(Wait, cancellationToken: Ct).Routes.Select(r => r.HostId));

        Sys.EventStream.Publish(one);
        kubikal.ExpectNoMsg(TimeSpan.FromMilliseconds(300), cancellationToken: Ct);

        Watch(kubikal.Ref);
        Sys.Stop(kubikal.Ref);
        ExpectTerminated(kubikal.Ref, Wait, cancellationToken: Ct);
        Sys.EventStream.Publish(Two);
        Assert.Equal(["kubikal", "rack2"], rack2.ExpectMsg<GatewayTable>(Wait, cancellationToken: Ct).Routes.Select(r => r.HostId));
        // Registering again (the refresh interval) repairs a lost table; it does not add a second watch.
        entity.Tell(new RegisterSpeaker(Gateway, "rack2", rack2.Ref));
        rack2.ExpectMsg<GatewayTable>(Wait, cancellationToken: Ct);
        rack2.ExpectNoMsg(TimeSpan.FromMilliseconds(300), cancellationToken: Ct);
    }
}

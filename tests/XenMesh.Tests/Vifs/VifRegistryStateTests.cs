using XenMesh.Messages.Values;
using XenMesh.Node.Vifs;
using XenMesh.Node.Xen;
using static XenMesh.Messages.Vifs.VifRegistryEvents;
using static XenMesh.Node.Vifs.VifRegistryProtocol;

namespace XenMesh.Tests.Vifs;

public sealed class VifRegistryStateTests
{
    internal static VifRegistered Vif(int domId, int devId = 0, string mac = "aa:cc:00:00:00:01", string? name = "xen1", string? vif = null) =>
        new(vif ?? $"vif{domId}.{devId}", domId, devId, MacAddress.Parse(mac), name, null, "br0", null);

    private static VifRegistryState Run(VifRegistryState state, IVifRegistryCommand command, out VifRegistryDecision decision)
    {
        decision = state.Apply(command);
        return decision.Events.Aggregate(state, (s, e) => s.Evolve(e));
    }

    [Fact]
    public void Registering_records_the_vif_once()
    {
        var state = Run(VifRegistryState.Empty, new Register(Vif(5)), out var first);
        Assert.Equal([Vif(5)], first.Events);
        Assert.Equal(new Registered(Vif(5), true), first.Reply);

        Run(state, new Register(Vif(5)), out var again);
        Assert.Empty(again.Events);
        Assert.Equal(new Registered(Vif(5), false), again.Reply);
    }

    [Fact]
    public void A_changed_registration_replaces_the_old_one()
    {
        var state = Run(VifRegistryState.Empty, new Register(Vif(5)), out _);
        state = Run(state, new Register(Vif(5, name: "renamed")), out var decision);
        Assert.Single(decision.Events);
        Assert.Equal("renamed", Assert.Single(state.Vifs).Value.DomainName);
    }

    [Fact]
    public void A_second_live_vif_with_the_same_mac_is_a_conflict()
    {
        var state = Run(VifRegistryState.Empty, new Register(Vif(5)), out _);
        state = Run(state, new Register(Vif(6)), out var decision);

        Assert.Empty(decision.Events);
        var conflict = Assert.IsType<RegistrationConflict>(decision.Reply);
        Assert.Equal(Vif(5), conflict.Holder);
        Assert.Contains("aa:cc:00:00:00:01", conflict.Reason, StringComparison.Ordinal);
        Assert.Contains("vif5.0", conflict.Reason, StringComparison.Ordinal);
        Assert.Single(state.Vifs);
    }

    [Fact]
    public void A_registration_under_a_name_held_by_a_stale_entry_replaces_it()
    {
        var state = Run(VifRegistryState.Empty, new Register(Vif(5, vif: "web0")), out _);
        state = Run(state, new Register(Vif(9, vif: "web0")), out var decision);

        Assert.Equal([new VifForgotten("web0", 5, 0), Vif(9, vif: "web0")], decision.Events);
        Assert.Equal(new VifId(9, 0), Assert.Single(state.Vifs).Key);
    }

    [Fact]
    public void Forgetting_is_idempotent()
    {
        var state = Run(VifRegistryState.Empty, new Register(Vif(5)), out _);
        state = Run(state, new Forget(new VifId(5, 0)), out var first);
        Assert.Equal([new VifForgotten("vif5.0", 5, 0)], first.Events);
        Assert.Equal(new Forgotten(Vif(5)), first.Reply);

        Run(state, new Forget(new VifId(5, 0)), out var again);
        Assert.Empty(again.Events);
        Assert.Equal(new Forgotten(null), again.Reply);
    }

    [Fact]
    public void Offline_before_online_leaves_the_later_online_registered()
    {
        var state = Run(VifRegistryState.Empty, new Forget(new VifId(5, 0)), out _);
        state = Run(state, new Register(Vif(5)), out _);
        Assert.Single(state.Vifs);
    }

    [Fact]
    public void The_listing_is_ordered_by_domid_then_devid()
    {
        var state = VifRegistryState.Empty;
        foreach (var v in new[] { Vif(9, mac: "aa:cc:00:00:00:09"), Vif(5, 1, "aa:cc:00:00:00:51"), Vif(5, 0, "aa:cc:00:00:00:50") })
            state = Run(state, new Register(v), out _);

        var listing = Assert.IsType<RegisteredVifs>(state.Apply(GetVifs.Instance).Reply).Vifs;
        Assert.Equal(["vif5.0", "vif5.1", "vif9.0"], listing.Select(v => v.Vif));
    }

    [Fact]
    public void A_snapshot_restores_the_same_state()
    {
        var state = Run(VifRegistryState.Empty, new Register(Vif(5)), out _);
        state = Run(state, new Register(Vif(6, mac: "aa:cc:00:00:00:06")), out _);

        var restored = VifRegistryState.FromSnapshot(state.ToSnapshot());
        Assert.Equal(state.Vifs.OrderBy(kv => kv.Key.DomId), restored.Vifs.OrderBy(kv => kv.Key.DomId));
    }
}

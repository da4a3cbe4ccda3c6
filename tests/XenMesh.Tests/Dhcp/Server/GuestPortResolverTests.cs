using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using XenMesh.Messages.Values;
using XenMesh.Node.Dhcp.Server;
using XenMesh.Node.Linux;
using static XenMesh.Messages.Vifs.VifRegistryEvents;

namespace XenMesh.Tests.Dhcp.Server;

public sealed class GuestPortResolverTests
{
    private static readonly MacAddress Xen1 = MacAddress.Parse("aa:cc:00:00:00:01");
    private static readonly MacAddress Xen2 = MacAddress.Parse("aa:cc:00:00:00:02");
    private static readonly MacAddress Forged = MacAddress.Parse("02:de:ad:be:ef:01");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<BridgeFdbEntry> _learned = [];
    private readonly List<VifRegistered> _registered = [];
    private int _reads;
    private Exception? _failure;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_registered_guest_is_found_on_its_vif_with_its_domain_name()
    {
        Learn(Xen1, "vif1.0");
        Register("vif1.0", Xen1, "xen1");

        Assert.Equal((new GuestPort("vif1.0", "xen1"), (DhcpDropReason?)null), await Resolver().FindAsync(Xen1, Ct));
    }

    [Fact]
    public async Task A_port_the_registry_does_not_know_is_served_without_a_name()
    {
        Learn(Xen2, "vif2.0");

        Assert.Equal((new GuestPort("vif2.0", null), (DhcpDropReason?)null), await Resolver().FindAsync(Xen2, Ct));
    }

    [Fact]
    public async Task A_chaddr_the_bridge_never_learned_is_refused()
    {
        Learn(Xen1, "vif1.0");

        Assert.Equal(((GuestPort?)null, DhcpDropReason.NotFromGuestPort), await Resolver().FindAsync(Forged, Ct));
    }

    [Fact]
    public async Task A_chaddr_learned_on_a_registered_vif_with_another_backend_mac_is_refused()
    {
        Learn(Xen1, "vif1.0");
        Learn(Forged, "vif1.0");
        Register("vif1.0", Xen1, "xen1");

        Assert.Equal(((GuestPort?)null, DhcpDropReason.ForgedClientAddress), await Resolver().FindAsync(Forged, Ct));
    }

    [Fact]
    public async Task A_snapshot_serves_until_it_is_old_and_a_miss_rereads_at_most_every_refresh_interval()
    {
        var resolver = Resolver();
        Learn(Xen1, "vif1.0");
        await resolver.FindAsync(Xen1, Ct);
        Assert.Equal(1, _reads);

        await resolver.FindAsync(Xen1, Ct);
        await resolver.FindAsync(Forged, Ct);
        Assert.Equal(1, _reads);

        _clock.Advance(GuestPortResolver.MinRefreshInterval);
        Learn(Xen2, "vif2.0");
        Assert.Equal("vif2.0", (await resolver.FindAsync(Xen2, Ct)).Port?.Vif);
        Assert.Equal(2, _reads);
        await resolver.FindAsync(Forged, Ct);
        Assert.Equal(2, _reads);

        _clock.Advance(GuestPortResolver.MaxAge + TimeSpan.FromTicks(1));
        await resolver.FindAsync(Xen1, Ct);
        Assert.Equal(3, _reads);
    }

    [Fact]
    public async Task A_failing_read_keeps_the_last_snapshot()
    {
        var resolver = Resolver();
        Learn(Xen1, "vif1.0");
        await resolver.FindAsync(Xen1, Ct);

        _failure = new LinkCommandException(new ProcessResult("bridge", ["-j", "fdb"], 1, "", "Cannot find device"));
        _clock.Advance(GuestPortResolver.MaxAge + TimeSpan.FromTicks(1));

        Assert.Equal("vif1.0", (await resolver.FindAsync(Xen1, Ct)).Port?.Vif);
        Assert.Equal(DhcpDropReason.NotFromGuestPort, (await resolver.FindAsync(Xen2, Ct)).Refused);
    }

    private GuestPortResolver Resolver() => new(
        _ =>
        {
            _reads++;
            return _failure is null ? Task.FromResult<IReadOnlyList<BridgeFdbEntry>>([.. _learned]) : Task.FromException<IReadOnlyList<BridgeFdbEntry>>(_failure);
        },
        _ => Task.FromResult<IReadOnlyList<VifRegistered>>([.. _registered]),
        _clock,
        Logger.None);

    private void Learn(MacAddress mac, string port) => _learned.Add(new BridgeFdbEntry(mac, port, "br0"));

    private void Register(string vif, MacAddress mac, string? name) =>
        _registered.Add(new VifRegistered(vif, int.Parse(vif[3..vif.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), 0, mac, name, null, "br0", null));
}

using XenMesh.IntegrationTests.Filter;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dhcp;

/// <summary>
/// Protocol-rules L5 with the real agent reading a fake xenstore: <c>vif offline</c> of a destroyed domain
/// releases its lease (and its <c>bound4</c> element); of a domain migrating away it keeps the lease for
/// the destination host.
/// </summary>
public sealed class DomainDepartureTests
{
    private const string Mac = "00:16:3e:00:00:05";

    [Fact]
    public async Task The_lease_of_a_destroyed_domain_is_released_when_its_vif_goes_offline()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, DhcpClientTests.OriginalRange, withXenstore: true);
        dom0.Xenstore!.Write("/local/domain/5/name", "xen1");
        await dom0.StartAgentAsync(ct);
        var guest = await dom0.AddGuestAsync("xen1", 5, Mac, "xen1", ct);
        await using var client = new Udhcpc(guest);
        var address = (await client.StartAsync(ct))["ip"];

        // libxl runs offline before it removes the domain's node; the agent notices the removal afterwards.
        Programs.EnsureSucceeded(await dom0.Agent.CliAsync(ct, "vif", "offline", "-v", guest.Vif, "-p", "backend/vif/5/0"));
        Assert.NotNull(await dom0.LeaseOfAsync(Mac, ct));
        dom0.Xenstore.Remove("/local/domain/5");

        await Eventually.HoldsAsync(
            async () => (await dom0.LeaseOfAsync(Mac, ct) is null, "the lease is still listed"),
            TimeSpan.FromSeconds(30), "the destroyed domain's lease ending", ct);
        Assert.DoesNotContain(address, await BridgeFilterKernel.ListSetAsync(dom0.Dom0, "bound4", ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lease_of_a_domain_migrating_away_is_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dom0 = await DhcpDom0.CreateAsync(ct, DhcpClientTests.OriginalRange, withXenstore: true);
        dom0.Xenstore!.Write("/local/domain/5/name", "xen1");
        await dom0.StartAgentAsync(ct);
        var guest = await dom0.AddGuestAsync("xen1", 5, Mac, "xen1", ct);
        await using var client = new Udhcpc(guest);
        var address = (await client.StartAsync(ct))["ip"];

        // xl migrate: the sender renames its domain, then destroys it, which runs offline on this host.
        dom0.Xenstore.Write("/local/domain/5/name", "xen1--migratedaway");
        Programs.EnsureSucceeded(await dom0.Agent.CliAsync(ct, "vif", "offline", "-v", guest.Vif, "-p", "backend/vif/5/0"));
        await Eventually.HoldsAsync(
            () => Task.FromResult((dom0.Agent.Output.Contains("is migrating away", StringComparison.Ordinal), "not logged yet")),
            TimeSpan.FromSeconds(30), "the agent deciding to keep the lease", ct);
        dom0.Xenstore.Remove("/local/domain/5");

        var lease = await dom0.LeaseOfAsync(Mac, ct);
        Assert.NotNull(lease);
        Assert.Equal(address, lease.Value.GetProperty("address").GetString());
    }
}

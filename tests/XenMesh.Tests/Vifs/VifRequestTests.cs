using XenMesh.Node.Vifs;
using XenMesh.Node.Xen;

namespace XenMesh.Tests.Vifs;

public sealed class VifRequestTests
{
    private const string GuestBridge = "br0";
    private const string Uuid = "6f1c3ea4-0b6e-4a52-9a43-3c5e2d1b7f00";

    [Fact]
    public void A_full_hotplug_online_becomes_a_command()
    {
        var (command, errors) = VifRequest.ParseOnline("vif5.0", "backend/vif/5/0", "AA:CC:00:00:00:01", "xen1--incoming", "br0", Uuid, "1500", GuestBridge);

        Assert.Empty(errors);
        Assert.NotNull(command);
        Assert.Equal(new VifId(5, 0), command.Id);
        Assert.Equal("vif5.0", command.Vif);
        Assert.Equal("aa:cc:00:00:00:01", command.Mac.ToString());
        Assert.Equal("xen1", command.Domain.Label);
        Assert.Equal(Guid.Parse(Uuid), command.Uuid);
        Assert.Equal("br0", command.Bridge);
        Assert.Equal(1500, command.Mtu);
    }

    [Fact]
    public void Without_a_bridge_the_guest_bridge_is_meant()
    {
        var (command, _) = VifRequest.ParseOnline("vif5.0", "backend/vif/5/0", "aa:cc:00:00:00:01", null, null, null, null, GuestBridge);
        Assert.Equal(GuestBridge, command?.Bridge);
        Assert.Null(command?.Mtu);
        Assert.Null(command?.Domain.Label);
    }

    [Fact]
    public void A_custom_vifname_takes_domid_and_devid_from_the_xenbus_path()
    {
        var (command, errors) = VifRequest.ParseOnline("web0", "backend/vif/7/1", "aa:cc:00:00:00:01", "web", null, null, null, GuestBridge);
        Assert.Empty(errors);
        Assert.Equal(new VifId(7, 1), command?.Id);
        Assert.Equal("web0", command?.Vif);
    }

    [Fact]
    public void A_bad_domain_name_loses_the_name_but_not_the_vif()
    {
        var (command, errors) = VifRequest.ParseOnline("vif5.0", "backend/vif/5/0", "aa:cc:00:00:00:01", "xen_1;reboot", null, null, null, GuestBridge);
        Assert.Empty(errors);
        Assert.NotNull(command);
        Assert.Null(command.Domain.Label);
        Assert.NotNull(command.Domain.Problem);
    }

    [Theory]
    [InlineData("vif1.0;reboot", "backend/vif/1/0", "aa:cc:00:00:00:01", null, null, null, "vif1.0;reboot")]
    [InlineData("-x", "backend/vif/1/0", "aa:cc:00:00:00:01", null, null, null, "'-x'")]
    [InlineData("vif1.0 x", "backend/vif/1/0", "aa:cc:00:00:00:01", null, null, null, "'vif1.0 x'")]
    [InlineData("abcdefghijklmnop", "backend/vif/1/0", "aa:cc:00:00:00:01", null, null, null, "abcdefghijklmnop")]
    [InlineData("a/b", "backend/vif/1/0", "aa:cc:00:00:00:01", null, null, null, "'a/b'")]
    [InlineData("a:b", "backend/vif/1/0", "aa:cc:00:00:00:01", null, null, null, "'a:b'")]
    [InlineData("vif0.0", "backend/vif/0/0", "aa:cc:00:00:00:01", null, null, null, "domid 0")]
    [InlineData("vif32752.0", "backend/vif/32752/0", "aa:cc:00:00:00:01", null, null, null, "domid 32752")]
    [InlineData("vif5.0", "backend/vif/6/0", "aa:cc:00:00:00:01", null, null, null, "backend/vif/6/0")]
    [InlineData("vif5.0", "/local/domain/0/backend/vif/5/0", "aa:cc:00:00:00:01", null, null, null, "XENBUS_PATH")]
    [InlineData("vif5.0", "backend/vif/5/0", "01:cc:00:00:00:01", null, null, null, "multicast")]
    [InlineData("vif5.0", "backend/vif/5/0", "00:00:00:00:00:00", null, null, null, "all-zero")]
    [InlineData("vif5.0", "backend/vif/5/0", "aa-cc-00-00-00-01", null, null, null, "MAC 'aa-cc-00-00-00-01'")]
    [InlineData("vif5.0", "backend/vif/5/0", "aa:cc:00:00:00:01", "-br0", null, null, "bridge")]
    [InlineData("vif5.0", "backend/vif/5/0", "aa:cc:00:00:00:01", null, "not-a-uuid", null, "UUID 'not-a-uuid'")]
    [InlineData("vif5.0", "backend/vif/5/0", "aa:cc:00:00:00:01", null, null, "67", "MTU '67'")]
    [InlineData("vif5.0", "backend/vif/5/0", "aa:cc:00:00:00:01", null, null, "1500;reboot", "68..65535")]
    public void Refusals_name_the_value(string vif, string path, string mac, string? bridge, string? uuid, string? mtu, string named)
    {
        var (command, errors) = VifRequest.ParseOnline(vif, path, mac, "xen1", bridge, uuid, mtu, GuestBridge);
        Assert.Null(command);
        Assert.Contains(errors, e => e.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (_, errors) = VifRequest.ParseOnline("vif5.0", "backend/vif/5/0", "nope", null, "a b", "x", "1", GuestBridge);
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Offline_needs_a_consistent_name_and_path()
    {
        Assert.Equal(new VifId(5, 0), VifRequest.ParseOffline("vif5.0", "backend/vif/5/0").Command?.Id);
        Assert.Null(VifRequest.ParseOffline("vif5.0", "backend/vif/4/0").Command);
        Assert.Null(VifRequest.ParseOffline("vif5.0;x", "backend/vif/5/0").Command);
        Assert.Null(VifRequest.ParseOffline("vif5.0", null).Command);
    }
}

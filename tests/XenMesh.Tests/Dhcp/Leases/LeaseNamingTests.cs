using FsCheck.Xunit;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Leases;

namespace XenMesh.Tests.Dhcp.Leases;

public sealed class LeaseNamingTests
{
    [Theory]
    [InlineData("xen1", "xen1")]
    [InlineData("xen1.xen", "xen1")]
    [InlineData("XEN1.Xen", "xen1")]
    [InlineData("xen1.", "xen1")]
    [InlineData("web-2.example.org", "web-2")]
    [InlineData("host\0", "host")]
    [InlineData("host\0\0", "host")]
    [InlineData("9lives", "9lives")]
    public void A_usable_name_gives_its_first_label_lower_cased(string raw, string label) =>
        Assert.Equal(label, LeaseNaming.Sanitize(raw));

    [Theory]
    [InlineData("")]
    [InlineData(".xen")]
    [InlineData("my_pc")]
    [InlineData("my pc")]
    [InlineData("-lead")]
    [InlineData("trail-")]
    [InlineData("caf\u00e9")]
    [InlineData("\u212Aelvin")]
    [InlineData("nul\0inside")]
    [InlineData("host\n")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")]
    public void A_name_that_is_no_rfc_1123_label_is_refused_not_repaired(string raw) =>
        Assert.Null(LeaseNaming.Sanitize(raw));

    [Property]
    public bool A_sanitised_name_is_always_a_lower_case_label(string? raw) =>
        LeaseNaming.Sanitize(raw) is not { } label
        || (DnsLabel.IsValid(label) && !label.Any(char.IsAsciiLetterUpper) && !label.Contains('.', StringComparison.Ordinal));
}

using FsCheck.Fluent;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Xen;

namespace XenMesh.IntegrationTests.Xen;

/// <summary>
/// The vif name rules against the kernel: every name they accept can be created by <c>ip link add</c>
/// in a throw-away namespace and reads back unchanged. Names are drawn from an alphabet that mixes
/// the legal characters with the dangerous ones, so both outcomes are common.
/// </summary>
public sealed class VifNameKernelTests
{
    // Legal characters twice, so that roughly half the short names pass.
    private const string Alphabet = "vif0123456789.-_aZvif0123456789.-_aZ;: /\n$`'é";
    private static readonly VifId Backend = new(5, 0);

    [Fact]
    public async Task Every_accepted_port_name_is_created_by_the_kernel_and_reads_back_unchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = TestPrefix.New();
        await NetworkNamespace.RemoveLeftoversAsync(prefix, ct);
        await using var scratch = await NetworkNamespace.CreateAsync($"{prefix}-names", ct);

        var names = Gen.Choose(1, 17).SelectMany(length => Gen.Elements(Alphabet.ToCharArray()).ArrayOf(length)).Select(c => new string(c));
        var candidates = names.Sample(size: 17, numberOfSamples: 400).Concat(["vif5.0", "vif32751.99999", "abcdefghijklmno", "abcdefghijklmnop", "-x", "vif5.0;reboot"]);
        var accepted = candidates.Distinct(StringComparer.Ordinal).Where(n => VifName.ExplainPortName(n, Backend) is null).ToList();
        Assert.True(accepted.Count >= 50, $"only {accepted.Count} accepted names were generated");

        foreach (var name in accepted)
        {
            await scratch.IpAsync(ct, "link", "add", "name", name, "type", "bridge");
            var link = await scratch.LinkAsync(name, ct);
            Assert.Equal(name, link?.Name);
            await scratch.IpAsync(ct, "link", "del", "dev", name);
        }
    }
}

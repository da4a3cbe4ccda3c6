using System.Text.Json;
using XenMesh.IntegrationTests.Rip;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Routes;

/// <summary>
/// <c>route export</c> from the real agent, each format given to the program that consumes it: the linux
/// lines run by <c>ip</c> in a throw-away namespace build the exported table, and BIRD 2 parses the bird block.
/// </summary>
public sealed class RouteExportConsumerTests
{
    [Fact]
    public async Task The_linux_export_applied_with_ip_gives_the_exported_table_and_bird_parses_the_bird_export()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lan = await RipLan.CreateAsync(ct);
        var agent = await lan.StartAgentAsync(new { enabled = false }, ct);
        var exported = JsonDocument.Parse(Programs.EnsureSucceeded(await agent.CliAsync(ct, "route", "export", "-f", "json")).StandardOutput).RootElement;
        var expected = exported.EnumerateArray().Select(r => (r.GetProperty("subnet").GetString(), r.GetProperty("nextHop").GetString())).ToList();
        Assert.Equal([(RipLan.GuestSubnet, RipLan.Dom0Address)], expected);

        await using var router = await NetworkNamespace.CreateAsync($"{lan.Prefix}-router", ct);
        await router.IpAsync(ct, "link", "add", "name", "lan0", "type", "veth", "peer", "name", "lan1");
        await router.IpAsync(ct, "addr", "add", "192.168.11.254/24", "dev", "lan0");
        await router.IpAsync(ct, "link", "set", "dev", "lan1", "up");
        await router.IpAsync(ct, "link", "set", "dev", "lan0", "up");
        var linux = Programs.EnsureSucceeded(await agent.CliAsync(ct, "route", "export", "-f", "linux")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in linux)
        {
            var words = line.Split(' ');
            Assert.Equal(["ip", "route", "replace"], words[..3]);
            await router.IpAsync(ct, words[1..]);
        }

        var kernel = JsonDocument.Parse((await router.IpAsync(ct, "-j", "route", "show", "proto", "boot")).StandardOutput).RootElement;
        Assert.Equal(expected, kernel.EnumerateArray().Select(r => (r.GetProperty("dst").GetString(), r.GetProperty("gateway").GetString())).ToList());

        var birdConfig = Path.Combine(lan.Folder, "static.conf");
        var bird = Programs.EnsureSucceeded(await agent.CliAsync(ct, "route", "export", "-f", "bird")).StandardOutput;
        await File.WriteAllTextAsync(birdConfig, bird, ct);
        var parsed = await Programs.RunAsync("bird", ["-p", "-c", birdConfig], ct);
        Assert.True(parsed.Succeeded, $"bird -p refused the export:{Environment.NewLine}{bird}{Environment.NewLine}{parsed.StandardError}");
        Assert.Contains($"route {RipLan.GuestSubnet} via {RipLan.Dom0Address};", bird, StringComparison.Ordinal);
    }
}

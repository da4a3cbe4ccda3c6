using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dns;

/// <summary>
/// The DNS server's sockets are bound to the bridge address, not to the bridge: when br0 is deleted and the
/// agent's BridgeActor makes it again with the same address, the same sockets answer again, over UDP and TCP.
/// </summary>
public sealed class DnsBridgeRecreationTests
{
    private const string Server = "192.168.0.254";

    [Fact]
    public async Task After_the_bridge_is_deleted_and_remade_by_the_agent_the_server_answers_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = TestPrefix.New();
        await NetworkNamespace.RemoveLeftoversAsync(prefix, ct);
        var folder = Directory.CreateTempSubdirectory(prefix + "-dnsbridge-").FullName;
        try
        {
            await using var dom0 = await NetworkNamespace.CreateAsync($"{prefix}-dom0", ct);
            await dom0.IpAsync(ct, "link", "add", "name", "br0", "type", "bridge");
            await dom0.IpAsync(ct, "link", "set", "dev", "br0", "up");
            var options = new AgentOptions(dom0, Path.Combine(folder, "state"), prefix)
            {
                Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["XENMESH__BRIDGE__CHECKINTERVAL"] = "00:00:01" },
            };
            await using var agent = await AgentProcess.StartAsync(options, ct);
            var name = $"{prefix}.xen";
            await AnswersAsync(dom0, name, "before", ct);
            Assert.Single(Occurrences(agent.Output, "DNS server listening on"));

            await dom0.IpAsync(ct, "link", "del", "dev", "br0");

            await AnswersAsync(dom0, name, "after the bridge was remade", ct);
            Assert.NotNull(await dom0.LinkAsync("br0", ct));
            Assert.Single(Occurrences(agent.Output, "DNS server listening on"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Waits (generously: the agent's start and the bridge check) until dig gets the dom0's name over UDP and over TCP.</summary>
    private static async Task AnswersAsync(NetworkNamespace from, string name, string when, CancellationToken ct)
    {
        foreach (var transport in (string[])["+notcp", "+tcp"])
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    var dig = await Dig.RunAsync(from, Server, ct, transport, "+time=2", "+short", name);
                    return (dig.Succeeded && dig.StandardOutput.Trim() == Server, dig.StandardOutput + dig.StandardError);
                },
                TimeSpan.FromSeconds(90),
                $"dig {transport} {name} answered {when}",
                ct);
        }
    }

    private static IEnumerable<int> Occurrences(string text, string value)
    {
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            yield return at;
    }
}

using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Persistence;

/// <summary>
/// The agent with <c>persistence.provider = postgresql</c> against a real PostgreSQL 15 server: the
/// vif registry is journaled there (not in a SQLite file) and survives a clean stop and a restart.
/// </summary>
public sealed class PostgreSqlJournalTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task The_vif_registry_survives_a_restart_on_postgresql_and_sigterm_stops_cleanly()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = TestPrefix.New();
        await NetworkNamespace.RemoveLeftoversAsync(prefix, ct);
        var state = Path.Combine(Path.GetTempPath(), prefix);
        await using var dom0 = await NetworkNamespace.CreateAsync($"{prefix}-dom0", ct);
        try
        {
            await dom0.IpAsync(ct, "link", "add", "name", "vif5.0", "type", "veth", "peer", "name", "guest5");
            var options = new AgentOptions(dom0, state, "pghost") { PostgreSqlConnectionString = postgres.ConnectionString };

            await using (var first = await AgentProcess.StartAsync(options, ct))
            {
                Programs.EnsureSucceeded(await first.CliAsync(ct, "vif", "online", "-v", "vif5.0", "-p", "backend/vif/5/0", "-m", "aa:cc:00:00:00:05", "-d", "xen5"));
                Assert.Equal(0, await first.StopAsync(ct));
            }

            await dom0.IpAsync(ct, "link", "set", "dev", "vif5.0", "nomaster");
            await using var second = await AgentProcess.StartAsync(options, ct);
            // The registry recovers from PostgreSQL, then the start-up reconcile re-attaches the port.
            await Eventually.HoldsAsync(async () =>
            {
                var listed = Programs.EnsureSucceeded(await second.CliAsync(ct, "vif", "list")).StandardOutput;
                return (listed.Contains("vif5.0 | dom 5 xen5 | aa:cc:00:00:00:05 | br0 | attached", StringComparison.Ordinal), listed);
            }, TimeSpan.FromSeconds(60), "the recovered vif to be re-attached", ct);
            Assert.Equal("br0", (await dom0.LinkAsync("vif5.0", ct))?.Master);
            Assert.False(File.Exists(Path.Combine(state, "xenmesh.db")), "the journal must be in PostgreSQL, not in a SQLite file");
            Assert.Contains("vr1", await postgres.QueryAsync("SELECT DISTINCT manifest FROM journal WHERE persistence_id = 'v:pghost'", ct));
        }
        finally
        {
            if (Directory.Exists(state))
                Directory.Delete(state, recursive: true);
        }
    }
}

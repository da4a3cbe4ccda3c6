using XenMesh.Cluster.Hosts;
using XenMesh.Node.Configuration;
using XenMesh.Node.Mesh;
using XenMesh.Tests.Cluster;

namespace XenMesh.Tests.Mesh;

/// <summary>
/// The agent's first step with <c>bridge.supernet</c> and no <c>bridge.address</c>, for real: a lone agent's mesh
/// is a cluster of one on loopback, whose supernet registry hands out the lowest /24.
/// </summary>
public sealed class SupernetBootstrapTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-supernet-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_first_start_gets_a_24_from_the_mesh_stores_it_and_a_restart_keeps_it_without_asking()
    {
        var ct = TestContext.Current.CancellationToken;

        var (first, errors) = await SupernetBootstrap.ResolveAsync(Settings("10.77.0.0/16"), ct);

        Assert.Empty(errors);
        Assert.Equal("10.77.0.254/24", first!.Bridge.Address);
        var stored = StoredSubnetFile.Read(_directory);
        Assert.Equal(("kubikal", "10.77.0.0/16", "10.77.0.0/24"), (stored!.HostId, stored.Supernet, stored.Subnet));

        // Edited by hand to a /24 the mesh would never give first: only the file can say it.
        StoredSubnetFile.Write(_directory, stored with { Subnet = "10.77.9.0/24" });
        var (again, _) = await SupernetBootstrap.ResolveAsync(Settings("10.77.0.0/16"), ct);
        Assert.Equal("10.77.9.254/24", again!.Bridge.Address);
    }

    [Fact]
    public async Task A_configured_address_is_used_as_is()
    {
        var settings = Settings("10.77.0.0/16");
        settings.Bridge.Address = "10.77.5.1/24";
        settings.Bridge.AddressGiven = true;

        var (resolved, errors) = await SupernetBootstrap.ResolveAsync(settings, TestContext.Current.CancellationToken);

        Assert.Empty(errors);
        Assert.Equal("10.77.5.1/24", resolved!.Bridge.Address);
        Assert.Null(StoredSubnetFile.Read(_directory));
    }

    [Fact]
    public async Task A_stored_24_outside_the_configured_supernet_is_refused_naming_the_key()
    {
        StoredSubnetFile.Write(_directory, new StoredSubnet("kubikal", "10.77.0.0/16", "10.77.3.0/24", DateTimeOffset.UtcNow));

        var (resolved, errors) = await SupernetBootstrap.ResolveAsync(Settings("10.88.0.0/16"), TestContext.Current.CancellationToken);

        Assert.Null(resolved);
        var error = Assert.Single(errors);
        Assert.Equal("bridge.supernet", error.Key);
        Assert.StartsWith("this host holds 10.77.3.0/24 of 10.77.0.0/16 for host kubikal", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_file_that_does_not_parse_is_refused_naming_the_key()
    {
        await File.WriteAllTextAsync(StoredSubnetFile.PathIn(_directory), "{ not json", TestContext.Current.CancellationToken);

        var (resolved, errors) = await SupernetBootstrap.ResolveAsync(Settings("10.77.0.0/16"), TestContext.Current.CancellationToken);

        Assert.Null(resolved);
        Assert.Equal("bridge.supernet", Assert.Single(errors).Key);
    }

    [Fact]
    public async Task A_first_start_in_a_mesh_whose_supernet_is_taken_is_refused_naming_the_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kubikal = await MeshNode.StartAsync("kubikal", "10.77.0.0/24", [], ct, akka => akka.WithSupernetRegistry(TimeProvider.System));
        await kubikal.AwaitUpAsync(1, ct);
        await Eventually.HoldsAsync(
            () => Task.FromResult((kubikal.Hosts.Current.Hosts.Count == 1, $"{kubikal.Hosts.Current.Hosts.Count} hosts")),
            TimeSpan.FromSeconds(30),
            "kubikal registers its subnet",
            ct);
        var settings = Settings("10.77.0.0/24");
        settings.Host.Id = "rack2";
        settings.Cluster = new ClusterSettings { Hostname = "127.0.0.1", Port = FreeTcpPort(), Seeds = [$"{kubikal.Endpoint.Host}:{kubikal.Endpoint.Port}"] };

        var (resolved, errors) = await SupernetBootstrap.ResolveAsync(settings, ct);

        Assert.Null(resolved);
        Assert.Equal(
            "bridge.supernet: '10.77.0.0/24' is exhausted: no /24 of 10.77.0.0/24 is free; taken: 10.77.0.0/24 (kubikal)",
            Assert.Single(errors).ToString());
        Assert.Null(StoredSubnetFile.Read(_directory));
    }

    // The agent refuses cluster.port 0 (other hosts' seed lists could not name it); the short-lived member needs a real one.
    private static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private XenMeshSettings Settings(string supernet) => new()
    {
        Host = new HostSettings { Id = "kubikal", StateDirectory = _directory },
        Bridge = new BridgeSettings { Supernet = supernet },
    };
}

namespace XenMesh.Tests.Cluster;

/// <summary>Three members on loopback: kubikal (the seed), rack2 and rack3, all up before any test runs.</summary>
public sealed class MeshFixture : IAsyncLifetime
{
    internal MeshNode Kubikal { get; private set; } = null!;

    internal MeshNode Rack2 { get; private set; } = null!;

    internal MeshNode Rack3 { get; private set; } = null!;

    internal IReadOnlyList<MeshNode> All => [Kubikal, Rack2, Rack3];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Kubikal = await MeshNode.StartAsync("kubikal", "192.168.0.0/24", [], ct);
        await Kubikal.AwaitUpAsync(1, ct);
        Rack2 = await MeshNode.StartAsync("rack2", "192.168.1.0/24", [Kubikal.Endpoint], ct);
        Rack3 = await MeshNode.StartAsync("rack3", "192.168.0.0/25", [Kubikal.Endpoint], ct);
        foreach (var node in All)
            await node.AwaitUpAsync(3, ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in new[] { Rack3, Rack2, Kubikal })
        {
            if (node is not null)
                await node.DisposeAsync();
        }
    }
}

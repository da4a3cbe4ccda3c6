namespace XenMesh.IntegrationTests.TestHost;

/// <summary>
/// The network of a dom0 without Xen: namespace <c>&lt;prefix&gt;-dom0</c> with the guest bridge
/// <see cref="Bridge"/> up, and <c>&lt;prefix&gt;-guest</c> holding the guest ends of the vifs (veth
/// pairs whose dom0 end is named like a netback vif). Leftovers of the prefix are removed first;
/// disposing deletes both namespaces and everything in them.
/// </summary>
internal sealed class Dom0Network : IAsyncDisposable
{
    public const string Bridge = "br0";

    private NetworkNamespace? _dom0;
    private NetworkNamespace? _guest;

    private Dom0Network()
    {
    }

    public NetworkNamespace Dom0 => _dom0 ?? throw new InvalidOperationException("the dom0 network is not set up");

    public NetworkNamespace Guest => _guest ?? throw new InvalidOperationException("the dom0 network is not set up");

    public static async Task<Dom0Network> CreateAsync(string prefix, CancellationToken ct)
    {
        await NetworkNamespace.RemoveLeftoversAsync(prefix, ct);
        var network = new Dom0Network();
        try
        {
            network._dom0 = await NetworkNamespace.CreateAsync($"{prefix}-dom0", ct);
            network._guest = await NetworkNamespace.CreateAsync($"{prefix}-guest", ct);
            await network.Dom0.IpAsync(ct, "link", "add", "name", Bridge, "type", "bridge");
            await network.Dom0.IpAsync(ct, "link", "set", "dev", Bridge, "up");
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>What netback leaves before the hotplug script runs: <paramref name="vif"/>, down and on no bridge, its peer <paramref name="guestEnd"/> in the guest namespace.</summary>
    public Task AddVifAsync(string vif, string guestEnd, CancellationToken ct) =>
        Dom0.IpAsync(ct, "link", "add", "name", vif, "type", "veth", "peer", "name", guestEnd, "netns", Guest.Name);

    public async ValueTask DisposeAsync()
    {
        if (_guest is not null)
            await _guest.DisposeAsync();
        if (_dom0 is not null)
            await _dom0.DisposeAsync();
    }
}

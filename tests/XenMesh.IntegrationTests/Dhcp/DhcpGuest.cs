using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dhcp;

/// <summary>A guest: its own namespace whose <c>eth0</c> (with the guest's MAC) is the peer of vif <see cref="Vif"/> on the dom0's bridge.</summary>
internal sealed record DhcpGuest(string Name, NetworkNamespace Namespace, string Vif, string Mac, string Folder, ClientEvents Events)
{
    public const string Interface = "eth0";

    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits for the first event named one of <paramref name="names"/> after the first <paramref name="after"/>
    /// events; fails early with the client's output when the client exits first. <paramref name="timeout"/>
    /// defaults to 60 s.
    /// </summary>
    public async Task<ClientEvent> WaitForEventAsync(int after, BackgroundProcess client, string[] names, CancellationToken ct, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ClientEvent? found = null;
        await Eventually.HoldsAsync(() =>
        {
            found = Events.Find(after, names);
            if (found is null && client.HasExited)
                Assert.Fail($"the DHCP client in {Namespace.Name} exited with {client.ExitCode} before {string.Join("/", names)}; events [{Seen(after)}]; output:{Environment.NewLine}{client.Output}");
            return Task.FromResult((found is not null, $"events [{Seen(after)}]; output:{Environment.NewLine}{client.Output}"));
        }, timeout ?? EventTimeout, $"a {string.Join("/", names)} event in {Namespace.Name}", ct);
        return found!;
    }

    private string Seen(int after) => string.Join(", ", Events.All().Skip(after).Select(e => e.Name));
}

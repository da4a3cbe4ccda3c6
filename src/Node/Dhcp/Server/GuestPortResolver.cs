using System.Collections.Frozen;
using Serilog;
using XenMesh.Messages.Values;
using XenMesh.Node.Linux;
using static XenMesh.Messages.Vifs.VifRegistryEvents;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>
/// Finds the guest port a DHCP client sits behind. A UDP socket only sees the bridge (IP_PKTINFO gives the
/// bridge's ifindex, never the port), so the port comes from the bridge's forwarding database: learning
/// happens before local delivery, so the client's Ethernet source is in it by the time its packet is read.
/// It is looked up by <c>chaddr</c>, which on a guest port must equal that source; a <c>chaddr</c> the bridge
/// never saw on a port is forged (or not from a guest) and is refused. The vif registry then names the
/// guest, and refuses a <c>chaddr</c> that differs from a registered vif's backend MAC. Both sources are
/// read together into a snapshot that is reused for <see cref="MaxAge"/>, refreshed on a miss at most every
/// <see cref="MinRefreshInterval"/> (so a flood of unknown addresses costs a bounded number of reads), and
/// concurrent refreshes share one read.
/// </summary>
internal sealed class GuestPortResolver(
    Func<CancellationToken, Task<IReadOnlyList<BridgeFdbEntry>>> learnedAddresses,
    Func<CancellationToken, Task<IReadOnlyList<VifRegistered>>> registeredVifs,
    TimeProvider time,
    ILogger logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private Snapshot _snapshot = Snapshot.Empty;
    private Task<Snapshot>? _refreshing;
    private bool _failing;

    /// <summary>The port of <paramref name="mac"/>, or why the client is refused.</summary>
    public async Task<(GuestPort? Port, DhcpDropReason? Refused)> FindAsync(MacAddress mac, CancellationToken ct)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var age = time.GetUtcNow() - snapshot.TakenAt;
        if (age > MaxAge || (!snapshot.Ports.ContainsKey(mac) && age >= MinRefreshInterval))
            snapshot = await RefreshAsync().WaitAsync(ct).ConfigureAwait(false);

        if (!snapshot.Ports.TryGetValue(mac, out var port))
            return (null, DhcpDropReason.NotFromGuestPort);
        if (!snapshot.Vifs.TryGetValue(port, out var vif))
            return (new GuestPort(port, null), null);
        return vif.Mac == mac ? (new GuestPort(port, vif.DomainName), null) : (null, DhcpDropReason.ForgedClientAddress);
    }

    private Task<Snapshot> RefreshAsync()
    {
        lock (_gate)
        {
            if (_refreshing is { IsCompleted: false } running)
                return running;
            return _refreshing = ReadAsync();
        }
    }

    private async Task<Snapshot> ReadAsync()
    {
        var takenAt = time.GetUtcNow();
        try
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            var learned = await learnedAddresses(timeout.Token).ConfigureAwait(false);
            var vifs = await registeredVifs(timeout.Token).ConfigureAwait(false);
            var snapshot = new Snapshot(
                takenAt,
                learned.GroupBy(e => e.Mac).ToFrozenDictionary(g => g.Key, g => g.Last().Port),
                vifs.GroupBy(v => v.Vif, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal));
            Volatile.Write(ref _snapshot, snapshot);
            if (_failing)
                logger.Information("DHCP: the bridge's learned addresses and the vif registry are readable again");
            _failing = false;
            return snapshot;
        }
        catch (Exception e) when (e is LinkCommandException or OperationCanceledException or TimeoutException or Akka.Actor.AskTimeoutException)
        {
            // Keep serving from what was known; log the first failure of a series only.
            if (!_failing)
                logger.Warning(e, "DHCP: cannot read the bridge's learned addresses or the vif registry; clients on unknown ports get no answer");
            _failing = true;
            var stale = Volatile.Read(ref _snapshot) with { TakenAt = takenAt };
            Volatile.Write(ref _snapshot, stale);
            return stale;
        }
    }

    private sealed record Snapshot(DateTimeOffset TakenAt, FrozenDictionary<MacAddress, string> Ports, FrozenDictionary<string, VifRegistered> Vifs)
    {
        public static readonly Snapshot Empty = new(
            DateTimeOffset.MinValue,
            FrozenDictionary<MacAddress, string>.Empty,
            FrozenDictionary<string, VifRegistered>.Empty);
    }
}

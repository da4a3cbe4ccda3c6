using System.Diagnostics.Metrics;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// The pool's counters, published through <see cref="System.Diagnostics.Metrics"/> so any exporter
/// (dotnet-counters, OpenTelemetry) can read them.
/// </summary>
internal static class LeasePoolMetrics
{
    public const string MeterName = "XenMesh.Dhcp.Leases";

    /// <summary>Requests dropped by an abuse limit or a full pool; tags <c>pool</c> (persistence id) and <c>reason</c>.</summary>
    public const string DroppedName = "xenmesh.dhcp.leases.dropped";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>(DroppedName, unit: "{request}", description: "DHCP requests the lease pool dropped instead of answering");
}

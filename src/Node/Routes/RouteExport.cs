using System.Text.Json;

namespace XenMesh.Node.Routes;

/// <summary>
/// Renders a <see cref="RouteTable"/> as static configuration for gateways that speak no RIP. The
/// platform formats carry only the live routes: a withdrawn route is one the gateway must not have.
/// Host ids are RFC 1123 labels and subnets and addresses are parsed values, so nothing here can
/// inject syntax into the output.
/// </summary>
public static class RouteExport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The names <c>route export -f</c> accepts, in the order help lists them.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["linux", "openwrt", "routeros", "bird", "json"];

    public static bool TryParseFormat(string? name, out RouteExportFormat format)
    {
        format = name switch
        {
            "linux" => RouteExportFormat.Linux,
            "openwrt" => RouteExportFormat.OpenWrt,
            "routeros" => RouteExportFormat.RouterOs,
            "bird" => RouteExportFormat.Bird,
            "json" => RouteExportFormat.Json,
            _ => (RouteExportFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    /// <summary>The table in <paramref name="format"/>, as lines to print.</summary>
    /// <param name="table">The routes.</param>
    /// <param name="format">The platform.</param>
    /// <param name="lanInterface">OpenWrt's logical interface the routes leave through.</param>
    public static IReadOnlyList<string> Render(RouteTable table, RouteExportFormat format, string lanInterface = "lan")
    {
        ArgumentNullException.ThrowIfNull(table);
        var live = table.Live.ToList();
        return format switch
        {
            RouteExportFormat.Linux => [.. live.Select(r => $"ip route replace {r.Subnet} via {r.NextHop}")],
            RouteExportFormat.OpenWrt => [.. live.SelectMany(r => OpenWrt(r, lanInterface))],
            RouteExportFormat.RouterOs => [.. live.Select(r => $"/ip route add dst-address={r.Subnet} gateway={r.NextHop} comment=\"xenmesh {r.Host}\"")],
            RouteExportFormat.Bird => Bird(live),
            RouteExportFormat.Json => JsonSerializer.Serialize(table.Routes.Select(RouteJson.From), JsonOptions).Split('\n'),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown export format"),
        };
    }

    private static IEnumerable<string> OpenWrt(DesiredRoute route, string lanInterface)
    {
        yield return $"config route 'xenmesh_{route.Host.Replace('-', '_')}'";
        yield return $"\toption interface '{lanInterface}'";
        yield return $"\toption target '{route.Subnet.NetworkAddress}'";
        yield return $"\toption netmask '{route.Subnet.MaskAddress}'";
        yield return $"\toption gateway '{route.NextHop}'";
        yield return string.Empty;
    }

    private static List<string> Bird(List<DesiredRoute> live)
    {
        var lines = new List<string> { "protocol static xenmesh {", "\tipv4;" };
        lines.AddRange(live.Select(r => $"\troute {r.Subnet} via {r.NextHop}; # {r.Host}"));
        lines.Add("}");
        return lines;
    }
}

/// <summary>One route as <c>route export -f json</c> and <c>route show -j</c> print it.</summary>
public sealed record RouteJson(string Subnet, string NextHop, string Host, bool Withdrawn)
{
    public static RouteJson From(DesiredRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return new RouteJson(route.Subnet.ToString(), route.NextHop.ToString(), route.Host, route.Withdrawn);
    }
}

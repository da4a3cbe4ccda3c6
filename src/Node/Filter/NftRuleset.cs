using System.Globalization;
using System.Text;

namespace XenMesh.Node.Filter;

/// <summary>
/// The nft scripts for the <c>bridge xenmesh</c> table (protocol-rules B3). Every script is one
/// <c>nft -f</c> transaction: the kernel applies all of it or none. Only elements that passed
/// <see cref="FilterElementRules"/> may be rendered. No other table is ever named.
/// </summary>
public static class NftRuleset
{
    public const string Family = "bridge";
    public const string Table = "xenmesh";
    public const string DefaultPortPrefix = "vif";

    /// <summary>
    /// Rules as in protocol-rules.md §3. Scoped by port name, not <c>meta ibrname</c>, which needs
    /// <c>nft_meta_bridge</c> (missing on the CI kernel).
    /// </summary>
    public const string TableBody = """
            set guest_ports { type ifname; }
            set port_mac { type ifname . ether_addr; }
            set port_chaddr { typeof meta iifname . @ih,224,48; }
            set bound4 { type ifname . ether_addr . ipv4_addr; }
            chain prerouting {
                type filter hook prerouting priority filter; policy accept;
                iifname "vif*" jump guest_port
                iifname @guest_ports jump guest_port
            }
            chain guest_port {
                meta iifname . ether saddr != @port_mac counter drop
                udp sport { 67, 547 } counter drop
                icmpv6 type nd-router-advert counter drop
                udp sport 68 udp dport 67 meta iifname . @ih,224,48 != @port_chaddr counter drop
                ip saddr 0.0.0.0 udp sport 68 udp dport 67 accept
                arp saddr ip 0.0.0.0 accept
                meta iifname . arp saddr ether . arp saddr ip @bound4 accept
                meta iifname . ether saddr . ip saddr @bound4 accept
                counter drop
            }
        """;

    /// <summary>
    /// Replaces the table, whatever an older agent left, with the rules and exactly these elements. The
    /// <c>add table</c> first makes the <c>delete</c> valid when there is no table yet (nft 1.0.6 has no
    /// <c>destroy</c>); the old rules stay in force until the transaction commits.
    /// </summary>
    public static string Install(IEnumerable<FilterPort> ports, IEnumerable<FilterBinding> bindings)
    {
        var portList = ports.ToList();
        var script = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"add table {Family} {Table}\n")
            .Append(CultureInfo.InvariantCulture, $"delete table {Family} {Table}\n")
            .Append(CultureInfo.InvariantCulture, $"table {Family} {Table} {{\n{TableBody}\n}}\n");
        AppendElements(script, "add", portList, bindings.ToList());
        return script.ToString();
    }

    /// <summary>Removes the given elements, then adds the others, in one transaction; null when there is nothing to do.</summary>
    public static string? Change(FilterChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.IsEmpty)
            return null;
        var script = new StringBuilder();
        AppendElements(script, "delete", change.RemovedPorts, change.RemovedBindings);
        AppendElements(script, "add", change.AddedPorts, change.AddedBindings);
        return script.ToString();
    }

    /// <summary>Deletes the table; for tests and operators, never called by the agent (fail closed).</summary>
    public static string Remove() => $"delete table {Family} {Table}\n";

    public static string PortMacElement(FilterPort port) => $"\"{port.Vif}\" . {port.Mac}";

    public static string PortChaddrElement(FilterPort port) => $"\"{port.Vif}\" . 0x{port.Mac.ToString().Replace(":", string.Empty, StringComparison.Ordinal)}";

    public static string GuestPortElement(FilterPort port) => $"\"{port.Vif}\"";

    public static string BindingElement(FilterBinding binding) => $"\"{binding.Vif}\" . {binding.Mac} . {binding.Address}";

    private static void AppendElements(StringBuilder script, string verb, IReadOnlyCollection<FilterPort> ports, IReadOnlyCollection<FilterBinding> bindings)
    {
        AppendSet(script, verb, "port_mac", ports.Select(PortMacElement));
        AppendSet(script, verb, "port_chaddr", ports.Select(PortChaddrElement));
        AppendSet(script, verb, "guest_ports", ports.Where(p => p.NeedsGuestPortsElement).Select(GuestPortElement));
        AppendSet(script, verb, "bound4", bindings.Select(BindingElement));
    }

    private static void AppendSet(StringBuilder script, string verb, string set, IEnumerable<string> elements)
    {
        var list = elements.ToList();
        if (list.Count == 0)
            return;
        script.Append(CultureInfo.InvariantCulture, $"{verb} element {Family} {Table} {set} {{ ")
            .AppendJoin(", ", list)
            .Append(" }\n");
    }
}

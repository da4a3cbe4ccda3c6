using XenMesh.Messages.Leases;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// The identity a lease belongs to. On a guest port it is the MAC: the bridge only lets the vif's backend
/// MAC through as <c>chaddr</c>, so it names the guest's interface (protocol-rules L3), while option 61 is
/// the guest's to choose and is only recorded and echoed (D13); a reinstalled guest with a new client-id
/// thus keeps its address. For requests relayed with <c>giaddr</c> there is no vif and many clients may
/// share one relay, so it is option 61 when present, else the MAC (RFC 2131 §4.2).
/// </summary>
internal readonly record struct ClientKey(string Value)
{
    public static ClientKey Of(LeaseClient client) => Of(client.Mac.ToString(), client.ClientId, client.Vif);

    public static ClientKey Of(LeaseEvents.LeaseCommitted lease) => Of(lease.Mac.ToString(), lease.ClientId, lease.Vif);

    public static ClientKey Of(LeaseEvents.AddressDeclined declined) => Of(declined.Mac.ToString(), declined.ClientId, declined.Vif);

    private static ClientKey Of(string mac, string? clientId, string? vif) =>
        vif is not null || clientId is null ? new ClientKey("m:" + mac) : new ClientKey("c:" + clientId);
}

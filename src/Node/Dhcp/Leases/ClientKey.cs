using XenMesh.Messages.Leases;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// The identity a lease belongs to; exactly one of the two is set. On a guest port it is the MAC: the
/// bridge only lets the vif's backend MAC through as <c>chaddr</c>, so it names the guest's interface
/// (protocol-rules L3), while option 61 is the guest's to choose and is only recorded and echoed (D13); a
/// reinstalled guest with a new client-id thus keeps its address. For requests relayed with <c>giaddr</c>
/// there is no vif and many clients may share one relay, so it is option 61 when present, else the MAC
/// (RFC 2131 §4.2).
/// </summary>
internal readonly record struct ClientKey(MacAddress? Mac, string? ClientId)
{
    public static ClientKey Of(LeaseClient client) => Of(client.Mac, client.ClientId, client.Vif);

    public static ClientKey Of(LeaseEvents.LeaseCommitted lease) => Of(lease.Mac, lease.ClientId, lease.Vif);

    private static ClientKey Of(MacAddress mac, string? clientId, string? vif) =>
        vif is not null || clientId is null ? new ClientKey(mac, null) : new ClientKey(null, clientId);
}

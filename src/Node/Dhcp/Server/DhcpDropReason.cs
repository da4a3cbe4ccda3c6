namespace XenMesh.Node.Dhcp.Server;

/// <summary>
/// Why the server dropped a well-formed packet without asking the lease pool (malformed packets are
/// counted by <see cref="Codec.DhcpFormatError"/> instead). <c>dhcp stats</c> prints each by name.
/// </summary>
public enum DhcpDropReason
{
    /// <summary><c>op</c> is not BOOTREQUEST: a server's message on the guest bridge.</summary>
    NotBootRequest,

    /// <summary><c>htype</c> is not 1 or <c>hlen</c> is not 6: not an Ethernet client (D2).</summary>
    NotEthernet,

    /// <summary>The first six octets of <c>chaddr</c> are zero or a multicast address: no client's.</summary>
    BadHardwareAddress,

    /// <summary><c>hops</c> is set on a packet that no relay forwarded, or above 16 on a relayed one.</summary>
    BadHops,

    /// <summary><c>giaddr</c> is not a host address of the bridge subnet other than the bridge's own: no relay of ours.</summary>
    ForeignRelay,

    /// <summary>No option 53: BOOTP, which XenMesh does not serve (D3).</summary>
    Bootp,

    /// <summary>A server's message type (OFFER, ACK, NAK) or an unknown one.</summary>
    NotClientMessage,

    /// <summary>A REQUEST, DECLINE, RELEASE or INFORM without the address its client state requires.</summary>
    IncompleteRequest,

    /// <summary>A renewal naming another server's identifier: not ours to answer.</summary>
    OtherServer,

    /// <summary><c>chaddr</c> is no address the bridge learned on a port: forged, or not from a guest port.</summary>
    NotFromGuestPort,

    /// <summary><c>chaddr</c> came in on a registered vif whose backend MAC is another one (D2).</summary>
    ForgedClientAddress,

    /// <summary>Too many requests in flight: the pool is behind; the client retries.</summary>
    Overloaded,

    /// <summary>The lease pool did not answer in time (its journal is slow or failing); the client retries.</summary>
    PoolTimeout,

    /// <summary>The pool answered, but more replies waited to be sent than <see cref="ReplyPacer{T}.MaxQueued"/>; the client retries.</summary>
    ReplyQueueFull,
}

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>Option 81 flags (RFC 4702 §2.1); the upper four bits must be zero but are kept as received.</summary>
[Flags]
public enum ClientFqdnFlagBits : byte
{
    None = 0,

    /// <summary>S: the server should perform the A record update (from a client), or will (from a server).</summary>
    ServerUpdate = 0x01,

    /// <summary>O: the server overrode the client's S = 0 (server only).</summary>
    Override = 0x02,

    /// <summary>E: the name is in canonical wire format rather than ASCII.</summary>
    Encoded = 0x04,

    /// <summary>N: the server must not perform any DNS update.</summary>
    NoServerUpdate = 0x08,
}

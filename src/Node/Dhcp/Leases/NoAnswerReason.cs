namespace XenMesh.Node.Dhcp.Leases;

/// <summary>Why the pool tells the DHCP server to send nothing.</summary>
public enum NoAnswerReason
{
    /// <summary>SELECTING with another server's identifier: the client chose another server; our offer is dropped.</summary>
    NotSelected,

    /// <summary>INIT-REBOOT or REBINDING for an address the pool knows nothing about, and it is not authoritative.</summary>
    NotAuthoritative,

    /// <summary>The RELEASE was journaled (RELEASE has no reply).</summary>
    Released,

    /// <summary>The DECLINE was journaled and the address quarantined (DECLINE has no reply).</summary>
    Declined,

    /// <summary>RELEASE or DECLINE of an address the client does not hold: ignored.</summary>
    NotHolder,

    /// <summary>The vif's request token bucket is empty: dropped and counted.</summary>
    RateLimited,

    /// <summary>The vif already holds its allowance of offered and bound addresses: dropped and counted.</summary>
    VifLeaseLimit,

    /// <summary>The vif already holds its allowance of quarantined addresses: the DECLINE is dropped and counted.</summary>
    QuarantineLimit,

    /// <summary>No free address in the range: dropped, counted and logged once per episode.</summary>
    PoolExhausted,
}

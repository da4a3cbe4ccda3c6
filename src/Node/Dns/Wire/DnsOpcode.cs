namespace XenMesh.Node.Dns.Wire;

/// <summary>The header's 4-bit OPCODE.</summary>
public enum DnsOpcode
{
    Query = 0,
    InverseQuery = 1,
    Status = 2,
    Notify = 4,
    Update = 5,
}

namespace XenMesh.Node.Dns.Wire;

/// <summary>RCODE values; above 15 the upper 8 bits live in the OPT record (RFC 6891 §6.1.3).</summary>
public enum DnsResponseCode
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16,
}

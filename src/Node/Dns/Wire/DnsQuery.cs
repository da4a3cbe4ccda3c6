namespace XenMesh.Node.Dns.Wire;

/// <summary>
/// The parts of a query a server answers from, read by <see cref="DnsQueryReader"/> without allocating.
/// <see cref="Name"/> is the question name decompressed into the caller's buffer, in the case it was sent.
/// </summary>
public readonly ref struct DnsQuery
{
    public DnsQuery(DnsHeader header, ReadOnlySpan<byte> name, DnsRecordType type, DnsClass @class, EdnsQueryInfo edns)
    {
        Header = header;
        Name = name;
        Type = type;
        Class = @class;
        Edns = edns;
    }

    public DnsHeader Header { get; }

    /// <summary>The question name in uncompressed wire form, the root label included, letter case as received.</summary>
    public ReadOnlySpan<byte> Name { get; }

    public DnsRecordType Type { get; }

    public DnsClass Class { get; }

    /// <summary>What the query's OPT record said; <see cref="EdnsQueryInfo.Present"/> is false without one.</summary>
    public EdnsQueryInfo Edns { get; }
}

/// <summary>The OPT fields of a query that shape the response (options are checked for overruns and otherwise ignored).</summary>
/// <param name="Present">The query had an OPT record.</param>
/// <param name="UdpPayloadSize">The requestor's UDP payload size as sent.</param>
/// <param name="Version">The EDNS version.</param>
/// <param name="DnssecOk">The DO bit, which the response copies (protocol-rules E4).</param>
public readonly record struct EdnsQueryInfo(bool Present, ushort UdpPayloadSize, byte Version, bool DnssecOk)
{
    /// <summary>The largest UDP response this requestor takes from XenMesh: 512 without EDNS, else its size floored at 512 and capped at 1232 (E5).</summary>
    public int MaxUdpResponse => Present ? Math.Clamp((int)UdpPayloadSize, DnsLimits.ClassicUdpPayload, DnsLimits.MaxUdpPayload) : DnsLimits.ClassicUdpPayload;
}

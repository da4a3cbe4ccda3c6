using XenMesh.Node.Dns.Wire;

namespace XenMesh.Fuzz.Dns;

/// <summary>
/// The DNS wire layer's contract on hostile input: the full parser throws nothing but
/// <see cref="DnsFormatException"/>, the server's query reader throws nothing and accepts nothing the
/// full parser rejects, and what parses writes back to a message that parses the same. Any other
/// exception is a finding.
/// </summary>
internal static class DnsFuzzTarget
{
    private static readonly byte[] NameBuffer = new byte[DnsLimits.MaxNameLength];

    public static void Run(ReadOnlySpan<byte> input)
    {
        DnsMessage? message = null;
        try
        {
            message = DnsMessageParser.Parse(input);
        }
        catch (DnsFormatException)
        {
            // Rejected: the expected outcome for most inputs.
        }

        if (DnsQueryReader.TryRead(input, NameBuffer, out _) == DnsFormatError.None && message is null)
            throw new InvalidOperationException("the query reader accepted a message the full parser rejects");
        if (message is not null && DnsMessageParser.Parse(DnsMessageWriter.Write(message)) != message)
            throw new InvalidOperationException("a parsed message did not survive re-writing");
    }
}

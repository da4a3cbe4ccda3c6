using System.Globalization;
using System.Text.RegularExpressions;

namespace XenMesh.IntegrationTests.Dhcp;

/// <summary>One exchange's statistics from perfdhcp's final report (<c>***Statistics for: REQUEST-ACK***</c>).</summary>
internal sealed record PerfdhcpExchange(long Sent, long Received, long Drops, long Orphans, long RejectedLeases, long NonUniqueAddresses, double AverageDelayMs);

/// <summary>A lease perfdhcp received (<c>-x l</c>): the client's MAC and the address.</summary>
internal sealed record PerfdhcpLease(string Mac, string Address);

/// <summary>perfdhcp's final report, parsed; <see cref="Acked"/> needs <c>-x l</c>.</summary>
internal sealed partial record PerfdhcpReport(PerfdhcpExchange DiscoverOffer, PerfdhcpExchange RequestAck, IReadOnlyList<PerfdhcpLease> Acked)
{
    public static PerfdhcpReport Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new PerfdhcpReport(Exchange(output, "DISCOVER-OFFER"), Exchange(output, "REQUEST-ACK"), Leases(output, "REQUEST-ACK"));
    }

    /// <summary>The <c>client_id,address,prefix</c> lines under <c>***Leases for NAME***</c>; perfdhcp's client id is 01 and the MAC.</summary>
    private static List<PerfdhcpLease> Leases(string output, string name)
    {
        var start = output.IndexOf($"***Leases for {name}***", StringComparison.Ordinal);
        if (start < 0)
            return [];
        var leases = new List<PerfdhcpLease>();
        foreach (var line in output[start..].Split('\n').Skip(2))
        {
            var fields = line.Trim().Split(',');
            if (fields.Length < 2 || fields[0].Length != 14 || !fields[0].StartsWith("01", StringComparison.Ordinal))
                break;
            var mac = string.Join(':', fields[0][2..].Chunk(2).Select(c => new string(c)));
            leases.Add(new PerfdhcpLease(mac, fields[1]));
        }

        return leases;
    }

    private static PerfdhcpExchange Exchange(string output, string name)
    {
        var start = output.IndexOf($"***Statistics for: {name}***", StringComparison.Ordinal);
        if (start < 0)
            throw new FormatException($"perfdhcp printed no statistics for {name}:{Environment.NewLine}{output}");
        var end = output.IndexOf("***Statistics for:", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? output[start..] : output[start..end];
        return new PerfdhcpExchange(
            Number(section, "sent packets"),
            Number(section, "received packets"),
            Number(section, "drops"),
            Number(section, "orphans"),
            Number(section, "rejected leases"),
            Number(section, "non unique addresses"),
            double.Parse(Value(section, "avg delay").Replace(" ms", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture));
    }

    private static long Number(string section, string key) => long.Parse(Value(section, key), CultureInfo.InvariantCulture);

    private static string Value(string section, string key)
    {
        var match = Line().Matches(section).FirstOrDefault(m => m.Groups["key"].Value == key)
            ?? throw new FormatException($"no '{key}' in:{Environment.NewLine}{section}");
        return match.Groups["value"].Value.Trim();
    }

    [GeneratedRegex(@"^(?<key>[a-z ]+): (?<value>.+)$", RegexOptions.Multiline)]
    private static partial Regex Line();
}

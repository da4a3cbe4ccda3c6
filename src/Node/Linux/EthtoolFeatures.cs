namespace XenMesh.Node.Linux;

/// <summary>The offload features of one device as <c>ethtool -k DEV</c> lists them.</summary>
public sealed class EthtoolFeatures
{
    private readonly Dictionary<string, bool> _enabled;

    private EthtoolFeatures(Dictionary<string, bool> enabled) => _enabled = enabled;

    /// <summary>The aggregate <c>tx-checksumming</c> line: on when any tx checksum offload is on.</summary>
    public bool TxChecksumming => IsEnabled("tx-checksumming");

    public bool IsEnabled(string feature) =>
        _enabled.TryGetValue(feature, out var on)
            ? on
            : throw new KeyNotFoundException($"ethtool did not report feature '{feature}'");

    /// <summary>
    /// Parses <c>name: on|off</c> lines, each optionally followed by <c>[fixed]</c> or
    /// <c>[requested on]</c>; the <c>Features for DEV:</c> header and sub-feature indentation are skipped.
    /// </summary>
    public static EthtoolFeatures Parse(string text)
    {
        var enabled = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                continue;
            var value = line[(colon + 1)..].TrimStart();
            var on = value.StartsWith("on", StringComparison.Ordinal);
            if (on || value.StartsWith("off", StringComparison.Ordinal))
                enabled[line[..colon]] = on;
        }

        return new EthtoolFeatures(enabled);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using XenMesh.Messages.Values;

namespace XenMesh.Node.Configuration;

/// <summary>The <c>cluster</c> section's rules, called by <see cref="SettingsValidator.Validate"/>.</summary>
public static class ClusterSettingsValidator
{
    public static void Validate(XenMeshSettings s, Action<string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(fail);
        if (s.Cluster is not { } c)
            return;

        if (c.Port is < 0 or > 65535)
            fail("cluster.port", $"{c.Port} is not a TCP port (0-65535, 0 picks a free one)");
        if (c.Hostname is { } hostname)
        {
            if (!Ipv4Interface.TryParseAddress(hostname, out var address))
                fail("cluster.hostname", $"'{hostname}' is not an IPv4 address");
            else if (address.Equals(System.Net.IPAddress.Any))
                fail("cluster.hostname", "the wildcard address cannot be advertised to other hosts");
        }
        else if (s.Lan.Address is null)
        {
            fail("cluster.hostname", "required when lan.address is not set (the cluster address defaults to it)");
        }

        for (var i = 0; i < c.Seeds.Count; i++)
        {
            if (ParseSeed(c.Seeds[i]) is { Error: { } error })
                fail($"cluster.seeds.{i}", error);
        }

        if (c.Seeds.Count > 0 && c.Port == 0)
            fail("cluster.port", "0 picks a random port, which other hosts' seed lists cannot name");
        CheckSpan("cluster.heartbeatPause", c.HeartbeatPause, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), fail);
        CheckSpan("cluster.stableAfter", c.StableAfter, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5), fail);
        CheckSpan("cluster.claimRefreshInterval", c.ClaimRefreshInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), fail);
        if (c.Tls is { } tls)
            ValidateTls(tls, fail);
    }

    /// <summary>Parses <c>a.b.c.d:port</c>.</summary>
    public static (string? Host, int Port, string? Error) ParseSeed(string? seed)
    {
        if (string.IsNullOrEmpty(seed))
            return (null, 0, "empty; expected host:port such as 192.168.11.100:4053");
        var colon = seed.LastIndexOf(':');
        if (colon <= 0)
            return (null, 0, $"'{seed}' is not host:port such as 192.168.11.100:4053");
        var host = seed[..colon];
        if (!Ipv4Interface.TryParseAddress(host, out _))
            return (null, 0, $"'{host}' in '{seed}' is not an IPv4 address");
        if (!int.TryParse(seed[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return (null, 0, $"'{seed[(colon + 1)..]}' in '{seed}' is not a TCP port (1-65535)");
        return (host, port, null);
    }

    private static void ValidateTls(ClusterTlsSettings tls, Action<string, string> fail)
    {
        if (tls.Certificate is not { } path)
        {
            fail("cluster.tls.certificate", "required when cluster.tls is present");
        }
        else if (!Path.IsPathFullyQualified(path))
        {
            fail("cluster.tls.certificate", $"'{path}' is not an absolute path");
        }
        else if (!File.Exists(path))
        {
            fail("cluster.tls.certificate", $"file '{path}' does not exist");
        }
        else
        {
            try
            {
                using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, tls.Password);
                if (!certificate.HasPrivateKey)
                    fail("cluster.tls.certificate", $"'{path}' holds no private key; mutual TLS needs one to present");
                else if (certificate.NotAfter < DateTime.Now)
                    fail("cluster.tls.certificate", $"'{path}' expired on {certificate.NotAfter:u}");
            }
            catch (CryptographicException e)
            {
                fail("cluster.tls.certificate", $"'{path}' is not a PKCS#12 file this password opens: {e.Message}");
            }
        }

        for (var i = 0; i < tls.TrustedThumbprints.Count; i++)
        {
            var thumbprint = tls.TrustedThumbprints[i];
            if (thumbprint is null || thumbprint.Length != 40 || !thumbprint.All(char.IsAsciiHexDigit))
                fail($"cluster.tls.trustedThumbprints.{i}", $"'{thumbprint}' is not a SHA-1 thumbprint (40 hex digits)");
        }
    }

    private static void CheckSpan(string key, TimeSpan value, TimeSpan min, TimeSpan max, Action<string, string> fail)
    {
        if (value < min || value > max)
            fail(key, $"{value} is outside {min} .. {max}");
    }
}

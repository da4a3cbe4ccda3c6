using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using XenMesh.Cluster.Bootstrap;

namespace XenMesh.Tests.Cluster;

/// <summary>
/// Mutual TLS between members with self-signed per-host certificates pinned by thumbprint, as
/// docs/cluster.md tells operators to make them.
/// </summary>
public sealed class MeshTlsTests : IDisposable
{
    private const string Password = "test-only";
    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Members_with_pinned_certificates_form_a_cluster_and_a_stranger_cannot_join()
    {
        var ct = TestContext.Current.CancellationToken;
        var (kubikalPath, kubikalThumbprint) = Certificate("kubikal");
        var (rack2Path, rack2Thumbprint) = Certificate("rack2");
        var (strangerPath, _) = Certificate("stranger");
        string[] trusted = [kubikalThumbprint, rack2Thumbprint];

        await using var kubikal = await MeshNode.StartAsync("kubikal", "192.168.0.0/24", [], ct, tls: new MeshTlsOptions(kubikalPath, Password, trusted));
        await kubikal.AwaitUpAsync(1, ct);
        await using var rack2 = await MeshNode.StartAsync("rack2", "192.168.1.0/24", [kubikal.Endpoint], ct, tls: new MeshTlsOptions(rack2Path, Password, trusted));
        await kubikal.AwaitUpAsync(2, ct);
        await rack2.AwaitUpAsync(2, ct);

        await using var stranger = await MeshNode.StartAsync("stranger", "192.168.2.0/24", [kubikal.Endpoint], ct, tls: new MeshTlsOptions(strangerPath, Password, [.. trusted, Thumbprint(strangerPath)]));
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(TimeSpan.FromSeconds(10));
        var joined = false;
        try
        {
            await stranger.AwaitUpAsync(3, window.Token);
            joined = true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        Assert.False(joined, "a member whose certificate the others do not pin joined the cluster");
        Assert.Equal(2, kubikal.Cluster.State.Members.Count);
    }

    private (string Path, string Thumbprint) Certificate(string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}.xen", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(_directory, $"{host}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return (path, certificate.Thumbprint);
    }

    private static string Thumbprint(string path)
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, Password);
        return certificate.Thumbprint;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using XenMesh.IntegrationTests.TestHost;

namespace XenMesh.IntegrationTests.Dns;

/// <summary>
/// A real upstream DNS server for the forwarder: dnsmasq with no resolv file, no hosts file and no
/// upstream of its own, serving the test zone <c>example.test</c> (<c>www</c> → 192.0.2.10, anything under
/// <c>wild</c> → 192.0.2.20, <c>mail</c> MX 10 <c>mx1</c>, <c>_sip._udp</c> SRV 1 2 5060 <c>sip</c>, every other
/// name NXDOMAIN; dnsmasq 2.90 writes the names inside MX and SRV RDATA in full), and logging every query it receives to a file the
/// test reads, so a test can prove which names reached it.
/// </summary>
internal sealed class UpstreamDnsmasq : IAsyncDisposable
{
    public const string Zone = "example.test";
    public static readonly IPAddress WwwAddress = IPAddress.Parse("192.0.2.10");
    public static readonly IPAddress WildAddress = IPAddress.Parse("192.0.2.20");
    public static readonly string MailName = $"mail.{Zone}";
    public static readonly string MailExchange = $"mx1.{Zone}";
    public static readonly string SrvName = $"_sip._udp.{Zone}";
    public static readonly string SrvTarget = $"sip.{Zone}";

    private readonly BackgroundProcess _process;

    private UpstreamDnsmasq(BackgroundProcess process, string logFile, IPEndPoint endPoint)
    {
        _process = process;
        LogFile = logFile;
        EndPoint = endPoint;
    }

    public string LogFile { get; }

    public IPEndPoint EndPoint { get; }

    /// <summary>dnsmasq bound to 127.0.0.1 on a free port of the test's own namespace.</summary>
    public static Task<UpstreamDnsmasq> StartOnLoopbackAsync(string folder, CancellationToken ct)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreePort());
        var logFile = Path.Combine(folder, "upstream-queries.log");
        return WaitReadyAsync(BackgroundProcess.StartOnLoopback("dnsmasq", Arguments(endPoint, logFile)), logFile, endPoint, ct);
    }

    /// <summary>dnsmasq in <paramref name="namespace"/> on <paramref name="address"/>:53.</summary>
    public static Task<UpstreamDnsmasq> StartAsync(NetworkNamespace @namespace, IPAddress address, string folder, CancellationToken ct)
    {
        var endPoint = new IPEndPoint(address, 53);
        var logFile = Path.Combine(folder, "upstream-queries.log");
        return WaitReadyAsync(BackgroundProcess.Start(@namespace, "dnsmasq", Arguments(endPoint, logFile)), logFile, endPoint, ct);
    }

    /// <summary>The names of the queries dnsmasq logged (<c>query[A] www.example.test from ...</c>).</summary>
    public IReadOnlyList<string> QueriedNames() =>
        [.. ReadLog().Where(l => l.Contains(" query[", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(" query[", StringComparison.Ordinal) + 1)..].Split(' ')[1])];

    /// <summary>Waits until dnsmasq logged a query for <paramref name="name"/>: everything it received before is in the log by then.</summary>
    public Task WaitForQueryAsync(string name, CancellationToken ct) =>
        Eventually.HoldsAsync(
            () => Task.FromResult((QueriedNames().Contains(name, StringComparer.OrdinalIgnoreCase), string.Join(", ", QueriedNames()))),
            TimeSpan.FromSeconds(30), $"dnsmasq logging a query for {name}", ct);

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();

    private static string[] Arguments(IPEndPoint endPoint, string logFile) =>
    [
        "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--bind-interfaces",
        $"--listen-address={endPoint.Address}", string.Create(CultureInfo.InvariantCulture, $"--port={endPoint.Port}"),
        "--pid-file=", "--user=root", "--cache-size=0", "--log-queries", $"--log-facility={logFile}",
        $"--local=/{Zone}/", $"--host-record=www.{Zone},{WwwAddress}", $"--address=/wild.{Zone}/{WildAddress}",
        $"--mx-host={MailName},{MailExchange},10", $"--srv-host={SrvName},{SrvTarget},5060,1,2",
    ];

    private static async Task<UpstreamDnsmasq> WaitReadyAsync(BackgroundProcess process, string logFile, IPEndPoint endPoint, CancellationToken ct)
    {
        var upstream = new UpstreamDnsmasq(process, logFile, endPoint);
        try
        {
            await Eventually.HoldsAsync(
                () => Task.FromResult((process.HasExited || upstream.ReadLog().Any(l => l.Contains("started, version", StringComparison.Ordinal)), process.Output)),
                TimeSpan.FromSeconds(30), "dnsmasq starting", ct);
            Assert.False(process.HasExited, $"dnsmasq exited: {process.Output}");
            return upstream;
        }
        catch
        {
            await upstream.DisposeAsync();
            throw;
        }
    }

    private string[] ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n');
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }

    /// <summary>A loopback port free for both UDP and TCP (dnsmasq binds both) at the time of asking.</summary>
    private static int FreePort()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            try
            {
                tcp.Bind(udp.LocalEndPoint!);
                return ((IPEndPoint)udp.LocalEndPoint!).Port;
            }
            catch (SocketException)
            {
                // Taken for TCP by another socket: ask the kernel for another port.
            }
        }
    }
}

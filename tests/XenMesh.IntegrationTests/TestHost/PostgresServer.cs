using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace XenMesh.IntegrationTests.TestHost;

/// <summary>
/// A throw-away PostgreSQL 15 server on a Unix socket: its own data directory, a free port, started as
/// the <c>postgres</c> user (initdb refuses root) and stopped by its PID when the fixture ends.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"xmt-pg-{Guid.NewGuid():N}");
    private Process? _server;

    public int Port { get; private set; }

    /// <summary>
    /// Through the Unix socket: agents under test run in their own network namespaces, where
    /// 127.0.0.1 is not this server's loopback, but the socket file is reachable from any of them.
    /// </summary>
    public string ConnectionString => $"Host={_directory};Port={Port};Username=postgres;Database=xenmesh;Timeout=30";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "postgres")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed in {BinDirectory}; run deploy/install-deps.sh");

        Directory.CreateDirectory(_directory);
        await RunAsync("chown", "postgres:postgres", _directory);
        var data = Path.Combine(_directory, "data");
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(BinDirectory, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync");

        // The port only names the socket file (.s.PGSQL.<port>); nothing listens on TCP.
        Port = FreeTcpPort();
        var info = new ProcessStartInfo("runuser") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
                 {
                     "-u", "postgres", "--", Path.Combine(BinDirectory, "postgres"), "-D", data, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-c", "listen_addresses=", "-c", $"unix_socket_directories={_directory}", "-c", "fsync=off",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        _server = Process.Start(info)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        await Eventually.HoldsAsync(async () =>
        {
            if (_server.HasExited)
                throw new InvalidOperationException($"PostgreSQL exited with {_server.ExitCode} before accepting connections");
            var created = await TryRunAsync("runuser", "-u", "postgres", "--", "psql", "-h", _directory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "CREATE DATABASE xenmesh");
            return (created == 0, $"psql exit code {created}");
        }, TimeSpan.FromSeconds(30), "PostgreSQL accepting connections", TestContext.Current.CancellationToken);
    }

    /// <summary>Runs one query with psql and returns its rows, one value per line.</summary>
    public async Task<IReadOnlyList<string>> QueryAsync(string sql, CancellationToken ct)
    {
        var result = await Programs.RunCheckedAsync("runuser",
            ["-u", "postgres", "--", "psql", "-h", _directory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", "xenmesh", "-At", "-c", sql], ct);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            // runuser forwards SIGTERM to postgres: a "smart" shutdown of our own server only.
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        var exitCode = await TryRunAsync(fileName, arguments);
        if (exitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed with {exitCode}");
    }

    private static async Task<int> TryRunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync(), process.WaitForExitAsync());
        return process.ExitCode;
    }
}

using System.Net;
using Microsoft.Extensions.Time.Testing;
using Serilog;
using Serilog.Core;
using XenMesh.Node.Dns.Recursion;

namespace XenMesh.Tests.Dns.Recursion;

public sealed class ResolvFileUpstreamsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xenmesh-resolv-").FullName;
    private readonly FakeTimeProvider _time = new();
    private readonly ILogger _log = Logger.None;

    private string Path => System.IO.Path.Combine(_directory, "resolv.upstream.conf");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_servers_get_the_configured_port()
    {
        File.WriteAllText(Path, "nameserver 192.0.2.1\nnameserver 2001:db8::1\n");
        using var upstreams = new ResolvFileUpstreams(Path, 5353, _time, _log);

        Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5353), new IPEndPoint(IPAddress.Parse("2001:db8::1"), 5353)], upstreams.Current);
    }

    [Fact]
    public void A_missing_file_names_no_server_and_its_creation_is_picked_up()
    {
        using var upstreams = new ResolvFileUpstreams(Path, 53, _time, _log);
        Assert.Empty(upstreams.Current);

        File.WriteAllText(Path, "nameserver 192.0.2.1\n");
        _time.Advance(ResolvFileUpstreams.RecheckInterval);

        Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.1"), 53)], upstreams.Current);
    }

    [Fact]
    public async Task A_changed_file_is_reread_by_the_watcher_without_waiting_for_the_recheck()
    {
        File.WriteAllText(Path, "nameserver 192.0.2.1\n");
        using var upstreams = new ResolvFileUpstreams(Path, 53, _time, _log);

        File.WriteAllText(Path, "nameserver 192.0.2.2\nnameserver 192.0.2.3\n");

        await Eventually.HoldsAsync(
            () => Task.FromResult((upstreams.Current.Count == 2, string.Join(", ", upstreams.Current))),
            TimeSpan.FromSeconds(10), "the watcher re-reading the resolv file", TestContext.Current.CancellationToken);
        Assert.Equal(IPAddress.Parse("192.0.2.3"), upstreams.Current[1].Address);
    }

    [Fact]
    public void An_emptied_or_deleted_file_leaves_no_server()
    {
        File.WriteAllText(Path, "nameserver 192.0.2.1\n");
        using var upstreams = new ResolvFileUpstreams(Path, 53, _time, _log);
        Assert.Single(upstreams.Current);

        File.WriteAllText(Path, "# all gone\n");
        _time.Advance(ResolvFileUpstreams.RecheckInterval);
        Assert.Empty(upstreams.Current);

        File.WriteAllText(Path, "nameserver 192.0.2.1\n");
        _time.Advance(ResolvFileUpstreams.RecheckInterval);
        Assert.Single(upstreams.Current);

        File.Delete(Path);
        _time.Advance(ResolvFileUpstreams.RecheckInterval);
        Assert.Empty(upstreams.Current);
    }
}

using System.Net;
using Serilog;

namespace XenMesh.Node.Dns.Recursion;

/// <summary>
/// The upstream servers named by the resolv file, re-read when it changes. A file-system watcher re-reads
/// it at once; a modification-time check at most every <see cref="RecheckInterval"/> catches what a
/// watcher can miss (a directory that did not exist yet, an NFS mount, an overflowed event queue). A missing
/// or empty file is no error: the list is empty, the forwarder answers SERVFAIL, and the next change is
/// picked up like any other.
/// </summary>
public sealed class ResolvFileUpstreams : IDisposable
{
    /// <summary>How stale the list may get when the watcher saw nothing.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly int _port;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _reload = new();
    private volatile IReadOnlyList<IPEndPoint> _servers = [];
    private (bool Exists, DateTime Modified, long Length) _seen = (false, DateTime.MinValue, -1);
    private long _nextCheck;

    public ResolvFileUpstreams(string path, int port, TimeProvider time, ILogger log)
    {
        _path = path;
        _port = port;
        _time = time;
        _log = log;
        _watcher = Watch(path);
        Refresh(force: true);
    }

    /// <summary>The servers to ask, in file order; empty when the file is missing or names none.</summary>
    public IReadOnlyList<IPEndPoint> Current
    {
        get
        {
            var now = _time.GetTimestamp();
            if (now >= Interlocked.Read(ref _nextCheck))
                Refresh(force: false);
            return _servers;
        }
    }

    public void Dispose() => _watcher?.Dispose();

    private void Refresh(bool force)
    {
        lock (_reload)
        {
            Interlocked.Exchange(ref _nextCheck, _time.GetTimestamp() + (long)(RecheckInterval.TotalSeconds * _time.TimestampFrequency));
            var file = new FileInfo(_path);
            var seen = file.Exists ? (Exists: true, Modified: file.LastWriteTimeUtc, file.Length) : (Exists: false, Modified: DateTime.MinValue, Length: -1L);
            if (!force && seen == _seen)
                return;
            _seen = seen;
            Load(seen.Exists);
        }
    }

    private void Load(bool exists)
    {
        string text;
        try
        {
            text = exists ? File.ReadAllText(_path) : string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Warning(e, "Cannot read the resolv file {ResolvFile}; forwarded queries get SERVFAIL until it can be read", _path);
            _servers = [];
            return;
        }

        var (servers, rejected) = ResolvFileParser.Parse(text);
        foreach (var reason in rejected)
            _log.Warning("Resolv file {ResolvFile}: {Reason}", _path, reason);
        if (!exists)
            _log.Warning("Resolv file {ResolvFile} does not exist; forwarded queries get SERVFAIL until it names a server", _path);
        else if (servers.Count == 0)
            _log.Warning("Resolv file {ResolvFile} names no nameserver; forwarded queries get SERVFAIL until it does", _path);
        else
            _log.Information("Upstream servers from {ResolvFile}: {Upstreams}", _path, servers.Select(s => s.ToString()).ToArray());
        _servers = [.. servers.Select(s => new IPEndPoint(s, _port))];
    }

    private FileSystemWatcher? Watch(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (directory is null || !Directory.Exists(directory))
        {
            _log.Warning("The directory of the resolv file {ResolvFile} does not exist; its changes are found by polling only", path);
            return null;
        }

        var watcher = new FileSystemWatcher(directory, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => Refresh(force: true);
        watcher.Created += (_, _) => Refresh(force: true);
        watcher.Deleted += (_, _) => Refresh(force: true);
        watcher.Renamed += (_, _) => Refresh(force: true);
        watcher.Error += (_, _) => Refresh(force: true);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}

using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace XenMesh.Tests.Commands;

/// <summary>Keeps every Serilog event so a test can assert what was logged and with which properties.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
}

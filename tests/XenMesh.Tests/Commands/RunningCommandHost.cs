using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Core;
using XenMesh.Node.Commands;
using XenMesh.Node.Commands.Client;
using XenMesh.Node.Commands.Server;
using XenMesh.Node.Configuration;

namespace XenMesh.Tests.Commands;

/// <summary>
/// The real command host in a real generic host on 127.0.0.1 and a free port, serving a
/// <see cref="TestPalette"/>; and the real client run against it with captured standard streams.
/// </summary>
internal sealed class RunningCommandHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Logger _logger;

    private RunningCommandHost(IHost host, Logger logger, TestPalette palette, CollectingSink log)
    {
        _host = host;
        _logger = logger;
        Palette = palette;
        Log = log;
        var endpoint = host.Services.GetRequiredService<CommandHost>().LocalEndpoint;
        Endpoint = new ClientEndpoint(endpoint.Address.ToString(), endpoint.Port);
    }

    public TestPalette Palette { get; }

    public CollectingSink Log { get; }

    public ClientEndpoint Endpoint { get; }

    public static async Task<RunningCommandHost> StartAsync(CommandHostLimits? limits = null)
    {
        var palette = new TestPalette();
        var log = new CollectingSink();
        var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(log).CreateLogger();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<ICommandPalette>(palette);
        builder.Services.AddCommandHost(new CommandHostSettings { Host = IPAddress.Loopback.ToString(), Port = 0 }, "testhost", limits, logger);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new RunningCommandHost(host, logger, palette, log);
    }

    /// <summary>Runs <c>xenmesh &lt;endpoint&gt; args...</c> to completion.</summary>
    public Task<ClientRun> RunClientAsync(params string[] args) => ClientRun.RunAsync([Endpoint.ToString(), .. args]);

    public Task StopAsync() => _host.StopAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        await _logger.DisposeAsync();
    }
}

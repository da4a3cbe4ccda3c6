using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace XenMesh.Node.Hosting;

/// <summary>
/// Human-readable, coloured output on a terminal; one compact JSON object per line otherwise, so
/// journald keeps each event (exceptions included) as one entry with its properties.
/// </summary>
internal static class AgentLogging
{
    public static ILogger CreateLogger()
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext();

        configuration = Console.IsErrorRedirected
            ? configuration.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
            : configuration.WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        return configuration.CreateLogger();
    }
}

using System.Reflection;
using XenMesh.Node.Commands.Client;

namespace XenMesh.Node.Hosting;

/// <summary>
/// Picks the verb: <c>agent</c> and <c>demo</c> are local; anything else is a pbm-style command
/// for a node's command host.
/// </summary>
internal static class EntryPoint
{
    public const int UsageExitCode = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
            return await ClientCommand.RunAsync(args).ConfigureAwait(false);

        if (args[0] is "--help" or "-h")
        {
            Console.Out.Write(Usage);
            return 0;
        }

        if (args[0] == "--version")
        {
            Console.Out.WriteLine($"xenmesh {Version}");
            return 0;
        }

        return args[0] switch
        {
            "agent" => await AgentCommand.RunAsync(args[1..]).ConfigureAwait(false),
            "demo" => await Demo.DemoCommand.RunAsync(args[1..]).ConfigureAwait(false),
            _ => await ClientCommand.RunAsync(args).ConfigureAwait(false),
        };
    }

    public static string Version =>
        typeof(EntryPoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private const string Usage = """
        Usage:
          xenmesh agent --config FILE                run the per-host daemon
          xenmesh agent --witness --config FILE      a cluster member without a bridge (majority witness)
          xenmesh demo up|status|down [--json]       the demo mesh in network namespaces (root)
          xenmesh [host:port]                        interactive command shell (default 127.0.0.1:9110)
          xenmesh [host:port] <palette> <command> [-switch value]... [-j]
                                                     run one command on a node and exit
          xenmesh [host:port] help [palette [command]]
          xenmesh --version | --help

        """;
}

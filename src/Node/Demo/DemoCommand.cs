namespace XenMesh.Node.Demo;

/// <summary>
/// <c>xenmesh demo up|status|down [--json] [--prefix P] [--state-dir D] [--xen-scripts D]</c>: the
/// demo mesh in network namespaces on this machine (root only).
/// </summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("up" or "status" or "down"))
            return Usage("expected up, status or down");

        var json = false;
        var prefix = DemoPlan.DefaultPrefix;
        var stateDirectory = DemoPlan.DefaultStateDirectory;
        var xenScripts = DemoFiles.DefaultXenScripts;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--prefix" when i + 1 < args.Length:
                    prefix = args[++i];
                    break;
                case "--state-dir" when i + 1 < args.Length:
                    stateDirectory = Path.GetFullPath(args[++i]);
                    break;
                case "--xen-scripts" when i + 1 < args.Length:
                    xenScripts = Path.GetFullPath(args[++i]);
                    break;
                default:
                    return Usage($"unknown option '{args[i]}'");
            }
        }

        if (!Linux.NetworkNamespaces.IsValidName(prefix) || prefix.Length > 20)
            return Usage($"'{prefix}' is not a usable namespace prefix");
        if (Environment.UserName != "root")
        {
            await Console.Error.WriteLineAsync("xenmesh demo: must run as root (it creates network namespaces)").ConfigureAwait(false);
            return 1;
        }

        var plan = DemoPlan.Default(prefix, stateDirectory);
        var runner = new DemoRunner(plan, new DemoFiles(xenScripts));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            switch (args[0])
            {
                case "up":
                    DemoOutput.Print(await runner.UpAsync(cancel.Token).ConfigureAwait(false), json);
                    break;
                case "status":
                    if (await runner.StatusAsync(cancel.Token).ConfigureAwait(false) is not { } report)
                    {
                        await Console.Error.WriteLineAsync("xenmesh demo: not up").ConfigureAwait(false);
                        return 1;
                    }

                    DemoOutput.Print(report, json);
                    break;
                default:
                    await runner.DownAsync(cancel.Token).ConfigureAwait(false);
                    if (!json)
                        Console.WriteLine("demo removed");
                    break;
            }

            return 0;
        }
        catch (DemoException e)
        {
            await Console.Error.WriteLineAsync($"xenmesh demo {args[0]}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"xenmesh demo: {message}");
        Console.Error.WriteLine("usage: xenmesh demo up|status|down [--json] [--prefix P] [--state-dir DIR] [--xen-scripts DIR]");
        return Hosting.EntryPoint.UsageExitCode;
    }
}

using System.Net;
using System.Net.Sockets;
using Serilog.Events;
using XenMesh.Messages.Commands;
using XenMesh.Node.Commands.Client;
using XenMesh.Node.Commands.Server;

namespace XenMesh.Tests.Commands;

/// <summary>The real command host on loopback and the real client against it, as an operator or the hotplug script uses them.</summary>
public sealed class CommandHostEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private const string EchoUsage = "usage: test echo -t <text>... [-u] [-p <prefix>] [-j]";

    [Fact]
    public async Task A_command_prints_its_lines_and_exits_0()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync("test", "echo", "-t", "hello", "-T", "big world", "-p", "> ");

        Assert.Equal(new ClientRun(0, "> hello\n> big world\n", ""), run);
    }

    [Fact]
    public async Task Json_switch_prints_one_compact_object_per_line()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync("test", "echo", "-t", "a <b>", "-j", "-t", "é", "-u");

        Assert.Equal(new ClientRun(0, "{\"text\":\"A <B>\",\"length\":5}\n{\"text\":\"É\",\"length\":1}\n", ""), run);
    }

    [Fact]
    public async Task A_failed_command_exits_1_with_its_message_on_stderr()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync("test", "fail", "-m", "no such vif");

        Assert.Equal(new ClientRun(1, "", "no such vif\n"), run);
    }

    [Fact]
    public async Task An_unexpected_exception_exits_1_with_a_generic_message_and_is_logged()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync("test", "crash");

        Assert.Equal(new ClientRun(1, "", "test crash failed with an internal error; see the agent's log\n"), run);
        var logged = Assert.Single(host.Log.Events, e => e.Level == LogEventLevel.Error);
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.Equal("\"crash\"", logged.Properties["Command"].ToString());
    }

    [Theory]
    [InlineData(new[] { "test", "echo" }, "xenmesh: test echo: missing mandatory -t <text>")]
    [InlineData(new[] { "test", "echo", "-t", "a", "-x" }, "xenmesh: test echo: unknown switch -x")]
    [InlineData(new[] { "test", "echo", "-t", "a", "-u", "loud" }, "xenmesh: test echo: unexpected 'loud': -u is a flag and takes no value")]
    [InlineData(new[] { "test", "echo", "-t", "a", "-p", "1", "-p", "2" }, "xenmesh: test echo: -p may be given only once")]
    public async Task A_usage_error_exits_2_with_the_commands_usage_and_runs_nothing(string[] args, string message)
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        var lines = run.Error.Split('\n');
        Assert.Equal(message, lines[0]);
        Assert.Equal("test echo - print each text", lines[1]);
        Assert.Equal(EchoUsage, lines[2]);
        Assert.Equal(0, host.Palette.Executions);
    }

    [Fact]
    public async Task An_unknown_palette_exits_2_and_lists_the_palettes()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync("tset", "echo");

        Assert.Equal(new ClientRun(2, "", "xenmesh: unknown palette 'tset'\npalettes: test; type `help` for their commands\n"), run);
    }

    [Fact]
    public async Task An_unknown_command_exits_2_and_shows_the_palette()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync("test", "ehco");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("xenmesh: unknown command 'ehco' in palette 'test'\ntest - commands for the command host's tests\n  echo - print each text\n", run.Error);
    }

    public static TheoryData<RunCommand, string> RefusedByTheHost => new()
    {
        { new RunCommand("test", "echo", [new("text", "a"), new("colour", "red")], false), "test echo: unknown argument 'colour'" },
        { new RunCommand("test", "echo", [new("text", "a"), new("upper", "yes")], false), "test echo: -u is a flag and takes no value" },
        { new RunCommand("test", "echo", [new("text", null)], false), "test echo: -t needs a value" },
        { new RunCommand("test", "fail", [], false), "test fail: missing mandatory -m <message>" },
        { new RunCommand("vif", "online", [], false), "unknown palette 'vif'" },
    };

    [Theory]
    [MemberData(nameof(RefusedByTheHost))]
    public async Task The_host_validates_every_request_itself(RunCommand request, string message)
    {
        await using var host = await RunningCommandHost.StartAsync();
        await using var client = await ConnectAsync(host);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await client.RunAsync(request, stdout, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Equal(message + Environment.NewLine, stderr.ToString());
        Assert.Equal(0, host.Palette.Executions);
    }

    [Fact]
    public async Task The_host_caps_the_argument_count()
    {
        await using var host = await RunningCommandHost.StartAsync(new CommandHostLimits(MaxArguments: 2));

        var run = await host.RunClientAsync("test", "echo", "-t", "a", "-t", "b", "-t", "c");

        Assert.Equal(new ClientRun(2, "", "test echo: 3 arguments, at most 2 are accepted\n"), run);
        Assert.Equal(0, host.Palette.Executions);
    }

    [Fact]
    public async Task An_oversized_request_is_refused_and_the_connection_closed()
    {
        await using var host = await RunningCommandHost.StartAsync();
        await using var client = await ConnectAsync(host);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var ct = TestContext.Current.CancellationToken;

        var exitCode = await client.RunAsync(new RunCommand("test", "echo", [new("text", new string('x', 70_000))], false), stdout, stderr, ct);

        Assert.Equal(2, exitCode);
        Assert.Matches("^frame of [0-9]+ bytes exceeds the limit of 65536 bytes", stderr.ToString());
        Assert.Equal(0, host.Palette.Executions);
        await Assert.ThrowsAsync<CommandHostUnavailableException>(
            () => client.RunAsync(new RunCommand("test", "echo", [new("text", "a")], false), stdout, stderr, ct));
    }

    public static TheoryData<byte[], string> ProtocolViolations => new()
    {
        { CommandFrameCodec.Encode(new OutputLine("I am the host")), "a client may not send a 'OutputLine' frame" },
        { [0, 0, 0, 8, .. "not json"u8], "malformed frame: " },
        { [0, 0, 0, 2, .. "{}"u8], "malformed frame: " },
        { [0x7F, 0, 0, 0], "frame of 2130706432 bytes exceeds the limit of 65536 bytes" },
    };

    [Theory]
    [MemberData(nameof(ProtocolViolations))]
    public async Task A_client_that_breaks_the_protocol_is_told_why_and_disconnected(byte[] sent, string reason)
    {
        await using var host = await RunningCommandHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, host.Endpoint.Port, ct);
        var stream = socket.GetStream();

        await stream.WriteAsync(sent, ct);

        var answer = Assert.IsType<CommandFailed>(await CommandFrameCodec.ReadAsync(stream, CommandFrameCodec.DefaultMaxResponseBytes, ct));
        Assert.StartsWith(reason, answer.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Usage, answer.Kind);
        Assert.Null(await CommandFrameCodec.ReadAsync(stream, CommandFrameCodec.DefaultMaxResponseBytes, ct));
        Assert.Single(host.Log.Events, e => e.Level == LogEventLevel.Warning);
    }

    [Fact]
    public async Task No_listener_exits_3()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        listener.Dispose();

        var run = await ClientRun.RunAsync([endpoint, "test", "echo", "-t", "a"]);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith($"xenmesh: cannot connect to {endpoint}: ", run.Error);
    }

    [Fact]
    public async Task A_malformed_endpoint_exits_2()
    {
        var run = await ClientRun.RunAsync(["127.0.0.1:70000", "test", "echo"]);

        Assert.Equal(new ClientRun(2, "", "xenmesh: '127.0.0.1:70000' is not a host:port endpoint (port 1-65535)\n"), run);
    }

    [Fact]
    public async Task Connections_over_the_limit_are_refused_with_the_reason()
    {
        await using var host = await RunningCommandHost.StartAsync(new CommandHostLimits(MaxConnections: 1));
        var held = await ConnectAsync(host);

        var refused = await host.RunClientAsync("test", "echo", "-t", "a");

        Assert.Equal(3, refused.ExitCode);
        Assert.Equal($"xenmesh: {host.Endpoint} refused the connection: the command host is busy: all 1 connection slots are in use; try again later\n", refused.Error);

        await held.DisposeAsync();
        var deadline = DateTime.UtcNow + Patience;
        ClientRun run;
        do
            run = await host.RunClientAsync("test", "echo", "-t", "a");
        while (run.ExitCode == 3 && DateTime.UtcNow < deadline);
        Assert.Equal(new ClientRun(0, "a\n", ""), run);
    }

    [Fact]
    public async Task Help_lists_every_palette_command_and_switch_from_the_schema()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync("help");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.StartsWith("xenmesh ", lines[0]);
        Assert.EndsWith(" on host testhost", lines[0]);
        Assert.Equal(
            [
                "",
                "test - commands for the command host's tests",
                "  echo - print each text",
                "      -t, -T <text>  (mandatory) (repeatable) text to print",
                "      -u             print in upper case",
                "      -p <prefix>    put this before each text [values: >, #]",
                "  fail - end with an error",
                "      -m <message>  (mandatory) the error",
                "  crash - throw something unexpected",
                "  stream - print a line, then wait until cancelled",
                "  set - change a setting",
                "      -k <key>  (mandatory) which setting",
                "",
                "Every command accepts -j (--json): one JSON object per line instead of text.",
                "`help <palette>` and `help <palette> <command>` narrow this down.",
                "",
            ],
            lines[1..]);
    }

    [Fact]
    public async Task Help_for_one_command_shows_its_usage_and_switches()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync("help", "test", "echo");

        Assert.Equal(
            new ClientRun(
                0,
                "test echo - print each text\n" + EchoUsage + "\n"
                + "  -t, -T <text>  (mandatory) (repeatable) text to print\n"
                + "  -u             print in upper case\n"
                + "  -p <prefix>    put this before each text [values: >, #]\n",
                ""),
            run);
    }

    [Fact]
    public async Task Help_for_one_palette_shows_only_that_palette()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync("help", "test");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("test - commands for the command host's tests\n  echo - print each text\n", run.Output);
        Assert.DoesNotContain("Every command accepts", run.Output);
    }

    [Fact]
    public async Task Help_for_an_unknown_palette_exits_2()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await host.RunClientAsync("help", "vif");

        Assert.Equal(new ClientRun(2, "", "xenmesh: unknown palette 'vif'\npalettes: test; type `help` for their commands\n"), run);
    }

    [Fact]
    public async Task The_interactive_shell_runs_commands_one_after_another_on_one_connection()
    {
        await using var host = await RunningCommandHost.StartAsync();
        var prompt = $"[{host.Endpoint}] xenmesh> ";

        var run = await ClientRun.RunAsync(
            [host.Endpoint.ToString()],
            "test echo -t \"a b\" -p '> '\n\n  \nbogus\ntest fail -m \"it broke\"\nhelp test fail\nexit\ntest echo -t never\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"successfully connected to {host.Endpoint}\n"
            + "Commands downloaded from server. type `help` to see what's available\n"
            + prompt + "> a b\n"
            + prompt + prompt + prompt + prompt + prompt
            + "test fail - end with an error\nusage: test fail -m <message> [-j]\n  -m <message>  (mandatory) the error\n"
            + prompt,
            run.Output);
        Assert.StartsWith("xenmesh: unknown palette 'bogus'\npalettes: test; type `help` for their commands\nit broke\n", run.Error);
        Assert.Equal(2, host.Palette.Executions);
        Assert.Single(host.Log.Events, e => e.MessageTemplate.Text == "Command client {Caller} connected");
    }

    [Fact]
    public async Task The_interactive_shell_ends_at_end_of_input_and_reports_a_bad_quote()
    {
        await using var host = await RunningCommandHost.StartAsync();

        var run = await ClientRun.RunAsync([host.Endpoint.ToString()], "test echo -t \"open\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("xenmesh: unterminated \" quote\n", run.Error);
        Assert.EndsWith($"[{host.Endpoint}] xenmesh> [{host.Endpoint}] xenmesh> \n", run.Output);
        Assert.Equal(0, host.Palette.Executions);
    }

    [Fact]
    public async Task Interrupt_in_the_shell_cancels_a_streaming_command_and_returns_to_the_prompt()
    {
        await using var host = await RunningCommandHost.StartAsync();
        using var stdin = new StringReader("test stream\ntest echo -t after\n");
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();
        var client = new CommandLineClient(stdin, stdout, stderr, ClientRun.ConnectTimeout);

        var shell = client.RunAsync([host.Endpoint.ToString()], TestContext.Current.CancellationToken);
        await host.Palette.StreamStarted.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.True(client.Interrupt());

        Assert.Equal(0, await shell.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.True(host.Palette.StreamCancelled.Task.IsCompletedSuccessfully);
        Assert.Contains("streaming\n", stdout.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("after\n", stdout.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("command cancelled\n", stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Interrupt_outside_the_shell_leaves_the_process_to_end()
    {
        var client = new CommandLineClient(TextReader.Null, TextWriter.Null, TextWriter.Null, ClientRun.ConnectTimeout);

        Assert.False(client.Interrupt());
    }

    [Fact]
    public async Task A_disconnect_cancels_the_running_command()
    {
        await using var host = await RunningCommandHost.StartAsync();
        var client = await ConnectAsync(host);
        var ct = TestContext.Current.CancellationToken;

        var running = client.RunAsync(new RunCommand("test", "stream", [], false), TextWriter.Null, TextWriter.Null, ct);
        await host.Palette.StreamStarted.Task.WaitAsync(Patience, ct);
        await client.DisposeAsync();

        await host.Palette.StreamCancelled.Task.WaitAsync(Patience, ct);
        await Assert.ThrowsAsync<CommandHostUnavailableException>(() => running.WaitAsync(Patience, ct));
    }

    [Fact]
    public async Task Stopping_the_host_cancels_running_commands_and_the_client_sees_the_connection_lost()
    {
        await using var host = await RunningCommandHost.StartAsync();
        await using var client = await ConnectAsync(host);
        var ct = TestContext.Current.CancellationToken;

        var running = client.RunAsync(new RunCommand("test", "stream", [], false), TextWriter.Null, TextWriter.Null, ct);
        await host.Palette.StreamStarted.Task.WaitAsync(Patience, ct);
        await host.StopAsync();

        Assert.True(host.Palette.StreamCancelled.Task.IsCompletedSuccessfully);
        var lost = await Assert.ThrowsAsync<CommandHostUnavailableException>(() => running.WaitAsync(Patience, ct));
        Assert.Equal($"{host.Endpoint} closed the connection before the command ended", lost.Message);
    }

    [Fact]
    public async Task Mutating_commands_are_logged_with_the_caller()
    {
        await using var host = await RunningCommandHost.StartAsync();

        Assert.Equal(new ClientRun(0, "set mtu\n", ""), await host.RunClientAsync("test", "set", "-k", "mtu"));
        Assert.Equal(0, (await host.RunClientAsync("test", "echo", "-t", "read only")).ExitCode);

        var logged = Assert.Single(host.Log.Events, e => e.MessageTemplate.Text.StartsWith("Command {Palette} {Command} from {Caller}", StringComparison.Ordinal));
        Assert.Equal(LogEventLevel.Information, logged.Level);
        Assert.Equal("\"set\"", logged.Properties["Command"].ToString());
        Assert.StartsWith("\"127.0.0.1:", logged.Properties["Caller"].ToString(), StringComparison.Ordinal);
        Assert.Equal("[\"key=mtu\"]", logged.Properties["Arguments"].ToString());
    }

    [Fact]
    public async Task The_schema_carries_the_host_id_and_the_palettes()
    {
        await using var host = await RunningCommandHost.StartAsync();
        await using var client = await ConnectAsync(host);

        Assert.Equal("testhost", client.Schema.Host);
        Assert.False(string.IsNullOrEmpty(client.Schema.Version));
        var palette = Assert.Single(client.Schema.Palettes);
        Assert.Equal(["echo", "fail", "crash", "stream", "set"], palette.Commands.Select(c => c.Name));
        Assert.True(palette.Commands.Single(c => c.Name == "set").Mutating);
    }

    private static Task<CommandHostClient> ConnectAsync(RunningCommandHost host) =>
        CommandHostClient.ConnectAsync(host.Endpoint, ClientRun.ConnectTimeout, TestContext.Current.CancellationToken);
}

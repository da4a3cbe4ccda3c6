using XenMesh.Node.Linux;

namespace XenMesh.Tests.Linux;

/// <summary>The real runner against coreutils' env and pwd: what the started program actually saw.</summary>
public sealed class ProcessRunnerTests
{
    private readonly ProcessRunner _runner = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task By_default_the_program_inherits_this_process_environment()
    {
        var result = await _runner.RunAsync("env", [], Ct);

        Assert.Contains($"PATH={Environment.GetEnvironmentVariable("PATH")}", Lines(result));
    }

    [Fact]
    public async Task Variables_are_set_on_top_of_the_inherited_environment()
    {
        var options = new ProcessOptions { Environment = new Dictionary<string, string> { ["XENMESH_TEST"] = "a b" } };

        var result = await _runner.RunAsync("env", [], options, Ct);

        Assert.Contains("XENMESH_TEST=a b", Lines(result));
        Assert.Contains($"PATH={Environment.GetEnvironmentVariable("PATH")}", Lines(result));
    }

    [Fact]
    public async Task A_cleared_environment_holds_only_the_given_variables()
    {
        var options = new ProcessOptions { ClearEnvironment = true, Environment = new Dictionary<string, string> { ["XENMESH_TEST"] = "1" } };

        var result = await _runner.RunAsync("/usr/bin/env", [], options, Ct);

        Assert.Equal(["XENMESH_TEST=1"], Lines(result));
    }

    [Fact]
    public async Task The_program_runs_in_the_given_working_directory()
    {
        var directory = Directory.CreateTempSubdirectory("xenmesh-runner-").FullName;
        try
        {
            var result = await _runner.RunAsync("pwd", [], new ProcessOptions { WorkingDirectory = directory }, Ct);

            Assert.Equal([directory], Lines(result));
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task The_given_stdin_reaches_the_program_and_is_closed()
    {
        var result = await _runner.RunAsync("cat", [], new ProcessOptions { StandardInput = "one\ntwo\n" }, Ct);

        Assert.Equal(["one", "two"], Lines(result));
    }

    [Fact]
    public async Task A_program_that_outlives_the_timeout_is_killed_and_reported()
    {
        var runner = new ProcessRunner(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => runner.RunAsync("sleep", ["30"], Ct));

        Assert.Equal("sleep did not finish within 00:00:00.2000000", error.Message);
    }

    private static string[] Lines(ProcessResult result)
    {
        Assert.True(result.Succeeded, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

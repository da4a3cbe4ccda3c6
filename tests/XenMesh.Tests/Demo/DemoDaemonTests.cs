using System.Diagnostics;
using XenMesh.Node.Demo;

namespace XenMesh.Tests.Demo;

public sealed class DemoDaemonTests
{
    [Fact]
    public void A_running_process_has_not_exited_and_one_that_ended_has()
    {
        using var child = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        child.WaitForExit();

        Assert.False(DemoDaemon.HasExited(Environment.ProcessId));
        Assert.True(DemoDaemon.HasExited(child.Id));
    }
}

namespace XenMesh.IntegrationTests.Hotplug;

/// <summary>
/// Invalid argv, environment or backend values: vif-xenmesh runs nothing (no Xen library, no
/// <c>ip</c>, no port change) and says why on stderr; online/add fail with hotplug-error on the
/// device's own backend path when that path is trustworthy, offline/remove exit 0.
/// </summary>
public sealed class VifXenmeshInputValidationTests(XenScriptLibrary library) : SandboxedVifTests(library)
{
    [Theory]
    [InlineData("vif5.0;reboot")]
    [InlineData("-x")]
    [InlineData("vif5.0 x")]
    [InlineData("vif12345678.1234")]
    [InlineData("vif05.0")]
    [InlineData("vif5.0\nvif6.0")]
    [InlineData("")]
    public async Task Online_with_a_malformed_vif_runs_nothing_and_reports_on_the_backend(string badVif)
    {
        var run = await Sandbox.RunScriptAsync("online", badVif, Vif.BackendPath, ct: Ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not vif<domid>.<devid>", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("is not vif<domid>.<devid>", Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-error"), StringComparison.Ordinal);
        Assert.Equal("error", Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-status"));
        Assert.Equal(["xenstore-write"], run.Calls.Select(Program));
        await AssertNothingChangedAsync(run);
    }

    [Theory]
    [InlineData("vif5.0;reboot")]
    [InlineData("-x")]
    [InlineData("vif5.0 x")]
    [InlineData("vif12345678.1234")]
    public async Task Offline_with_a_malformed_vif_runs_nothing_and_exits_zero(string badVif)
    {
        var run = await Sandbox.RunScriptAsync("offline", badVif, Vif.BackendPath, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("is not vif<domid>.<devid>", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.Calls);
        Assert.Null(Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-error"));
        await AssertNothingChangedAsync(run);
    }

    [Theory]
    [InlineData("online", 1)]
    [InlineData("offline", 0)]
    public async Task A_xenbus_path_of_another_domain_is_refused_and_left_untouched(string action, int exitCode)
    {
        var run = await Sandbox.RunScriptAsync(action, Vif.Name, "backend/vif/6/0", ct: Ct);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains("does not belong to vif5.0", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.Calls);
        Assert.Null(Sandbox.Xenstore.Read("backend/vif/6/0/hotplug-error"));
        Assert.Null(Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-error"));
        await AssertNothingChangedAsync(run);
    }

    [Theory]
    [InlineData("backend/vif/5/1")]
    [InlineData("/local/domain/0/backend/vif/5/0")]
    [InlineData("backend/vif/5/0/../../6/0")]
    [InlineData("backend/vbd/5/0")]
    [InlineData("backend/vif/05/0")]
    [InlineData("")]
    public async Task Online_with_a_malformed_or_foreign_xenbus_path_writes_nowhere(string xenbusPath)
    {
        var run = await Sandbox.RunScriptAsync("online", Vif.Name, xenbusPath, ct: Ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("XENBUS_PATH", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.Calls);
        await AssertNothingChangedAsync(run);
    }

    [Theory]
    [InlineData("vif0.0", "backend/vif/0/0")]
    [InlineData("vif32752.0", "backend/vif/32752/0")]
    [InlineData("vif99999.0", "backend/vif/99999/0")]
    public async Task Online_for_a_domid_outside_the_guest_range_is_refused(string badVif, string xenbusPath)
    {
        var run = await Sandbox.RunScriptAsync("online", badVif, xenbusPath, ct: Ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not a guest domid (1..32751)", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.Calls);
        await AssertNothingChangedAsync(run);
    }

    [Theory]
    [InlineData(new[] { "bogus", "type_if=vif" }, 1, false, "unknown action")]
    [InlineData(new[] { "online", "type_if=bogus" }, 1, true, "unknown argument")]
    [InlineData(new[] { "offline", "type_if=bogus" }, 0, false, "unknown argument")]
    [InlineData(new[] { "online", "type_if=vif;reboot" }, 1, true, "unknown argument")]
    [InlineData(new[] { "online" }, 1, true, "expected exactly 2 arguments")]
    [InlineData(new[] { "online", "type_if=vif", "ip=192.168.0.1;reboot" }, 1, true, "expected exactly 2 arguments")]
    [InlineData(new[] { "remove", "type_if=tap", "x" }, 0, false, "expected exactly 2 arguments")]
    public async Task Malformed_arguments_are_refused_before_anything_runs(string[] arguments, int exitCode, bool errorReported, string reason)
    {
        var environment = new Dictionary<string, string>
        {
            ["XENBUS_PATH"] = Vif.BackendPath,
            ["vif"] = Vif.Name,
            ["INTERFACE"] = Vif.EmulatedName,
        };

        var run = await Sandbox.RunScriptAsync(arguments, environment, Ct);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains(reason, run.StandardError, StringComparison.Ordinal);
        Assert.Equal(errorReported, Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-error")?.Contains(reason, StringComparison.Ordinal) ?? false);
        Assert.DoesNotContain(run.Calls, call => Program(call) != "xenstore-write");
        await AssertNothingChangedAsync(run);
    }

    [Theory]
    [InlineData("vif5.1-emu")]
    [InlineData("vif5.0")]
    [InlineData("vif5.0-emu;x")]
    [InlineData("")]
    public async Task Add_with_an_interface_not_of_this_vif_is_refused(string badInterface)
    {
        await Sandbox.AddEmulatedNicAsync(Vif, Ct);
        var environment = new Dictionary<string, string> { ["INTERFACE"] = badInterface };

        var run = await Sandbox.RunScriptAsync("add", Vif.Name, Vif.BackendPath, "tap", environment, Ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("INTERFACE", Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-error"), StringComparison.Ordinal);
        await AssertNothingChangedAsync(run);
    }

    [Theory]
    [InlineData("01:00:5e:00:00:01", "multicast")]
    [InlineData("ff:ff:ff:ff:ff:ff", "multicast")]
    [InlineData("00:00:00:00:00:00", "all zero")]
    [InlineData("aa:cc:00:00:00", "is not a MAC address")]
    [InlineData("aa:cc:00:00:00:01;reboot", "is not a MAC address")]
    [InlineData("zz:cc:00:00:00:01", "is not a MAC address")]
    [InlineData("aacc.0000.0001", "is not a MAC address")]
    [InlineData("", "is not a MAC address")]
    public async Task Online_refuses_a_bad_backend_mac(string mac, string reason)
    {
        Sandbox.Xenstore.Write($"{Vif.BackendPath}/mac", mac);

        var run = await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(reason, Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-error"), StringComparison.Ordinal);
        Assert.Equal("error", Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-status"));
        Assert.DoesNotContain(run.Calls, call => !call.StartsWith("xenstore-", StringComparison.Ordinal));
        await AssertNothingChangedAsync(run);
    }

    [Theory]
    [InlineData("vifname", "-x", "is not a valid interface name")]
    [InlineData("vifname", "a;b", "is not a valid interface name")]
    [InlineData("vifname", "name16bytes-long", "is not a valid interface name")]
    [InlineData("bridge", "-x", "is not a valid interface name")]
    [InlineData("bridge", "br1", "does not exist")]
    [InlineData("mtu", "67", "68..65535")]
    [InlineData("mtu", "65536", "68..65535")]
    [InlineData("mtu", "01500", "68..65535")]
    [InlineData("mtu", "1500 ", "68..65535")]
    public async Task Online_refuses_a_bad_backend_value(string key, string value, string reason)
    {
        Sandbox.Xenstore.Write($"{Vif.BackendPath}/{key}", value);

        var run = await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(reason, Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-error"), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Calls, call => !call.StartsWith("xenstore-", StringComparison.Ordinal));
        await AssertNothingChangedAsync(run);
    }

    [Fact]
    public async Task Add_refuses_a_vifname_that_leaves_no_room_for_the_emu_suffix()
    {
        await Sandbox.AddEmulatedNicAsync(Vif, Ct);
        Sandbox.Xenstore.Write($"{Vif.BackendPath}/vifname", "guest-eth0-x");
        var environment = new Dictionary<string, string> { ["INTERFACE"] = Vif.EmulatedName };

        var run = await Sandbox.RunScriptAsync("add", Vif.Name, Vif.BackendPath, "tap", environment, Ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("-emu suffix", Sandbox.Xenstore.Read($"{Vif.BackendPath}/hotplug-error"), StringComparison.Ordinal);
        await AssertNothingChangedAsync(run);
    }

    [Fact]
    public async Task Offline_with_a_bad_backend_vifname_exits_zero_and_releases_nothing()
    {
        Assert.Equal(0, (await Sandbox.RunScriptAsync("online", Vif.Name, Vif.BackendPath, ct: Ct)).ExitCode);
        Sandbox.Xenstore.Write($"{Vif.BackendPath}/vifname", "-x");

        var run = await Sandbox.RunScriptAsync("offline", Vif.Name, Vif.BackendPath, ct: Ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(HotplugSandbox.Bridge, (await Sandbox.Dom0.LinkAsync(Vif.Name, Ct))?.Master);
        Assert.DoesNotContain(run.Calls, call => !call.StartsWith("xenstore-read ", StringComparison.Ordinal));
    }

    private static string Program(string call) => call.Split(' ')[0];

    /// <summary>
    /// The Xen library was never sourced (it creates xen-hotplug.log first thing), no traced program
    /// such as <c>ip</c> ran, and the vif is still down and on no bridge.
    /// </summary>
    private async Task AssertNothingChangedAsync(HotplugRun run)
    {
        Assert.Null(run.Log);
        Assert.DoesNotContain(run.Calls, call => !call.StartsWith("xenstore-", StringComparison.Ordinal));
        Assert.Empty(await Sandbox.Dom0.PortsAsync(HotplugSandbox.Bridge, Ct));
        var link = await Sandbox.Dom0.LinkAsync(Vif.Name, Ct);
        Assert.NotNull(link);
        Assert.False(link.IsUp);
        Assert.Null(link.Master);
    }
}

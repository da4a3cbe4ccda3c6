namespace XenMesh.IntegrationTests.Hotplug;

/// <summary>
/// Per test: a fresh <see cref="HotplugSandbox"/> holding guest "xen1" (domid 5) with vif5.0 as
/// netback and libxl leave it before running the hotplug script; all of it removed afterwards.
/// </summary>
public abstract class SandboxedVifTests(XenScriptLibrary library) : IAsyncLifetime
{
    protected const string Mac = "aa:cc:00:00:00:01";

    protected static readonly Guid Uuid = Guid.Parse("6a1f0c2e-5b3d-4f7a-9e21-0c4d8b7a1f35");

    private HotplugSandbox? sandbox;
    private GuestVif? vif;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal HotplugSandbox Sandbox => sandbox ?? throw new InvalidOperationException("not initialized");

    internal GuestVif Vif => vif ?? throw new InvalidOperationException("not initialized");

    public async ValueTask InitializeAsync()
    {
        sandbox = await HotplugSandbox.CreateAsync(library, Ct);
        try
        {
            vif = await sandbox.AddGuestVifAsync(5, 0, Mac, "xen1", Uuid, Ct);
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (sandbox is not null)
            await sandbox.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

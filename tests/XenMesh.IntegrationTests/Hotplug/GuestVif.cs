using System.Globalization;

namespace XenMesh.IntegrationTests.Hotplug;

/// <summary>A guest NIC as libxl names it: the vif, its backend path and, for HVM, its -emu tap.</summary>
internal sealed record GuestVif(int DomainId, int DeviceId)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"vif{DomainId}.{DeviceId}");

    public string EmulatedName => Name + "-emu";

    /// <summary>XENBUS_PATH as libxl passes it: relative to dom0's home /local/domain/0.</summary>
    public string BackendPath => string.Create(CultureInfo.InvariantCulture, $"backend/vif/{DomainId}/{DeviceId}");

    public string FrontendPath => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{DomainId}/device/vif/{DeviceId}");

    public string DomainPath => string.Create(CultureInfo.InvariantCulture, $"/local/domain/{DomainId}");
}

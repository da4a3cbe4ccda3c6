namespace XenMesh.Tests.Linux;

/// <summary>
/// Outputs captured from iproute2 6.1 and ethtool 6.1 on Debian 12 (kernel 6.18) in a scratch network
/// namespace: br0 with two veth ports, one of them paired into another namespace; plus a virtio NIC.
/// </summary>
internal static class TestData
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Linux", "TestData", name));
}

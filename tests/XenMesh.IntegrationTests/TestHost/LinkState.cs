namespace XenMesh.IntegrationTests.TestHost;

/// <summary>One network interface as <c>ip -j link show</c> reports it.</summary>
internal sealed record LinkState(string Name, string? Master, bool IsUp, int Mtu);

namespace XenMesh.Tests.Dhcp.Codec;

/// <summary>
/// Packets captured from busybox 1.35 udhcpc and ISC dhclient 4.4.3 (Debian 12) on a veth with no
/// server, by TestData/capture-clients.sh; and the fuzz corpus shipped with tests/XenMesh.Fuzz.
/// </summary>
internal static class CodecTestData
{
    public static byte[] Captured(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Dhcp", "Codec", "TestData", name + ".bin"));

    public static string CorpusDirectory(string target) => Path.Combine(AppContext.BaseDirectory, "FuzzCorpus", target);
}

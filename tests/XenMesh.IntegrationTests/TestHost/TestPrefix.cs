using System.Security.Cryptography;

namespace XenMesh.IntegrationTests.TestHost;

/// <summary>
/// A fresh name prefix per test (<c>xmt</c> + 4 random characters) for everything the test creates
/// on the host, so tests running side by side never touch each other's namespaces or folders.
/// </summary>
internal static class TestPrefix
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => "xmt" + RandomNumberGenerator.GetString(Alphabet, 4);
}

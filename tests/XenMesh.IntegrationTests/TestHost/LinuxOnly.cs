using System.Runtime.Versioning;

// The integration tests drive Linux network namespaces, iproute2 and Unix file modes.
[assembly: SupportedOSPlatform("linux")]

using XenMesh.Fuzz.Dhcp;
using XenMesh.Fuzz.Dns;
using XenMesh.Fuzz.Rip;

namespace XenMesh.Fuzz;

/// <summary>An input handler: returns normally for any input the parser handles correctly, throws otherwise.</summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>Every fuzz target by the name given on the command line.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>(StringComparer.Ordinal)
    {
        ["dhcp"] = DhcpFuzzTarget.Run,
        ["dns"] = DnsFuzzTarget.Run,
        ["rip"] = RipFuzzTarget.Run,
    };
}

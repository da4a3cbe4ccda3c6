using XenMesh.Messages.Values;

namespace XenMesh.Node.Linux;

/// <summary>One address a bridge learned (<c>bridge fdb</c>): frames from <paramref name="Mac"/> came in on <paramref name="Port"/>.</summary>
/// <param name="Mac">The learned source MAC.</param>
/// <param name="Port">The bridge port it was learned on.</param>
/// <param name="Bridge">The bridge.</param>
public sealed record BridgeFdbEntry(MacAddress Mac, string Port, string Bridge);

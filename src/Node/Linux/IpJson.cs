using System.Text.Json.Serialization;

namespace XenMesh.Node.Linux;

// The subset of iproute2's JSON output the adapter reads; unknown fields are ignored, so newer
// iproute2 versions that add fields still parse.

internal sealed record IpLinkJson(
    [property: JsonPropertyName("ifindex")] int IfIndex,
    [property: JsonPropertyName("ifname")] string IfName,
    [property: JsonPropertyName("mtu")] int Mtu,
    [property: JsonPropertyName("flags")] IReadOnlyList<string>? Flags = null,
    [property: JsonPropertyName("master")] string? Master = null,
    [property: JsonPropertyName("operstate")] string? OperState = null,
    [property: JsonPropertyName("address")] string? Address = null,
    [property: JsonPropertyName("link")] string? Link = null,
    [property: JsonPropertyName("parentbus")] string? ParentBus = null,
    [property: JsonPropertyName("parentdev")] string? ParentDev = null,
    [property: JsonPropertyName("linkinfo")] IpLinkInfoJson? LinkInfo = null);

internal sealed record IpLinkInfoJson([property: JsonPropertyName("info_kind")] string? InfoKind = null);

internal sealed record IpAddrLinkJson(
    [property: JsonPropertyName("ifname")] string IfName,
    [property: JsonPropertyName("addr_info")] IReadOnlyList<IpAddrInfoJson>? AddrInfo = null);

internal sealed record IpAddrInfoJson(
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("local")] string Local,
    [property: JsonPropertyName("prefixlen")] int PrefixLen);

internal sealed record BridgeLinkJson(
    [property: JsonPropertyName("ifindex")] int IfIndex,
    [property: JsonPropertyName("ifname")] string IfName,
    [property: JsonPropertyName("master")] string? Master = null,
    [property: JsonPropertyName("state")] string? State = null);

internal sealed record BridgeFdbJson(
    [property: JsonPropertyName("mac")] string Mac,
    [property: JsonPropertyName("ifname")] string? IfName = null,
    [property: JsonPropertyName("master")] string? Master = null,
    [property: JsonPropertyName("state")] string? State = null,
    [property: JsonPropertyName("flags")] IReadOnlyList<string>? Flags = null);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(List<IpLinkJson>))]
[JsonSerializable(typeof(List<IpAddrLinkJson>))]
[JsonSerializable(typeof(List<BridgeLinkJson>))]
[JsonSerializable(typeof(List<BridgeFdbJson>))]
internal sealed partial class IpJsonContext : JsonSerializerContext;

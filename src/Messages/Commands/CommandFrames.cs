using System.Text.Json;
using System.Text.Json.Serialization;

namespace XenMesh.Messages.Commands;

/// <summary>
/// Frames exchanged between the <c>xenmesh</c> client and a node's command host. On the wire each
/// frame is a 4-byte big-endian length followed by UTF-8 JSON whose <c>type</c> property selects the
/// record: a closed set of short names, never a .NET type name.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(SchemaRequest), "schema?")]
[JsonDerivedType(typeof(SchemaResponse), "schema")]
[JsonDerivedType(typeof(RunCommand), "run")]
[JsonDerivedType(typeof(CancelCommand), "cancel")]
[JsonDerivedType(typeof(OutputLine), "line")]
[JsonDerivedType(typeof(OutputRecord), "record")]
[JsonDerivedType(typeof(CommandSucceeded), "ok")]
[JsonDerivedType(typeof(CommandFailed), "error")]
public abstract record CommandFrame;

/// <summary>Client → host: send me every palette.</summary>
public sealed record SchemaRequest : CommandFrame;

/// <summary>Host → client: the palettes this node serves.</summary>
public sealed record SchemaResponse(string Host, string Version, IReadOnlyList<PaletteDefinition> Palettes) : CommandFrame;

/// <summary>One switch as given on the command line, resolved to its argument name.</summary>
public sealed record ArgumentValue(string Name, string? Value);

/// <summary>Client → host: run one command. <paramref name="Json"/> asks for records instead of text lines.</summary>
public sealed record RunCommand(string Palette, string Command, IReadOnlyList<ArgumentValue> Arguments, bool Json) : CommandFrame;

/// <summary>Client → host: stop the running (streaming) command.</summary>
public sealed record CancelCommand : CommandFrame;

/// <summary>Host → client: one line of human output.</summary>
public sealed record OutputLine(string Text) : CommandFrame;

/// <summary>Host → client: one JSON object of script output (<c>-j</c>).</summary>
public sealed record OutputRecord(JsonElement Data) : CommandFrame;

/// <summary>Host → client: the command finished; ends the stream.</summary>
public sealed record CommandSucceeded : CommandFrame;

/// <summary>Why a command failed, which the client maps to its exit code.</summary>
public enum FailureKind
{
    /// <summary>The command ran and failed (exit code 1).</summary>
    Failed = 1,

    /// <summary>Unknown palette, command or switch, or a missing mandatory argument (exit code 2).</summary>
    Usage = 2,
}

/// <summary>Host → client: the command failed; ends the stream.</summary>
public sealed record CommandFailed(string Message, FailureKind Kind = FailureKind.Failed) : CommandFrame;

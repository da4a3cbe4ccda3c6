using XenMesh.Messages.Commands;

namespace XenMesh.Node.Commands.Client;

/// <summary>A command line the schema refuses, with as much of the schema as was matched, for the usage shown after it.</summary>
internal sealed record UsageError(string Message, PaletteDefinition? Palette = null, CommandDefinition? Command = null);

namespace XenMesh.Node.Commands.Client;

/// <summary>The client's exit codes, part of the CLI contract that scripts (the hotplug script first) rely on.</summary>
internal static class ClientExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran on the node and failed.</summary>
    public const int CommandFailed = 1;

    /// <summary>Unknown palette, command or switch, a missing mandatory argument, a malformed endpoint.</summary>
    public const int Usage = 2;

    /// <summary>The node could not be reached, or the connection was lost before the command ended.</summary>
    public const int Unavailable = 3;
}

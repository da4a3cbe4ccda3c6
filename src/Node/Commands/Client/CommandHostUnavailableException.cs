namespace XenMesh.Node.Commands.Client;

/// <summary>The node could not be reached or the connection broke: the client's exit code 3.</summary>
internal sealed class CommandHostUnavailableException : Exception
{
    public CommandHostUnavailableException(string message)
        : base(message)
    {
    }

    public CommandHostUnavailableException()
    {
    }

    public CommandHostUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace XenMesh.Node.Linux;

/// <summary>A program of the Linux adapter failed or printed something it could not read.</summary>
public sealed class LinkCommandException : Exception
{
    public LinkCommandException(ProcessResult result)
        : base($"{result.CommandLine} exited with {result.ExitCode}: {result.StandardError.Trim()}")
    {
        Result = result;
    }

    public LinkCommandException(ProcessResult result, string message, Exception innerException)
        : base($"{result.CommandLine}: {message}", innerException)
    {
        Result = result;
    }

    public LinkCommandException()
    {
    }

    public LinkCommandException(string message)
        : base(message)
    {
    }

    public LinkCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failed run: command line, exit code, stderr. Null only for the standard constructors.</summary>
    public ProcessResult? Result { get; }
}

namespace XenMesh.Node.Linux;

/// <summary>What a finished program left behind.</summary>
public sealed record ProcessResult(string FileName, IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command as a person would type it, for logs and errors only; never executed.</summary>
    public string CommandLine => string.Join(' ', Arguments.Prepend(FileName));
}

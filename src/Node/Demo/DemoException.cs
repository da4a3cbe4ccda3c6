namespace XenMesh.Node.Demo;

/// <summary>A demo step failed; the message says which and why.</summary>
public sealed class DemoException : Exception
{
    public DemoException(string message)
        : base(message)
    {
    }

    public DemoException()
    {
    }

    public DemoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

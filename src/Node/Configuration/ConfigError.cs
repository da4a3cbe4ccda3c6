namespace XenMesh.Node.Configuration;

/// <summary>One reason the configuration was refused, named by its key path (<c>bridge.address</c>).</summary>
public sealed record ConfigError(string Key, string Reason)
{
    public override string ToString() => $"{Key}: {Reason}";
}

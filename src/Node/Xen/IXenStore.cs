namespace XenMesh.Node.Xen;

/// <summary>Read access to xenstore. Values come back raw: every caller validates what it reads.</summary>
public interface IXenStore
{
    /// <summary>
    /// The value at an absolute <paramref name="path"/>, or a null value and the reason when it cannot be
    /// read (no such key, or no Xen on this machine).
    /// </summary>
    Task<XenStoreValue> ReadAsync(string path, CancellationToken ct);
}

/// <summary>One read: the value, or why there is none.</summary>
public sealed record XenStoreValue(string? Value, string? Problem)
{
    public static XenStoreValue Missing(string problem) => new(null, problem);
}

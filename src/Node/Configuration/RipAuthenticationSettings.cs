namespace XenMesh.Node.Configuration;

/// <summary>The shared key of RIP keyed-MD5 authentication; the router must know the same id and key.</summary>
public sealed class RipAuthenticationSettings
{
    /// <summary>The key id sent in every packet (0-255).</summary>
    public int KeyId { get; set; } = 1;

    /// <summary>
    /// Absolute path of a file holding the key (1-16 octets; one trailing newline is ignored), kept out of
    /// the config file so the config can be world-readable.
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>The key as the file holds it: one trailing newline (CR LF or LF) removed.</summary>
    public static byte[] ReadKey(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == '\n')
            length--;
        if (length > 0 && bytes[length - 1] == '\r')
            length--;
        return bytes[..length];
    }
}

namespace XenMesh.Node.Rip.Codec;

/// <summary>The RIP command octet (RFC 2453 §4); the obsolete commands 3-5 are not accepted.</summary>
public enum RipCommand : byte
{
    /// <summary>Asks for all or part of the responder's table.</summary>
    Request = 1,

    /// <summary>Carries routes: a regular or triggered update, or the answer to a request.</summary>
    Response = 2,
}

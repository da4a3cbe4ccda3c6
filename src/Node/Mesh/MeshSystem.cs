using Akka.Actor;

namespace XenMesh.Node.Mesh;

/// <summary>
/// The mesh's current ActorSystem (the clustered one), for readers outside it such as the <c>cluster</c>
/// palette. <see cref="MeshIncarnations"/> replaces it after this member is downed; null while it restarts.
/// </summary>
public sealed class MeshSystem
{
    private ActorSystem? _current;

    public ActorSystem? Current => Volatile.Read(ref _current);

    internal void Swap(ActorSystem? system) => Volatile.Write(ref _current, system);
}

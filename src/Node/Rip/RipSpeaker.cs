namespace XenMesh.Node.Rip;

/// <summary>
/// The registry key of the RIP speaker actor (<see cref="Speaker.RipSpeakerActor"/>): resolve it with
/// <c>IRequiredActor&lt;RipSpeaker&gt;</c> or <c>ActorRegistry.TryGet&lt;RipSpeaker&gt;</c> (absent when
/// <c>rip.enabled</c> is false) and drive it with <see cref="Speaker.RipSpeakerProtocol.SetRoutes"/>.
/// </summary>
public sealed class RipSpeaker;

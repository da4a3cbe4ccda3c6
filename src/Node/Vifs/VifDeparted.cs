using Akka.Actor;
using XenMesh.Messages.Values;
using XenMesh.Node.Xen;

namespace XenMesh.Node.Vifs;

/// <summary>
/// Published on the EventStream when a registered vif went offline and was forgotten: whoever keeps state
/// per guest decides from xenstore whether the domain is gone for good or migrating (protocol-rules L5).
/// </summary>
/// <param name="Id">The vif's backend coordinates (its domid says which domain to look at).</param>
/// <param name="Vif">The port's name.</param>
/// <param name="Mac">The backend MAC the registration held.</param>
public sealed record VifDeparted(VifId Id, string Vif, MacAddress Mac) : INoSerializationVerificationNeeded;

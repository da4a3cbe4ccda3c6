using Akka.Actor;
using Akka.Hosting;
using XenMesh.Messages;
using XenMesh.Messages.Serialization;

namespace XenMesh.Tests.Messages.Serialization;

/// <summary>
/// Wire messages delivered locally with <c>serialize-messages = on</c>: each arrives as a copy that went
/// through <see cref="XenMeshSerializer"/>, as it would between nodes. The setting applies to every local
/// message, and without Akka.Remote Akka's own local messages (<c>Identify</c>, <c>StopChild</c>,
/// <c>RequestRecoveryPermit</c>, the TestKit's probes) have no binding, so this system alone keeps the
/// fallback on; the lock-down itself is tested in <see cref="XenMeshSerializerTests"/>. Actor tests
/// therefore do not turn <c>serialize-messages</c> on: local protocols are marked
/// <c>INoSerializationVerificationNeeded</c>, persisted events are checked by a real journal.
/// </summary>
public sealed class SerializeMessagesTests : Akka.Hosting.TestKit.TestKit
{
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder
            .WithXenMeshSerialization()
            .AddHocon("akka.actor.serialize-messages = on\nakka.actor.serialization-settings.allow-unregistered-types = true", HoconAddMode.Prepend);

    [Theory]
    [MemberData(nameof(XenMeshSerializerTests.Samples), MemberType = typeof(XenMeshSerializerTests))]
    public void A_wire_message_arrives_as_a_serialized_copy(IXenMeshWireMessage message)
    {
        TestActor.Tell(message);

        var received = ExpectMsg<IXenMeshWireMessage>(TimeSpan.FromSeconds(5), cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotSame(message, received);
        Assert.Equal(message.GetType(), received.GetType());
        XenMeshSerializerTests.AssertSameContent(message, received);
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenMesh.Node.Dns.Wire;

namespace XenMesh.Tests.Dns.Wire;

public sealed class DnsWireProperties
{
    [Property(Arbitrary = [typeof(DnsArbitraries)], MaxTest = 500)]
    public void Any_message_survives_write_then_parse(DnsMessage message)
    {
        var wire = DnsMessageWriter.Write(message);

        Assert.Equal(message, DnsMessageParser.Parse(wire));
    }

    [Property(Arbitrary = [typeof(DnsArbitraries)], MaxTest = 300)]
    public void Compression_never_makes_a_message_longer_than_writing_every_name_in_full(DnsMessage message)
    {
        var compressed = DnsMessageWriter.Write(message).Length;

        Assert.True(compressed <= UncompressedLength(message), $"{compressed} octets compressed, {UncompressedLength(message)} in full");
    }

    [Property(Arbitrary = [typeof(DnsArbitraries)], MaxTest = 300)]
    public void A_name_written_twice_becomes_a_pointer_whatever_its_case(DnsName name)
    {
        var owner = name.Wire.Length == 1 ? name : DnsName.Parse(name.ToString().ToUpperInvariant());
        var message = new DnsMessage
        {
            Questions = [new DnsQuestion(name, DnsRecordType.A, DnsClass.IN)],
            Answers = [new DnsResourceRecord(owner, DnsRecordType.A, DnsClass.IN, 30, new AddressRecordData(System.Net.IPAddress.Loopback))],
        };

        var wire = DnsMessageWriter.Write(message);

        var ownerLength = name.Wire.Length == 1 ? 1 : 2;
        Assert.Equal(12 + name.Wire.Length + 4 + ownerLength + 10 + 4, wire.Length);
    }

    [Property(MaxTest = 2000)]
    public void Arbitrary_octets_parse_or_fail_with_a_format_error(byte[] packet) => AssertContract(packet);

    [Property(MaxTest = 2000)]
    public Property Mutated_messages_parse_or_fail_with_a_format_error() =>
        Prop.ForAll(Mutations.ToArbitrary(), AssertContract);

    /// <summary>
    /// The contract the fuzz target checks: the full parser parses or throws only its own exception, and what
    /// it parses writes back to a message that parses the same; the query reader never throws, and accepts
    /// nothing the full parser rejects.
    /// </summary>
    internal static void AssertContract(byte[] packet)
    {
        DnsMessage? message = null;
        try
        {
            message = DnsMessageParser.Parse(packet);
        }
        catch (DnsFormatException e)
        {
            Assert.True(Enum.IsDefined(e.Reason));
            Assert.NotEqual(DnsFormatError.None, e.Reason);
        }

        var status = DnsQueryReader.TryRead(packet, new byte[DnsLimits.MaxNameLength], out _);
        Assert.True(Enum.IsDefined(status));
        if (status == DnsFormatError.None)
            Assert.NotNull(message);
        if (message is not null)
            Assert.Equal(message, DnsMessageParser.Parse(DnsMessageWriter.Write(message)));
    }

    private static Gen<byte[]> Mutations =>
        from message in DnsArbitraries.Message
        let seed = DnsMessageWriter.Write(message)
        from edits in Gen.Choose(1, 4)
        from positions in Gen.ArrayOf(Gen.Choose(0, Math.Max(0, seed.Length - 1)), edits)
        from values in Gen.ArrayOf(Gen.Choose(0, 255), edits)
        from cut in Gen.Frequency((4, Gen.Constant(seed.Length)), (1, Gen.Choose(0, seed.Length)))
        select Mutate(seed, positions, values, cut);

    private static byte[] Mutate(byte[] seed, int[] positions, int[] values, int length)
    {
        var packet = seed.AsSpan(0, length).ToArray();
        for (var i = 0; i < positions.Length; i++)
        {
            if (positions[i] < length)
                packet[positions[i]] = (byte)values[i];
        }

        return packet;
    }

    private static int UncompressedLength(DnsMessage message)
    {
        static int Rdata(DnsRecordData data) => data switch
        {
            AddressRecordData a => a.Address.GetAddressBytes().Length,
            NameRecordData n => n.Target.Wire.Length,
            SoaRecordData s => s.PrimaryServer.Wire.Length + s.ResponsibleMailbox.Wire.Length + 20,
            OpaqueRecordData o => o.Bytes.Length,
            _ => throw new ArgumentOutOfRangeException(nameof(data)),
        };

        var records = message.Answers.Concat(message.Authorities).Concat(message.Additionals);
        return 12 + message.Questions.Sum(q => q.Name.Wire.Length + 4)
            + records.Sum(r => r.Name.Wire.Length + 10 + Rdata(r.Data))
            + (message.Edns is { } e ? 11 + e.Options.Sum(o => 4 + o.Data.Length) : 0);
    }
}

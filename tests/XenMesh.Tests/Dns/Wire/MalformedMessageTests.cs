using XenMesh.Node.Dns.Wire;

namespace XenMesh.Tests.Dns.Wire;

/// <summary>The attack classes of RFC 9267 and protocol-rules N3–N5, E2, each rejected with its own reason by both parsers.</summary>
public sealed class MalformedMessageTests
{
    private static readonly byte[] Question = [3, (byte)'x', (byte)'e', (byte)'n', 0, 0, 1, 0, 1];

    public static TheoryData<string, byte[], DnsFormatError> Corpus => new()
    {
        { "empty", [], DnsFormatError.TruncatedHeader },
        { "header cut at 11", Header(1, 0, 0, 0)[..11], DnsFormatError.TruncatedHeader },
        { "pointer to itself", [.. Header(1, 0, 0, 0), 0xc0, 12, 0, 1, 0, 1], DnsFormatError.BadPointer },
        { "forward pointer", [.. Header(1, 0, 0, 0), 0xc0, 14, 0, 0, 1, 0, 1], DnsFormatError.BadPointer },
        { "pointer past the end", [.. Header(1, 0, 0, 0), 0xff, 0xff, 0, 1, 0, 1], DnsFormatError.BadPointer },
        { "pointer into the header", [.. Header(1, 0, 0, 0), 0xc0, 0x00, 0, 1, 0, 1], DnsFormatError.TruncatedName },
        { "two-pointer loop", LoopMessage(), DnsFormatError.BadPointer },
        { "pointer cut in half", [.. Header(1, 0, 0, 0), 1, (byte)'a', 1, (byte)'b', 0xc0], DnsFormatError.TruncatedName },
        { "label type 01", [.. Header(1, 0, 0, 0), 0x41, (byte)'a', 0, 0, 1, 0, 1], DnsFormatError.BadLabelType },
        { "label type 10 (64-octet label)", [.. Header(1, 0, 0, 0), 0x80, 0, 0, 1, 0, 1], DnsFormatError.BadLabelType },
        { "label past the end", [.. Header(1, 0, 0, 0), 10, (byte)'a', (byte)'b', (byte)'c', (byte)'d'], DnsFormatError.TruncatedName },
        { "no root label", [.. Header(1, 0, 0, 0), 4, (byte)'a', (byte)'b', (byte)'c', (byte)'d'], DnsFormatError.TruncatedName },
        { "name of 256 octets", [.. Header(1, 0, 0, 0), .. LongName(256), 0, 1, 0, 1], DnsFormatError.NameTooLong },
        { "name of 256 octets through pointers", LongNameThroughPointers(), DnsFormatError.NameTooLong },
        { "question count 65535", Header(65535, 0, 0, 0), DnsFormatError.CountsExceedMessage },
        { "answer count beyond the message", [.. Header(1, 3, 0, 0), .. Question, .. ARecord()], DnsFormatError.CountsExceedMessage },
        { "question type cut", [.. Header(1, 0, 0, 0), .. Question[..^2]], DnsFormatError.TruncatedQuestion },
        { "record fixed part cut", [.. Header(1, 0, 0, 1), .. Question, 0, 0, 1, 0, 1, 0, 0], DnsFormatError.TruncatedRecord },
        { "RDLENGTH past the end", [.. Header(1, 1, 0, 0), .. Question, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 5, 192, 168, 0, 1], DnsFormatError.TruncatedRecord },
        { "trailing octets", [.. Header(1, 0, 0, 0), .. Question, 0], DnsFormatError.TrailingBytes },
        { "A with RDLENGTH 5", [.. Header(1, 1, 0, 0), .. Question, .. Record(1, [1, 2, 3, 4, 5])], DnsFormatError.RdataLengthMismatch },
        { "PTR name shorter than RDLENGTH", [.. Header(1, 1, 0, 0), .. Question, .. Record(12, [0, 0])], DnsFormatError.RdataLengthMismatch },
        { "MX exchange with a forward pointer", [.. Header(1, 1, 0, 0), .. Question, .. Record(15, [0, 10, 0xc0, 40])], DnsFormatError.BadPointer },
        { "MX exchange shorter than RDLENGTH", [.. Header(1, 1, 0, 0), .. Question, .. Record(15, [0, 10, 0xc0, 12, 0])], DnsFormatError.RdataLengthMismatch },
        { "MX exchange running past RDLENGTH", [.. Header(1, 1, 0, 0), .. Question, 0xc0, 12, 0, 15, 0, 1, 0, 0, 0, 30, 0, 3, 0, 10, 0xc0, 12], DnsFormatError.RdataLengthMismatch },
        { "SRV shorter than its fixed octets", [.. Header(1, 1, 0, 0), .. Question, .. Record(33, [0, 1, 0])], DnsFormatError.RdataLengthMismatch },
        { "OPT in the answer section", [.. Header(1, 1, 0, 0), .. Question, .. Opt([])], DnsFormatError.MisplacedOpt },
        { "OPT not owned by the root", [.. Header(1, 0, 0, 1), .. Question, 0xc0, 12, .. Opt([])[1..]], DnsFormatError.MisplacedOpt },
        { "two OPT records", [.. Header(1, 0, 0, 2), .. Question, .. Opt([]), .. Opt([])], DnsFormatError.DuplicateOpt },
        { "EDNS option overrunning OPT", [.. Header(1, 0, 0, 1), .. Question, .. Opt([0, 100, 0, 8, 1, 2])], DnsFormatError.EdnsOptionOverrun },
        { "EDNS option header cut", [.. Header(1, 0, 0, 1), .. Question, .. Opt([0, 100, 0])], DnsFormatError.EdnsOptionOverrun },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_full_parser_rejects_it_with_its_reason(string name, byte[] message, DnsFormatError reason)
    {
        var e = Assert.Throws<DnsFormatException>(() => DnsMessageParser.Parse(message));

        Assert.True(reason == e.Reason, $"{name}: {e.Reason}");
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_query_reader_rejects_it(string name, byte[] message, DnsFormatError reason)
    {
        var status = DnsQueryReader.TryRead(message, new byte[DnsLimits.MaxNameLength], out _);

        Assert.True(status != DnsFormatError.None, $"{name} ({reason}) was accepted");
    }

    [Fact]
    public void The_query_reader_wants_exactly_one_question_and_no_answers()
    {
        var buffer = new byte[DnsLimits.MaxNameLength];

        Assert.Equal(DnsFormatError.QuestionCount, DnsQueryReader.TryRead([.. Header(2, 0, 0, 0), .. Question, .. Question], buffer, out _));
        Assert.Equal(DnsFormatError.QuestionCount, DnsQueryReader.TryRead(Header(0, 0, 0, 0), buffer, out _));
        Assert.Equal(DnsFormatError.RecordsInQuery, DnsQueryReader.TryRead([.. Header(1, 1, 0, 0), .. Question, .. ARecord()], buffer, out _));
    }

    [Fact]
    public void A_backward_pointer_chain_is_followed()
    {
        // "xen" at 12, then a question "a.<pointer to 12>" at 21.
        byte[] message = [.. Header(2, 0, 0, 0), .. Question, 1, (byte)'a', 0xc0, 12, 0, 1, 0, 1];

        var parsed = DnsMessageParser.Parse(message);

        Assert.Equal("a.xen.", parsed.Questions[1].Name.ToString());
    }

    internal static byte[] Header(int qd, int an, int ns, int ar) =>
        [0x12, 0x34, 0x01, 0x00, (byte)(qd >> 8), (byte)qd, (byte)(an >> 8), (byte)an, (byte)(ns >> 8), (byte)ns, (byte)(ar >> 8), (byte)ar];

    private static byte[] ARecord() => Record(1, [192, 168, 0, 1]);

    private static byte[] Record(byte type, byte[] rdata) =>
        [0xc0, 12, 0, type, 0, 1, 0, 0, 0, 30, (byte)(rdata.Length >> 8), (byte)rdata.Length, .. rdata];

    private static byte[] Opt(byte[] options) =>
        [0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, (byte)(options.Length >> 8), (byte)options.Length, .. options];

    private static byte[] LongName(int length)
    {
        var name = new List<byte>();
        while (name.Count + 64 + 1 <= length)
            name.AddRange([63, .. Enumerable.Repeat((byte)'a', 63)]);
        var rest = length - name.Count - 1;
        if (rest > 1)
            name.AddRange([(byte)(rest - 1), .. Enumerable.Repeat((byte)'b', rest - 1)]);
        name.Add(0);
        return [.. name];
    }

    // Two questions: 200 octets of labels, then 60 more octets of labels pointing back to the first name.
    private static byte[] LongNameThroughPointers()
    {
        var first = LongName(200);
        byte[] prefix = [59, .. Enumerable.Repeat((byte)'c', 59)];
        return [.. Header(2, 0, 0, 0), .. first, 0, 1, 0, 1, .. prefix, 0xc0, 12, 0, 1, 0, 1];
    }

    // Question 1 at 12: "a" then a pointer to 17; at 17 (question 2's name): "b" then a pointer to 12.
    private static byte[] LoopMessage() =>
        [.. Header(2, 0, 0, 0), 1, (byte)'a', 0xc0, 17, 0, 1, 1, (byte)'b', 0xc0, 12, 0, 1, 0, 1];
}

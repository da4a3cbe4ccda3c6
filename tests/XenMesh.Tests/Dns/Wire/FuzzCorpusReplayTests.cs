using XenMesh.Node.Dns.Wire;
using XenMesh.Tests.Dhcp.Codec;

namespace XenMesh.Tests.Dns.Wire;

/// <summary>
/// Every file of the DNS fuzz corpus (tests/XenMesh.Fuzz/Corpus/dns) as a test case: the same contract as the
/// fuzz target, and the name prefixes say what must parse (captured dig queries, valid messages) and what must not.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    public static TheoryData<string> CorpusFiles =>
        new(Directory.GetFiles(CodecTestData.CorpusDirectory("dns")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void The_corpus_has_its_seeds()
    {
        Assert.True(CorpusFiles.Count >= 20, $"only {CorpusFiles.Count} corpus files were copied to the test output");
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void A_corpus_input_parses_or_fails_with_a_format_error_and_survives_re_writing(string file)
    {
        var message = File.ReadAllBytes(Path.Combine(CodecTestData.CorpusDirectory("dns"), file));

        DnsWireProperties.AssertContract(message);
        if (file.StartsWith("malformed-", StringComparison.Ordinal))
            Assert.Throws<DnsFormatException>(() => DnsMessageParser.Parse(message));
        else if (file.Split('-')[0] is "valid" or "captured")
            Assert.NotNull(DnsMessageParser.Parse(message));
        if (file.StartsWith("captured-", StringComparison.Ordinal))
            Assert.Equal(DnsFormatError.None, DnsQueryReader.TryRead(message, new byte[DnsLimits.MaxNameLength], out _));
    }
}

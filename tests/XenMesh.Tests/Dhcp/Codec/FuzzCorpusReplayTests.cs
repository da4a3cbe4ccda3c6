using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Tests.Dhcp.Codec;

/// <summary>
/// Every file of the DHCP fuzz corpus (tests/XenMesh.Fuzz/Corpus/dhcp) as a test case; the seeds'
/// name prefixes also say whether they must decode (valid, golden, captured) or not (malformed).
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    public static TheoryData<string> CorpusFiles =>
        new(Directory.GetFiles(CodecTestData.CorpusDirectory("dhcp")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void The_corpus_has_its_seeds()
    {
        Assert.True(CorpusFiles.Count >= 20, $"only {CorpusFiles.Count} corpus files were copied to the test output");
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void A_corpus_input_decodes_or_fails_with_a_format_error_and_survives_re_encoding(string file)
    {
        var packet = File.ReadAllBytes(Path.Combine(CodecTestData.CorpusDirectory("dhcp"), file));

        DhcpCodecProperties.AssertContract(packet);
        if (file.StartsWith("malformed-", StringComparison.Ordinal))
            Assert.Throws<DhcpFormatException>(() => DhcpDecoder.Decode(packet));
        else if (file.Split('-')[0] is "valid" or "golden" or "captured")
            Assert.NotNull(DhcpDecoder.Decode(packet));
    }
}

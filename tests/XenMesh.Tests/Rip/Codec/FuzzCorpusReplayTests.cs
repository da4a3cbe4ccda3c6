using XenMesh.Node.Rip.Codec;

namespace XenMesh.Tests.Rip.Codec;

/// <summary>
/// Every file of the RIP fuzz corpus (tests/XenMesh.Fuzz/Corpus/rip) as a test case; <c>golden-*</c> and
/// <c>valid-*</c> seeds must decode, <c>malformed-*</c> seeds must be refused.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    private static string Corpus => Path.Combine(AppContext.BaseDirectory, "FuzzCorpus", "rip");

    public static TheoryData<string> CorpusFiles =>
        new(Directory.GetFiles(Corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void The_corpus_has_its_seeds()
    {
        Assert.True(CorpusFiles.Count >= 10, $"only {CorpusFiles.Count} corpus files were copied to the test output");
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void A_corpus_input_decodes_or_fails_with_a_format_error_and_survives_re_encoding(string file)
    {
        var packet = File.ReadAllBytes(Path.Combine(Corpus, file));

        RipCodecProperties.AssertContract(packet);
        if (file.StartsWith("malformed-", StringComparison.Ordinal))
            Assert.Throws<RipFormatException>(() => RipDecoder.Decode(packet));
        else if (file.Split('-')[0] is "valid" or "golden")
            Assert.NotNull(RipDecoder.Decode(packet));
    }
}

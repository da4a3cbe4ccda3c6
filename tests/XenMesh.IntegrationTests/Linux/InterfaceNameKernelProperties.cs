using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenMesh.IntegrationTests.TestHost;
using XenMesh.Node.Linux;

namespace XenMesh.IntegrationTests.Linux;

/// <summary>
/// What <see cref="InterfaceName"/> accepts, the kernel and iproute2 accept and give back unchanged:
/// the validator is never looser than the system it guards. Runs in one throw-away namespace.
/// </summary>
public sealed class InterfaceNameKernelProperties : IAsyncLifetime
{
    private readonly string _prefix = TestPrefix.New();
    private NetworkNamespace? _namespace;
    private LinkAdapter _adapter = null!;
    private HashSet<string> _existing = [];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await NetworkNamespace.RemoveLeftoversAsync(_prefix, ct);
        _namespace = await NetworkNamespace.CreateAsync($"{_prefix}-names", ct);
        _adapter = new LinkAdapter(new NamespaceProcessRunner(_namespace.Name));
        _existing = (await _adapter.ListLinksAsync(ct)).Select(l => l.Name).ToHashSet();
    }

    // The kernel has no dummy driver here (CONFIG_DUMMY unset); a bridge is the cheapest device that
    // takes any name, and it is what the adapter creates anyway.
    [Property(MaxTest = 100, Arbitrary = [typeof(CandidateNames)])]
    public async Task<bool> A_valid_name_is_created_and_read_back_unchanged_and_an_invalid_one_runs_nothing(CandidateName candidate)
    {
        var ct = TestContext.Current.CancellationToken;
        var name = candidate.Value;
        if (name is not null && _existing.Contains(name))
            return true;
        if (!InterfaceName.IsValid(name))
        {
            await Assert.ThrowsAsync<ArgumentException>(() => _adapter.CreateBridgeAsync(name!, ct));
            return true;
        }

        await _adapter.CreateBridgeAsync(name!, ct);
        try
        {
            var created = (await _adapter.ListLinksAsync(ct)).Where(l => !_existing.Contains(l.Name)).ToList();
            return created is [{ Kind: "bridge" } link] && link.Name == name;
        }
        finally
        {
            await _adapter.DeleteLinkAsync(name!, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_namespace is not null)
            await _namespace.DisposeAsync();
    }
}

/// <summary>A string offered as an interface name; null and anything else included.</summary>
public sealed record CandidateName(string? Value)
{
    public override string ToString() => Value is null ? "null" : $"\"{Value.ReplaceLineEndings("\\n")}\" ({Value.Length} chars)";
}

/// <summary>
/// A quarter arbitrary strings (almost all invalid); a quarter strings of 0-17 characters drawn mostly
/// from the interface-name alphabet with a few hostile characters mixed in (valid names and names
/// around the 15-byte limit); half near-misses: a valid name with trailing whitespace or a control
/// character (the classic end-anchor mistake), a leading option dash or dot, one hostile character
/// inside, or padded to 16 bytes.
/// </summary>
public static class CandidateNames
{
    private static readonly char[] Alphanumerics = "abcxyzABCXYZ0189".ToCharArray();
    private static readonly char[] NameCharacters = "abcxyzABCXYZ0189._-".ToCharArray();
    private static readonly char[] HostileCharacters = ";$`'\" /:\t\n\\*é\0".ToCharArray();
    private static readonly char[] TrailingCharacters = "\n\r\t \0".ToCharArray();

    public static Arbitrary<CandidateName> Names()
    {
        var character = Gen.Frequency((12, Gen.Elements(NameCharacters)), (1, Gen.Elements(HostileCharacters)));
        var biased = Gen.Choose(0, 17).SelectMany(length => Gen.ArrayOf(character, length)).Select(chars => new string(chars));
        var valid = Gen.Elements(Alphanumerics).SelectMany(
            first => Gen.Choose(0, 14).SelectMany(length => Gen.ArrayOf(Gen.Elements(NameCharacters), length)),
            (first, rest) => first + new string(rest));
        var nearMiss = Gen.Frequency(
            (2, valid.SelectMany(name => Gen.Elements(TrailingCharacters), (name, c) => name + c)),
            (1, valid.SelectMany(name => Gen.Elements('-', '.'), (name, c) => c + name)),
            (1, valid.SelectMany(name => Gen.Elements(HostileCharacters), (name, c) => name[..1] + c + name[1..])),
            (1, valid.Select(name => name.PadRight(16, 'x'))));
        var arbitrary = ArbMap.Default.GeneratorFor<string>();
        return Gen.Frequency((1, arbitrary), (1, biased), (2, nearMiss)).Select(s => new CandidateName(s)).ToArbitrary();
    }
}

using System.Collections;
using System.Runtime.CompilerServices;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// A message's options, at most one per code (RFC 3396 concatenation already applied), in wire
/// order. Equal when the same options appear in the same order. Pad, End and Overload (52) are not
/// options here: the codec writes and consumes them itself.
/// </summary>
[CollectionBuilder(typeof(DhcpOptionSet), nameof(Create))]
public sealed class DhcpOptionSet : IReadOnlyList<DhcpOption>, IEquatable<DhcpOptionSet>
{
    private readonly DhcpOption[] _options;

    public DhcpOptionSet(IEnumerable<DhcpOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = [.. options];
        Span<bool> seen = stackalloc bool[256];
        foreach (var option in _options)
        {
            ArgumentNullException.ThrowIfNull(option, nameof(options));
            if (option.Code is DhcpOptionCode.Pad or DhcpOptionCode.End or DhcpOptionCode.Overload)
                throw new ArgumentException($"option {(byte)option.Code} is written by the codec itself", nameof(options));
            if (seen[(byte)option.Code])
                throw new ArgumentException($"option {(byte)option.Code} appears twice", nameof(options));
            seen[(byte)option.Code] = true;
        }
    }

    public static DhcpOptionSet Empty { get; } = new([]);

    public static DhcpOptionSet Create(ReadOnlySpan<DhcpOption> options) => new(options.ToArray());

    public int Count => _options.Length;

    public DhcpOption this[int index] => _options[index];

    /// <summary>The option with this code, or null.</summary>
    public DhcpOption? Find(DhcpOptionCode code)
    {
        // Runs several times per packet: a loop, without the closure Array.Find would allocate.
        foreach (var option in _options)
        {
            if (option.Code == code)
                return option;
        }

        return null;
    }

    /// <summary>The first option of type <typeparamref name="T"/>, or null.</summary>
    public T? Get<T>()
        where T : DhcpOption
    {
        foreach (var option in _options)
        {
            if (option is T match)
                return match;
        }

        return null;
    }

    public bool Contains(DhcpOptionCode code) => Find(code) is not null;

    /// <summary>This set with <paramref name="option"/> replacing the one of the same code, or appended.</summary>
    public DhcpOptionSet With(DhcpOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        var index = Array.FindIndex(_options, o => o.Code == option.Code);
        return index < 0 ? new([.. _options, option]) : new(_options.Select((o, i) => i == index ? option : o));
    }

    /// <summary>This set without the option of that code.</summary>
    public DhcpOptionSet Without(DhcpOptionCode code) => new(_options.Where(o => o.Code != code));

    public bool Equals(DhcpOptionSet? other) => other is not null && _options.AsSpan().SequenceEqual(other._options);

    public override bool Equals(object? obj) => Equals(obj as DhcpOptionSet);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var option in _options)
            hash.Add(option);
        return hash.ToHashCode();
    }

    public IEnumerator<DhcpOption> GetEnumerator() => ((IEnumerable<DhcpOption>)_options).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"[{string.Join(", ", _options.AsEnumerable())}]";
}

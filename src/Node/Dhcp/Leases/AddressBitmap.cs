using System.Numerics;

namespace XenMesh.Node.Dhcp.Leases;

/// <summary>
/// One bit per address of the dynamic range, set while the address is not free. A second level marks
/// full 64-bit words, so finding the lowest free address reads at most size / 4096 summary words
/// (64 for a /16) instead of walking the range.
/// </summary>
internal sealed class AddressBitmap
{
    private readonly ulong[] _words;
    private readonly ulong[] _fullWords;
    private readonly int _size;

    public AddressBitmap(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _size = size;
        _words = new ulong[(size + 63) / 64];
        _fullWords = new ulong[(_words.Length + 63) / 64];
        FreeCount = size;

        // Bits past the end of the range are permanently taken, so the search never returns them.
        for (var i = size; i < _words.Length * 64; i++)
            SetBit(i);
    }

    /// <summary>Addresses whose bit is clear.</summary>
    public int FreeCount { get; private set; }

    public bool IsTaken(int index) => (_words[index >> 6] & (1UL << index)) != 0;

    public void Set(int index, bool taken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_size, nameof(index));
        if (taken == IsTaken(index))
            return;
        if (taken)
        {
            SetBit(index);
            FreeCount--;
        }
        else
        {
            var word = index >> 6;
            _words[word] &= ~(1UL << index);
            _fullWords[word >> 6] &= ~(1UL << word);
            FreeCount++;
        }
    }

    /// <summary>The lowest index whose bit is clear, or -1 when every address is taken.</summary>
    public int LowestFree()
    {
        for (var summary = 0; summary < _fullWords.Length; summary++)
        {
            if (_fullWords[summary] == ulong.MaxValue)
                continue;
            var word = (summary << 6) + BitOperations.TrailingZeroCount(~_fullWords[summary]);
            if (word >= _words.Length)
                return -1;
            return (word << 6) + BitOperations.TrailingZeroCount(~_words[word]);
        }

        return -1;
    }

    private void SetBit(int index)
    {
        var word = index >> 6;
        _words[word] |= 1UL << index;
        if (_words[word] == ulong.MaxValue)
            _fullWords[word >> 6] |= 1UL << word;
    }
}

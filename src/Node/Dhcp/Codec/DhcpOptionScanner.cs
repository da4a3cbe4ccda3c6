namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// Walks the option areas of one packet (options, then <c>file</c>, then <c>sname</c>) and records
/// where each instance's data lies, checking every length octet against its area. The bounds on
/// instances and data keep the work linear in the packet and the allocations small.
/// </summary>
internal sealed class DhcpOptionScanner
{
    // Real clients send 5 to 20 options: sized once rather than grown through three arrays per packet.
    private readonly List<Instance> _instances = new(32);
    private int _dataBytes;

    public void Scan(ReadOnlySpan<byte> packet, int start, int length, bool isOptionsField)
    {
        var end = start + length;
        var i = start;
        while (i < end)
        {
            var code = packet[i];
            if (code == (byte)DhcpOptionCode.Pad)
            {
                i++;
                continue;
            }

            if (code == (byte)DhcpOptionCode.End)
                return;
            if (i + 1 >= end)
                throw new DhcpFormatException(DhcpFormatError.OptionOverrun, $"option {code} at offset {i} has no length octet");
            var dataLength = packet[i + 1];
            if (i + 2 + dataLength > end)
                throw new DhcpFormatException(DhcpFormatError.OptionOverrun, $"option {code} at offset {i} claims {dataLength} octets, past the end of its area");
            if (code == (byte)DhcpOptionCode.Overload && !isOptionsField)
                throw new DhcpFormatException(DhcpFormatError.BadOverload, $"option 52 at offset {i} is inside an overloaded field");
            if (_instances.Count == DhcpLimits.MaxOptionInstances)
                throw new DhcpFormatException(DhcpFormatError.TooManyOptions, $"more than {DhcpLimits.MaxOptionInstances} options");
            _dataBytes += dataLength;
            if (_dataBytes > DhcpLimits.MaxOptionDataBytes)
                throw new DhcpFormatException(DhcpFormatError.TooMuchOptionData, $"more than {DhcpLimits.MaxOptionDataBytes} octets of option data");
            _instances.Add(new Instance(code, i + 2, dataLength));
            i += 2 + dataLength;
        }
    }

    /// <summary>The value of option 52 from the options field (0 when absent); call after scanning that field only.</summary>
    public byte Overload(ReadOnlySpan<byte> packet)
    {
        var data = Concatenate(packet, (byte)DhcpOptionCode.Overload, out var found);
        if (!found)
            return 0;
        if (data.Length != 1 || data[0] is < 1 or > 3)
            throw new DhcpFormatException(DhcpFormatError.BadOverload, $"option 52 must be one octet of 1, 2 or 3, not {Convert.ToHexString(data)}");
        return data[0];
    }

    /// <summary>Every option but 52, each code's instances concatenated in scan order (RFC 3396).</summary>
    public DhcpOptionSet Interpret(ReadOnlySpan<byte> packet)
    {
        Span<bool> seen = stackalloc bool[256];
        var options = new List<DhcpOption>(_instances.Count);
        foreach (var instance in _instances)
        {
            if (seen[instance.Code])
                continue;
            seen[instance.Code] = true;
            if (instance.Code != (byte)DhcpOptionCode.Overload)
                options.Add(DhcpOptionDecoder.Decode((DhcpOptionCode)instance.Code, Concatenate(packet, instance.Code, out _)));
        }

        return new DhcpOptionSet(options);
    }

    private ReadOnlySpan<byte> Concatenate(ReadOnlySpan<byte> packet, byte code, out bool found)
    {
        var count = 0;
        var total = 0;
        var first = default(Instance);
        foreach (var instance in _instances)
        {
            if (instance.Code != code)
                continue;
            if (count++ == 0)
                first = instance;
            total += instance.Length;
        }

        found = count > 0;
        if (count <= 1)
            return packet.Slice(first.Offset, first.Length);
        var data = new byte[total];
        var written = 0;
        foreach (var instance in _instances)
        {
            if (instance.Code != code)
                continue;
            packet.Slice(instance.Offset, instance.Length).CopyTo(data.AsSpan(written));
            written += instance.Length;
        }

        return data;
    }

    private readonly record struct Instance(byte Code, int Offset, int Length);
}

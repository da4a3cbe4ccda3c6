namespace XenMesh.Node.Dhcp.Codec;

/// <summary>
/// Lays option data out in the option areas of a packet within a size limit.
/// <list type="bullet">
/// <item>Everything fits in the options field: it goes there, in order.</item>
/// <item>Otherwise, when <c>file</c> and/or <c>sname</c> are empty, they carry options too (option 52,
/// RFC 2131 §4.1), filled in the order options, <c>file</c>, <c>sname</c> so that a decoder's
/// first-appearance order is the given order.</item>
/// <item>Options are placed in the given order, which is priority order: one that no longer fits in
/// the areas left is dropped and reported, and the next (lower priority) ones still get their chance.</item>
/// <item>An option of up to 255 octets is never split (older clients concatenate only some codes);
/// a longer one is split into instances (RFC 3396), across areas if need be.</item>
/// </list>
/// Each area keeps one octet for its End option. Options write their data straight into the packet; only one
/// longer than an instance is first written to an array of its own, which the split copies from.
/// </summary>
internal sealed class DhcpOptionPacker
{
    private const int MaxInstanceData = 255;
    private const int OverloadOptionLength = 3;

    private readonly byte[] _packet;
    private readonly IReadOnlyList<DhcpOption> _options;
    private readonly Area[] _areas;
    private int _current;

    public DhcpOptionPacker(byte[] packet, IReadOnlyList<DhcpOption> options, bool fileIsFree, bool serverNameIsFree)
    {
        _packet = packet;
        _options = options;
        var endOfOptions = packet.Length - 1;
        var needed = 0;
        for (var i = 0; i < options.Count; i++)
            needed += Cost(options[i].DataLength);
        if (DhcpLayout.Options + needed <= endOfOptions || !(fileIsFree || serverNameIsFree))
        {
            _areas = [new Area(DhcpLayout.Options, endOfOptions, 0)];
            return;
        }

        var areas = new List<Area> { new(DhcpLayout.Options, endOfOptions - OverloadOptionLength, 0) };
        if (fileIsFree)
            areas.Add(new Area(DhcpLayout.BootFileName, DhcpLayout.BootFileName + DhcpMessage.BootFileNameLength - 1, DhcpLayout.OverloadFile));
        if (serverNameIsFree)
            areas.Add(new Area(DhcpLayout.ServerName, DhcpLayout.ServerName + DhcpMessage.ServerNameLength - 1, DhcpLayout.OverloadServerName));
        _areas = [.. areas];
    }

    /// <summary>Places every option it can; returns the codes of those that did not fit.</summary>
    public EquatableArray<DhcpOptionCode> Place()
    {
        List<DhcpOptionCode>? dropped = null;
        for (var i = 0; i < _options.Count; i++)
        {
            var option = _options[i];
            var length = option.DataLength;
            var placed = length <= MaxInstanceData ? PlaceWhole(option, length) : PlaceSplit(option.Code, option.EncodeData());
            if (!placed)
                (dropped ??= []).Add(option.Code);
        }

        return dropped is null ? default : EquatableArray.From(dropped);
    }

    /// <summary>Writes option 52 if another field was used, and each used area's End; returns the packet length.</summary>
    public int Finish()
    {
        var overload = (byte)0;
        foreach (var area in _areas.AsSpan(1))
        {
            if (area.Position > area.Start)
            {
                overload |= area.OverloadFlag;
                _packet[area.Position] = (byte)DhcpOptionCode.End;
            }
        }

        ref var options = ref _areas[0];
        if (overload != 0)
            Write(ref options, DhcpOptionCode.Overload, [overload]);
        _packet[options.Position] = (byte)DhcpOptionCode.End;
        return Math.Max(DhcpLimits.BootpMinimumLength, options.Position + 1);
    }

    private bool PlaceWhole(DhcpOption option, int length)
    {
        var needed = Cost(length);
        for (var k = _current; k < _areas.Length; k++)
        {
            if (_areas[k].Free >= needed)
            {
                _current = k;
                option.WriteData(Reserve(ref _areas[k], option.Code, length));
                return true;
            }
        }

        return false;
    }

    private bool PlaceSplit(DhcpOptionCode code, byte[] data)
    {
        if (!Chunk(data.Length, write: null))
            return false;
        Chunk(data.Length, (ref area, offset, length) => Write(ref area, code, data.AsSpan(offset, length)));
        return true;
    }

    /// <summary>Cuts <paramref name="length"/> octets into instances over the areas from the current one; true if they all fit.</summary>
    private bool Chunk(int length, ChunkWriter? write)
    {
        var offset = 0;
        for (var k = _current; k < _areas.Length && offset < length; k++)
        {
            var free = _areas[k].Free;
            while (offset < length && free > 2)
            {
                var chunk = Math.Min(Math.Min(MaxInstanceData, length - offset), free - 2);
                if (write is not null)
                {
                    _current = k;
                    write(ref _areas[k], offset, chunk);
                }

                offset += chunk;
                free -= chunk + 2;
            }
        }

        return offset == length;
    }

    private void Write(ref Area area, DhcpOptionCode code, ReadOnlySpan<byte> data) => data.CopyTo(Reserve(ref area, code, data.Length));

    /// <summary>Writes an instance's code and length octets at the area's position and returns the room for its data.</summary>
    private Span<byte> Reserve(ref Area area, DhcpOptionCode code, int length)
    {
        _packet[area.Position] = (byte)code;
        _packet[area.Position + 1] = (byte)length;
        var data = _packet.AsSpan(area.Position + 2, length);
        area.Position += 2 + length;
        return data;
    }

    private static int Cost(int dataLength) =>
        dataLength == 0 ? 2 : dataLength + (2 * ((dataLength + MaxInstanceData - 1) / MaxInstanceData));

    private delegate void ChunkWriter(ref Area area, int offset, int length);

    /// <summary>An option area: <see cref="Limit"/> is where its End octet goes.</summary>
    private struct Area(int start, int limit, byte overloadFlag)
    {
        public int Start { get; } = start;

        public int Limit { get; } = limit;

        public byte OverloadFlag { get; } = overloadFlag;

        public int Position { get; set; } = start;

        public readonly int Free => Limit - Position;
    }
}

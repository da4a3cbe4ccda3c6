using System.Buffers.Binary;

namespace XenMesh.Node.Dhcp.Codec;

/// <summary>An option holding a duration in seconds (four octets); 0xffffffff means infinite.</summary>
public abstract record TimeOption : DhcpOption
{
    /// <summary>The wire value meaning "forever".</summary>
    public const uint Infinite = uint.MaxValue;

    private protected TimeOption(uint seconds) => Seconds = seconds;

    public uint Seconds { get; }

    /// <summary>The duration; <see cref="Timeout.InfiniteTimeSpan"/> for <see cref="Infinite"/>.</summary>
    public TimeSpan Duration => Seconds == Infinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Seconds);

    /// <summary>Whole seconds of <paramref name="duration"/>, saturating just below <see cref="Infinite"/>.</summary>
    public static uint ToSeconds(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return (uint)Math.Min((long)duration.TotalSeconds, Infinite - 1);
    }

    internal override int DataLength => 4;

    internal override void WriteData(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Seconds);
}

/// <summary>Option 51.</summary>
public sealed record LeaseTimeOption(uint Seconds) : TimeOption(Seconds)
{
    public override DhcpOptionCode Code => DhcpOptionCode.LeaseTime;
}

/// <summary>Option 58, T1.</summary>
public sealed record RenewalTimeOption(uint Seconds) : TimeOption(Seconds)
{
    public override DhcpOptionCode Code => DhcpOptionCode.RenewalTime;
}

/// <summary>Option 59, T2.</summary>
public sealed record RebindingTimeOption(uint Seconds) : TimeOption(Seconds)
{
    public override DhcpOptionCode Code => DhcpOptionCode.RebindingTime;
}

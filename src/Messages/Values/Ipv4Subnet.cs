using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace XenMesh.Messages.Values;

/// <summary>An IPv4 network in CIDR form, always stored with the host bits cleared.</summary>
public readonly record struct Ipv4Subnet(uint Network, int PrefixLength)
{
    /// <summary>The netmask as a 32-bit number.</summary>
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);

    /// <summary>The first address (the network address).</summary>
    public IPAddress NetworkAddress => ToAddress(Network);

    /// <summary>The netmask as an address (255.255.255.0).</summary>
    public IPAddress MaskAddress => ToAddress(Mask);

    /// <summary>The directed broadcast address.</summary>
    public IPAddress BroadcastAddress => ToAddress(Network | ~Mask);

    /// <summary>True when <paramref name="address"/> is an IPv4 address inside this network.</summary>
    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && (ToUInt32(address) & Mask) == Network;

    /// <summary>True when both networks share at least one address.</summary>
    public bool Overlaps(Ipv4Subnet other)
    {
        var shorter = Math.Min(PrefixLength, other.PrefixLength);
        var mask = shorter == 0 ? 0 : uint.MaxValue << (32 - shorter);
        return (Network & mask) == (other.Network & mask);
    }

    /// <summary>Parses <c>a.b.c.d/n</c>; the host part must be zero.</summary>
    public static bool TryParse(string? text, out Ipv4Subnet subnet, out string? error)
    {
        subnet = default;
        if (!Ipv4Interface.TryParse(text, out var iface, out error))
            return false;
        if (ToUInt32(iface.Address) != iface.Subnet.Network)
        {
            error = $"host bits are set; the network is {iface.Subnet}";
            return false;
        }

        subnet = iface.Subnet;
        return true;
    }

    public override string ToString() => $"{NetworkAddress}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>An IPv4 address as a host-order number.</summary>
    public static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>A host-order number as an IPv4 address.</summary>
    public static IPAddress ToAddress(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}

using System.Buffers.Binary;
using XenMesh.Messages.Values;
using XenMesh.Node.Dhcp.Codec;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>What the server tells every client about itself and the guest network.</summary>
/// <param name="bridge">The bridge address: server identifier (54), router (3) and DNS server (6); its prefix gives the mask (1).</param>
/// <param name="domain">The mesh domain (option 15, and the suffix of option 81 names).</param>
/// <param name="linkMtu">The bridge MTU, which caps the reply size a client's option 57 may allow.</param>
internal sealed class DhcpServerIdentity(Ipv4Interface bridge, string domain, int linkMtu = 1500)
{
    public Ipv4Interface Bridge { get; } = bridge;

    public string Domain { get; } = domain;

    public int LinkMtu { get; } = linkMtu;

    /// <summary>The bridge subnet's broadcast address read big-endian, as <see cref="DhcpReceiveBatch.Destination"/> reads a datagram's IP_PKTINFO destination.</summary>
    public uint SubnetBroadcast { get; } = BinaryPrimitives.ReadUInt32BigEndian(bridge.Subnet.BroadcastAddress.GetAddressBytes());

    /// <summary>Option 54. Options are immutable, so every reply shares these instead of building its own.</summary>
    public ServerIdentifierOption ServerIdentifier { get; } = new(bridge.Address);

    /// <summary>The network parameters every OFFER and ACK carries: options 1, 3, 6, 15 and 28.</summary>
    public IReadOnlyList<DhcpOption> Network { get; } =
    [
        new SubnetMaskOption(bridge.Subnet.MaskAddress),
        new RouterOption([bridge.Address]),
        new DomainNameServerOption([bridge.Address]),
        new DomainNameOption(domain),
        new BroadcastAddressOption(bridge.Subnet.BroadcastAddress),
    ];
}

namespace XenMesh.Node.Linux;

/// <summary>One network interface as <c>ip -j -d link show</c> reports it.</summary>
/// <param name="Name">Kernel name (<c>vif1.0</c>), without the <c>@peer</c> suffix of the text output.</param>
/// <param name="Index">ifindex: stable for the life of the device, unlike the name.</param>
/// <param name="Kind">rtnetlink kind (<c>bridge</c>, <c>veth</c>, <c>tun</c>, <c>vlan</c>...); null for
/// devices registered without link ops: hardware NICs, Xen netback vifs, loopback.</param>
/// <param name="Master">The bridge or bond this device is enslaved to, if any.</param>
/// <param name="AdminUp">The UP flag: what <c>ip link set dev X up</c> sets, regardless of carrier.</param>
/// <param name="OperState">Operational state as the kernel names it (<c>UP</c>, <c>DOWN</c>, <c>UNKNOWN</c>...).</param>
/// <param name="Mac">Link-layer address in lower-case colon form, if the device has one.</param>
/// <param name="Mtu">Maximum transmission unit.</param>
/// <param name="ParentBus">Bus of the device's parent (<c>pci</c>, <c>virtio</c>, <c>usb</c>, <c>xen-backend</c>);
/// the kernel reports it exactly when <c>/sys/class/net/NAME/device</c> exists, and netlink answers for the
/// namespace the query runs in, which sysfs of this process would not.</param>
/// <param name="ParentDevice">Name of that parent device (<c>0000:00:03.0</c>, <c>vif-1-0</c>).</param>
/// <param name="LowerLink">The device a vlan/macvlan/veth is stacked on or paired with, when it is in the same namespace.</param>
public sealed record LinkInfo(
    string Name,
    int Index,
    string? Kind,
    string? Master,
    bool AdminUp,
    string OperState,
    string? Mac,
    int Mtu,
    string? ParentBus = null,
    string? ParentDevice = null,
    string? LowerLink = null);

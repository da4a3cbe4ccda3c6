#!/usr/bin/env bash
# Captures the first DHCP packet real clients send on a link with no server, as raw UDP payloads:
# the test data next to this script. Run as root: bash capture-clients.sh <output directory>
# (needs busybox, isc-dhcp-client, tcpdump, python3). Clients run without scripts (-s/-sf /bin/true)
# so nothing on the host is configured.
# Two throw-away network namespaces joined by a veth pair: the client runs in one, tcpdump in the other.
set -euo pipefail
out=${1:?output directory}
mkdir -p "$out"
p=xmc$(printf '%04x' $((RANDOM)))
work=$(mktemp -d)
cleanup() {
    for pid in $(cat "$work"/*.pid 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    ip netns del "${p}c" 2>/dev/null || true
    ip netns del "${p}s" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
for ns in $(ip netns list | awk '{print $1}' | grep '^xmc' || true); do ip netns del "$ns"; done

ip netns add "${p}c"
ip netns add "${p}s"
ip link add "${p}a" netns "${p}c" address 00:16:3e:12:34:56 type veth peer name "${p}b" netns "${p}s"
ip -n "${p}c" link set "${p}a" up
ip -n "${p}s" link set "${p}b" up

capture() { # name, then the client command run in the client namespace
    local name=$1; shift
    ip netns exec "${p}s" tcpdump -i "${p}b" -U -w "$work/$name.pcap" -c 1 'udp and dst port 67' 2>"$work/tcpdump.err" &
    echo $! > "$work/tcpdump.pid"
    for _ in $(seq 100); do grep -q 'listening on' "$work/tcpdump.err" 2>/dev/null && break; sleep 0.05; done
    ip netns exec "${p}c" timeout 10 "$@" >/dev/null 2>&1 || true
    wait "$(cat "$work/tcpdump.pid")" || true
    rm -f "$work/tcpdump.pid"
    python3 - "$work/$name.pcap" "$out/$name.bin" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
incl = struct.unpack_from('<I', data, 24 + 8)[0]
frame = data[24 + 16: 24 + 16 + incl]
ip = frame[14:]
ihl = (ip[0] & 0x0f) * 4
udp = ip[ihl:]
length = struct.unpack_from('>H', udp, 4)[0]
open(sys.argv[2], 'wb').write(udp[8:length])
PY
}

capture udhcpc-discover-hostname busybox udhcpc -f -n -q -t 1 -T 3 -s /bin/true -i "${p}a" -x hostname:xen2
capture udhcpc-discover-fqdn-requested-ip busybox udhcpc -f -n -q -t 1 -T 3 -s /bin/true -i "${p}a" -F xen3.xen -r 192.168.0.7 -V xenmesh-test

cat > "$work/host-name.conf" <<CONF
send host-name "xen1.xen";
request subnet-mask, broadcast-address, time-offset, routers, domain-name, domain-name-servers, domain-search, host-name, interface-mtu;
timeout 3;
CONF
capture dhclient-discover-hostname dhclient -d -1 -sf /bin/true -cf "$work/host-name.conf" -lf "$work/a.leases" -pf "$work/dhclient.pid" "${p}a"

cat > "$work/fqdn.conf" <<CONF
send fqdn.fqdn "xen4.xen.";
send fqdn.encoded on;
send fqdn.server-update on;
send dhcp-client-identifier "xen4-client";
timeout 3;
CONF
capture dhclient-discover-fqdn-encoded dhclient -d -1 -sf /bin/true -cf "$work/fqdn.conf" -lf "$work/b.leases" -pf "$work/dhclient.pid" "${p}a"

cat > "$work/c.leases" <<LEASE
lease {
  interface "${p}a";
  fixed-address 192.168.0.17;
  option subnet-mask 255.255.255.0;
  option dhcp-lease-time 259200;
  option dhcp-message-type 5;
  option dhcp-server-identifier 192.168.0.254;
  renew 4 2037/01/01 00:00:00;
  rebind 4 2037/01/01 00:00:00;
  expire 4 2037/01/01 00:00:00;
}
LEASE
capture dhclient-request-init-reboot dhclient -d -1 -sf /bin/true -cf "$work/host-name.conf" -lf "$work/c.leases" -pf "$work/dhclient.pid" "${p}a"

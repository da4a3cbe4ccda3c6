#!/usr/bin/env python3
"""Timings of the mesh's name propagation, for bench/mesh/run.sh. Two commands:

propagation: relays DORA exchanges into host A (the DHCP messages of bench/dns/dhcp_names.py, from a
  socket in A's client namespace) and, as soon as a client's DHCPACK arrives, asks host C's DNS server
  for that name (from a socket in C's client namespace) every POLL seconds until C answers the A record
  with the address A leased (all names together at most MAX_QPS queries per second). The time of one
  name is first positive answer received - ACK received, so it is at most the poll interval plus one DNS
  round trip too long. New exchanges start at RATE per second. Prints
  one JSON object: the per-name latencies in milliseconds and their percentiles.

watch: optionally kills PID (SIGKILL) and then asks every SERVER (namespace/address) for NAMES, round
  robin, until each server answers every one of them NXDOMAIN (--until gone) or with an address
  (--until back). Prints one JSON object: per server, the seconds from the kill (or the start) until the
  last name reached that state there.

One socket per namespace: the process enters a namespace with setns(2), opens its socket there (a socket
stays in the namespace it was made in) and moves on. Root only.
"""

import argparse
import ctypes
import ipaddress
import json
import os
import select
import signal
import socket
import struct
import sys
import time

sys.dont_write_bytecode = True  # the import below must leave no __pycache__ in bench/dns
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dns"))
import dhcp_names  # noqa: E402  (the DHCP relay messages; found through the path set just above)

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def socket_in(namespace, bind=None):
    """A UDP socket made inside network namespace NAMESPACE (from /run/netns), bound to BIND if given."""
    fd = os.open(f"/run/netns/{namespace}", os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            error = ctypes.get_errno()
            raise OSError(error, f"setns({namespace}): {os.strerror(error)}")
    finally:
        os.close(fd)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    if bind:
        sock.bind(bind)
    sock.setblocking(False)
    return sock


def dns_query(query_id, name):
    """An A query for NAME without recursion desired."""
    question = b"".join(bytes([len(label)]) + label.encode("ascii") for label in name.split(".")) + b"\x00"
    return struct.pack("!HHHHHH", query_id, 0, 1, 0, 0, 0) + question + struct.pack("!HH", 1, 1)


def dns_answer(data):
    """(id, rcode, first A address or None) of a response, or None when it is not one."""
    if len(data) < 12 or not data[2] & 0x80:
        return None
    query_id, flags, questions, answers = struct.unpack_from("!HHHH", data)
    at = 12
    for _ in range(questions):
        while data[at] != 0:
            at += data[at] + 1
        at += 5
    address = None
    for _ in range(answers):
        if data[at] & 0xC0 == 0xC0:
            at += 2
        else:
            while data[at] != 0:
                at += data[at] + 1
            at += 1
        rtype, _, _, length = struct.unpack_from("!HHIH", data, at)
        at += 10
        if rtype == 1 and length == 4 and address is None:
            address = ipaddress.IPv4Address(data[at:at + 4])
        at += length
    return query_id, flags & 0x0F, address


def percentile(sorted_values, p):
    """Nearest rank."""
    if not sorted_values:
        return None
    return sorted_values[max(0, (p * len(sorted_values) + 99) // 100 - 1)]


def propagation(args):
    relay = ipaddress.IPv4Address(args.relay)
    dhcp = socket_in(args.dhcp_namespace, (str(relay), 67))
    dhcp_server = (args.dhcp_server, 67)
    dns = socket_in(args.dns_namespace)
    dns_server = (args.dns_server, 53)

    clients = []
    for i in range(args.count):
        client = dhcp_names.Client(i, args.prefix)
        # The MAC says which run made the client, so runs on the same host get new leases, not renewals.
        client.mac = bytes([0x02, 0x01, args.mac_tag]) + i.to_bytes(3, "big")
        clients.append(client)

    in_flight = {}
    pending = {}  # query id -> [client, ack time, address, last query time]
    latencies, failed = [], []
    started = 0
    interval = 1.0 / args.rate
    next_start = time.monotonic()

    def send_dhcp(client):
        kind = dhcp_names.DISCOVER if client.state == dhcp_names.DISCOVER else dhcp_names.REQUEST
        dhcp.sendto(dhcp_names.message(client, relay, kind), dhcp_server)
        client.sent_at = time.monotonic()
        client.tries += 1

    def ask(entry, now):
        dns.sendto(dns_query(entry[0].index, f"{entry[0].name}.{args.domain}"), dns_server)
        entry[3] = now

    while started < len(clients) or in_flight or pending:
        now = time.monotonic()
        while started < len(clients) and now >= next_start and len(in_flight) < args.window:
            client = clients[started]
            started += 1
            next_start += interval
            in_flight[client.xid] = client
            send_dhcp(client)
        # At most --max-qps queries in all: with a backlog of pending names, polling each every POLL seconds
        # would load C's DNS server and this machine's cores with the probe's own traffic.
        poll = max(args.poll, len(pending) / args.max_qps)
        for entry in pending.values():
            if now - entry[3] >= poll:
                ask(entry, now)
        readable, _, _ = select.select([dhcp, dns], [], [], 0.0005)
        for sock in readable:
            while True:
                try:
                    data = sock.recv(4096)
                except BlockingIOError:
                    break
                received = time.monotonic()
                if sock is dns:
                    answer = dns_answer(data)
                    entry = pending.get(answer[0]) if answer else None
                    if entry and answer[1] == 0 and answer[2] is not None:
                        if answer[2] != entry[2]:
                            raise SystemExit(f"mesh_probe: {entry[0].name} resolves to {answer[2]} on C, leased {entry[2]} on A")
                        latencies.append((received - entry[1]) * 1000)
                        del pending[answer[0]]
                    continue
                reply = dhcp_names.parse_reply(data)
                client = in_flight.get(reply[0]) if reply else None
                if not client or reply[1] != client.mac or dhcp_names.OPT_MESSAGE_TYPE not in reply[3]:
                    continue
                kind = reply[3][dhcp_names.OPT_MESSAGE_TYPE][0]
                if kind == dhcp_names.OFFER and client.state == dhcp_names.DISCOVER and dhcp_names.OPT_SERVER_ID in reply[3]:
                    client.state, client.offered = dhcp_names.REQUEST, reply[2]
                    client.server_id = ipaddress.IPv4Address(reply[3][dhcp_names.OPT_SERVER_ID])
                    client.tries = 0
                    send_dhcp(client)
                elif kind == dhcp_names.ACK and client.state == dhcp_names.REQUEST:
                    del in_flight[client.xid]
                    entry = [client, received, reply[2], 0.0]
                    pending[client.index] = entry
                    ask(entry, received)
                elif kind == dhcp_names.NAK and client.state == dhcp_names.REQUEST:
                    client.state, client.tries = dhcp_names.DISCOVER, 0
                    send_dhcp(client)
        now = time.monotonic()
        for client in list(in_flight.values()):
            if now - client.sent_at >= args.dhcp_timeout:
                if client.tries >= args.dhcp_tries:
                    del in_flight[client.xid]
                    failed.append(f"{client.name}: no lease")
                else:
                    send_dhcp(client)
        for query_id, entry in list(pending.items()):
            if now - entry[1] >= args.give_up:
                del pending[query_id]
                failed.append(f"{entry[0].name}: not resolved on C within {args.give_up} s")

    ordered = sorted(latencies)
    print(json.dumps({
        "names": args.count, "resolved": len(ordered), "failed": len(failed), "firstFailures": failed[:5],
        "rate": args.rate, "pollMs": args.poll * 1000, "maxQps": args.max_qps,
        "latencyMs": {p: round(percentile(ordered, n), 2) if ordered else None
                      for p, n in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))},
        "meanMs": round(sum(ordered) / len(ordered), 2) if ordered else None,
        "samplesMs": [round(v, 2) for v in latencies],
    }))
    return 1 if failed else 0


def watch(args):
    servers = []
    for spec in args.server:
        namespace, address = spec.split("/")
        servers.append((spec, socket_in(namespace), (address, 53)))
    names = args.names.split(",")
    remaining = {spec: set(range(len(names))) for spec, _, _ in servers}
    done = {}
    if args.kill:
        os.kill(args.kill, signal.SIGKILL)
    start = time.monotonic()
    next_index = {spec: 0 for spec, _, _ in servers}
    while len(done) < len(servers):
        now = time.monotonic()
        if now - start > args.give_up:
            break
        for spec, sock, address in servers:
            if spec in done:
                continue
            left = sorted(remaining[spec])
            index = left[next_index[spec] % len(left)]
            next_index[spec] += 1
            sock.sendto(dns_query(index, f"{names[index]}.{args.domain}"), address)
        readable, _, _ = select.select([s for _, s, _ in servers], [], [], args.poll)
        for spec, sock, _ in servers:
            if sock not in readable:
                continue
            while True:
                try:
                    answer = dns_answer(sock.recv(4096))
                except BlockingIOError:
                    break
                if not answer or spec in done:
                    continue
                reached = answer[1] == 3 if args.until == "gone" else (answer[1] == 0 and answer[2] is not None)
                if reached:
                    remaining[spec].discard(answer[0])
                    if not remaining[spec]:
                        done[spec] = round(time.monotonic() - start, 3)
        time.sleep(args.poll)
    print(json.dumps({"until": args.until, "names": len(names), "seconds": done,
                      "timedOut": [spec for spec, _, _ in servers if spec not in done]}))
    return 0 if len(done) == len(servers) else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("propagation")
    p.add_argument("--dhcp-namespace", required=True)
    p.add_argument("--relay", required=True)
    p.add_argument("--dhcp-server", required=True)
    p.add_argument("--dns-namespace", required=True)
    p.add_argument("--dns-server", required=True)
    p.add_argument("--domain", default="xen")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--prefix", default="prop")
    p.add_argument("--mac-tag", type=int, default=1, help="third MAC byte: one per run")
    p.add_argument("--rate", type=float, default=25.0, help="new DORA exchanges per second")
    p.add_argument("--window", type=int, default=32)
    p.add_argument("--poll", type=float, default=0.002, help="seconds between two queries for one name")
    p.add_argument("--max-qps", type=float, default=2000.0, help="cap on all DNS queries per second")
    p.add_argument("--dhcp-timeout", type=float, default=1.0)
    p.add_argument("--dhcp-tries", type=int, default=8)
    p.add_argument("--give-up", type=float, default=30.0)
    w = commands.add_parser("watch")
    w.add_argument("--server", action="append", required=True, help="NAMESPACE/ADDRESS of a DNS server")
    w.add_argument("--names", required=True, help="comma-separated labels")
    w.add_argument("--domain", default="xen")
    w.add_argument("--until", choices=("gone", "back"), required=True)
    w.add_argument("--kill", type=int, help="SIGKILL this PID first; the times count from then")
    w.add_argument("--poll", type=float, default=0.005)
    w.add_argument("--give-up", type=float, default=120.0)
    args = parser.parse_args()
    if args.command == "propagation" and not 0 < args.count <= 10000:
        parser.error("--count must be between 1 and 10000 (the names have four digits)")
    return propagation(args) if args.command == "propagation" else watch(args)


if __name__ == "__main__":
    sys.exit(main())

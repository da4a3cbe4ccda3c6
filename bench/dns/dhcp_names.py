#!/usr/bin/env python3
"""Gives a DHCP server COUNT named leases through relayed DORA exchanges, for bench/dns/run.sh.

Acts as a relay agent, like perfdhcp: it sends from RELAY:67 with giaddr = RELAY and hops = 1, so the
server answers by unicast to RELAY:67. Client i has the MAC 02:00:00:xx:xx:xx (i in the last three
bytes) and sends option 12 (host name) PREFIX + i in four digits in its DISCOVER and REQUEST. Up to
WINDOW clients are in flight; a client with no answer for TIMEOUT seconds sends its current message
again, and gives up after TRIES sends. A NAK starts the client over with a DISCOVER.

Prints one "name address" line per ACK on stdout; exits 1 when any client got no lease.
"""

import argparse
import ipaddress
import os
import select
import socket
import struct
import sys
import time

BOOTREQUEST, BOOTREPLY = 1, 2
DISCOVER, OFFER, REQUEST, ACK, NAK = 1, 2, 3, 5, 6
OPT_HOST_NAME, OPT_REQUESTED_ADDRESS, OPT_MESSAGE_TYPE, OPT_SERVER_ID, OPT_PARAMETERS, OPT_END = 12, 50, 53, 54, 55, 255
MAGIC_COOKIE = b"\x63\x82\x53\x63"
FIXED_PART = 236


class Client:
    def __init__(self, index, prefix):
        self.index = index
        self.name = f"{prefix}{index:04d}"
        self.mac = bytes([0x02, 0, 0]) + index.to_bytes(3, "big")
        self.xid = struct.unpack("!I", os.urandom(4))[0]
        self.state = DISCOVER
        self.offered = None
        self.server_id = None
        self.sent_at = 0.0
        self.tries = 0


def option(code, value):
    return bytes([code, len(value)]) + value


def message(client, relay, message_type):
    fixed = struct.pack(
        "!BBBBIHH4s4s4s4s16s64s128s",
        BOOTREQUEST, 1, 6, 1, client.xid, 0, 0,
        bytes(4), bytes(4), bytes(4), relay.packed,
        client.mac + bytes(10), bytes(64), bytes(128))
    options = option(OPT_MESSAGE_TYPE, bytes([message_type]))
    if message_type == REQUEST:
        options += option(OPT_REQUESTED_ADDRESS, client.offered.packed) + option(OPT_SERVER_ID, client.server_id.packed)
    options += option(OPT_HOST_NAME, client.name.encode("ascii")) + option(OPT_PARAMETERS, bytes([1, 3, 6, 15]))
    return fixed + MAGIC_COOKIE + options + bytes([OPT_END])


def parse_reply(data):
    """(xid, chaddr[:6], yiaddr, {code: value}) of a BOOTREPLY, or None."""
    if len(data) < FIXED_PART + 4 or data[0] != BOOTREPLY or data[FIXED_PART:FIXED_PART + 4] != MAGIC_COOKIE:
        return None
    xid = struct.unpack_from("!I", data, 4)[0]
    yiaddr = ipaddress.IPv4Address(data[16:20])
    options, at = {}, FIXED_PART + 4
    while at < len(data):
        code = data[at]
        if code == OPT_END:
            break
        if code == 0:
            at += 1
            continue
        if at + 1 >= len(data) or at + 2 + data[at + 1] > len(data):
            return None
        options[code] = data[at + 2:at + 2 + data[at + 1]]
        at += 2 + data[at + 1]
    return xid, data[28:34], yiaddr, options


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relay", required=True, type=ipaddress.IPv4Address)
    parser.add_argument("--server", required=True, type=ipaddress.IPv4Address)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--prefix", default="bench")
    parser.add_argument("--window", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=8)
    args = parser.parse_args()
    if not 0 < args.count <= 10000:
        parser.error("--count must be between 1 and 10000 (the names have four digits)")

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((str(args.relay), 67))
    server = (str(args.server), 67)

    waiting = [Client(i, args.prefix) for i in range(args.count)]
    waiting.reverse()
    in_flight = {}
    failed = []
    leased = 0

    def send(client):
        kind = DISCOVER if client.state == DISCOVER else REQUEST
        sock.sendto(message(client, args.relay, kind), server)
        client.sent_at = time.monotonic()
        client.tries += 1

    while waiting or in_flight:
        while waiting and len(in_flight) < args.window:
            client = waiting.pop()
            in_flight[client.xid] = client
            send(client)
        readable, _, _ = select.select([sock], [], [], 0.05)
        if readable:
            data = sock.recv(4096)
            reply = parse_reply(data)
            client = in_flight.get(reply[0]) if reply else None
            if client and reply[1] == client.mac and OPT_MESSAGE_TYPE in reply[3]:
                kind = reply[3][OPT_MESSAGE_TYPE][0]
                if kind == OFFER and client.state == DISCOVER and OPT_SERVER_ID in reply[3]:
                    client.state, client.offered = REQUEST, reply[2]
                    client.server_id = ipaddress.IPv4Address(reply[3][OPT_SERVER_ID])
                    client.tries = 0
                    send(client)
                elif kind == ACK and client.state == REQUEST:
                    del in_flight[client.xid]
                    print(f"{client.name} {reply[2]}", flush=True)
                    leased += 1
                elif kind == NAK and client.state == REQUEST:
                    client.state, client.tries = DISCOVER, 0
                    send(client)
        now = time.monotonic()
        for client in list(in_flight.values()):
            if now - client.sent_at < args.timeout:
                continue
            if client.tries >= args.tries:
                del in_flight[client.xid]
                failed.append(client.name)
            else:
                send(client)

    if failed:
        print(f"dhcp_names: {len(failed)} of {args.count} clients got no lease (first: {failed[0]})", file=sys.stderr)
        return 1
    print(f"dhcp_names: {leased} leases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Debian packages XenMesh's agent, demo, tests and benchmarks run: iproute2/ethtool/nftables for the
# host plane, real DHCP and DNS clients, the servers and load generator bench/dhcp compares against
# (Kea with perfdhcp from kea-admin, which the DHCP load test also runs; dnsmasq), BIRD 2 as the LAN
# gateway of the RIP tests, and the Xen hotplug
# script library (extracted, not installed: the package would pull udev and systemd hooks this
# machine has no use for).
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
    iproute2 ethtool nftables isc-dhcp-client busybox bind9-dnsutils procps kmod ca-certificates \
    postgresql-15 kea-dhcp4-server kea-admin dnsmasq-base jq bird2

xen_scripts=/var/cache/xenmesh/xen-utils-common
if [ ! -f "$xen_scripts/etc/xen/scripts/vif-common.sh" ]; then
    work=$(mktemp -d)
    (cd "$work" && apt-get download -q xen-utils-common)
    rm -rf "$xen_scripts" && mkdir -p "$xen_scripts"
    dpkg -x "$work"/xen-utils-common_*.deb "$xen_scripts"
    rm -rf "$work"
fi

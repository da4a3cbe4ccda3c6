#!/usr/bin/env bash
# Prepares a Debian 12 machine (with the .NET SDK) for bench/dns/run.sh: the Debian packages the
# project already uses (deploy/install-deps.sh: dnsmasq, dig, jq, iproute2, ...), the ones only this
# benchmark needs (dnsperf; gcc for the echo responder; python3 for the DHCP client that names the
# leases), and a Release publish of the xenmesh agent to artifacts/xenmesh, where run.sh looks for it.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash deploy/install-deps.sh
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dnsperf gcc libc6-dev python3
dotnet publish src/Node/XenMesh.Node.csproj -c Release -o artifacts/xenmesh

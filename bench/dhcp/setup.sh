#!/usr/bin/env bash
# Prepares a Debian 12 machine (with the .NET SDK) for bench/dhcp/run.sh: the Debian packages
# (Kea, perfdhcp, dnsmasq, jq, iproute2) and a Release publish of the xenmesh agent to
# artifacts/xenmesh, where run.sh looks for it by default.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash deploy/install-deps.sh
dotnet publish src/Node/XenMesh.Node.csproj -c Release -o artifacts/xenmesh

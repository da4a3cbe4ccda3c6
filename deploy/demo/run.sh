#!/usr/bin/env bash
# Sets up a fresh Debian machine (with the .NET SDK) and brings up the XenMesh demo in network
# namespaces: three dom0s whose agents form one cluster, each with br0 and two guests attached through
# the real hotplug script, on a LAN with a BIRD gateway that learns their subnets by RIP and a LAN client.
# Root is needed for the namespaces. Stop it with: artifacts/xenmesh/xenmesh demo down
set -euo pipefail
cd "$(dirname "$0")/../.."

bash deploy/install-deps.sh
dotnet publish src/Node/XenMesh.Node.csproj -c Release -o artifacts/xenmesh
artifacts/xenmesh/xenmesh demo down >/dev/null
exec artifacts/xenmesh/xenmesh demo up "$@"

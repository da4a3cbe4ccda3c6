#!/usr/bin/env bash
# Sets up a fresh Debian machine (with the .NET SDK) for XenMesh's tests and runs them all.
# Needs root: the integration tests build network namespaces, bridges and veth pairs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/install-deps.sh

dotnet build XenMesh.sln -c Release -warnaserror
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test --solution XenMesh.sln -c Release --no-build 2>&1 | tee "$log" || status=$?

# CI shows only the tail of the output: repeat each failed test's name and message (not its
# captured standard output) just before the closing line, once each.
awk '/^failed / { show = !seen[$0]++; lines = 0 }
     /^(passed|skipped) / || /^  Standard output/ { show = 0 }
     show && lines++ < 25 { print }' "$log"

# One closing line for every project together, in the plain form CI readers understand.
awk '/^  (succeeded|failed|skipped):/ { n[$1] += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", n["succeeded:"], n["failed:"], n["skipped:"] }' "$log"
exit "$status"

#!/usr/bin/env bash
# Mesh benchmark: three XenMesh agents in one cluster, timed end to end.
#
#   (a) propagation: time from a lease's DHCPACK on host A to its name resolving on host C's DNS server,
#       p50/p99 over --names names per round (bench/mesh/mesh_probe.py propagation);
#   (b) withdrawal: time from kill -9 of host B's agent to every sampled name of B answering NXDOMAIN on
#       A and on C (mesh_probe.py watch), and, after B restarts on its state, until they are back;
#   (c) a zone of 10 000 names over the three hosts: RSS of every agent, and dnsperf queries/s against C
#       for names of the other hosts (remote) and for its own (local), alternating.
#
# Topology (prefix xmm<4 hex>): a LAN namespace with bridge lan0 (192.168.11.0/24); three dom0
# namespaces a, b, c, each with eth0 on lan0 (192.168.11.101-103), its agent's guest bridge br0
# (10.81-83.255.254/16) and, on br0 through a veth, a client namespace (10.8x.0.1/16) where the DHCP
# relay (bench/dns/dhcp_names.py, mesh_probe.py) and dnsperf run. The agents are the published build
# (artifacts/xenmesh, bench/dhcp/setup.sh), each with a cluster section naming all three as seeds.
#
# Order: start the agents and await three members up; fill 3 000 names per host by relayed DHCP
# (option 12) and await them on every DNS server; round 1 of (a) adds --names on A; (c); round 2 of (a);
# two rounds of (b). Every number carries the load average at its start.
#
# Root only. Traffic stays between the namespaces this script creates; namespaces, processes and the
# work folder are removed at the end and on failure, and leftovers of earlier runs (namespaces named
# xmm<4 hex>-*) at the start. One run at a time (lock file).
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
repo_dir=$(cd "$bench_dir/../.." && pwd)

xenmesh_bin="$repo_dir/artifacts/xenmesh/xenmesh"
names=1000
fill=3000
rounds=2
kill_rounds=2
rate=25
seconds=10
heartbeat_pause=""
out_file=""
lock_file=/run/lock/xenmesh-bench-mesh.lock
hosts=(a b c)
lan_prefix=192.168.11
cluster_port=4053

usage() {
    cat <<EOF
usage: bench/mesh/run.sh [options]    (root; about 8 minutes)
options:
  --names N            names per propagation round on host A (default $names)
  --fill N             names per host before the rounds (default $fill; 3 x 3 000 + 1 000 = a zone of 10 000)
  --rounds N           propagation rounds (default $rounds)
  --kill-rounds N      kill -9 rounds (default $kill_rounds)
  --rate N             new DHCP exchanges per second in a propagation round (default $rate)
  --seconds N          length of each dnsperf run (default $seconds)
  --heartbeat-pause S  cluster.heartbeatPause in seconds (default: the agent's); on a machine so loaded that
                       heartbeats stall for seconds, the split-brain resolver downs agents in the middle of a run
  --xenmesh-bin PATH   published xenmesh executable (default artifacts/xenmesh/xenmesh)
  --out FILE           results file (default bench/mesh/results/mesh-<UTC time>.json)
EOF
}

die() { echo "bench/mesh: $*" >&2; exit 1; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
positive_integer() { [[ $2 =~ ^[1-9][0-9]{0,5}$ ]] || die "$1 needs a positive integer, not '$2'"; }

while [ $# -gt 0 ]; do
    case $1 in
        --names) positive_integer "$1" "${2:-}"; names=$2; shift ;;
        --fill) positive_integer "$1" "${2:-}"; fill=$2; shift ;;
        --rounds) positive_integer "$1" "${2:-}"; rounds=$2; shift ;;
        --kill-rounds) positive_integer "$1" "${2:-}"; kill_rounds=$2; shift ;;
        --rate) positive_integer "$1" "${2:-}"; rate=$2; shift ;;
        --seconds) positive_integer "$1" "${2:-}"; seconds=$2; shift ;;
        --heartbeat-pause) positive_integer "$1" "${2:-}"; heartbeat_pause=$2; shift ;;
        --xenmesh-bin) xenmesh_bin=${2:?}; shift ;;
        --out) out_file=${2:?}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
    shift
done
[ "$names" -le 10000 ] && [ "$fill" -le 10000 ] || die "--names and --fill are at most 10000 (four-digit names)"

[ "$(id -u)" -eq 0 ] || die "run as root (network namespaces)"
for tool in ip ss ethtool jq dnsperf dig python3 flock timeout; do
    command -v "$tool" >/dev/null || die "$tool is missing; run bench/dns/setup.sh"
done
[ -x "$xenmesh_bin" ] || die "no published agent at $xenmesh_bin; run bench/dhcp/setup.sh"

# shellcheck source=../lib/run-start.sh
. "$bench_dir/../lib/run-start.sh"
bench_start xmm
[ -n "$out_file" ] || out_file="$bench_dir/results/mesh-$(date -u +%Y%m%dT%H%M%SZ).json"

declare -A agent_pids=()
child_pid=""
namespaces=()
failure_logs=()

stop_agent() {
    local host=$1 pid=${agent_pids[$1]:-}
    unset "agent_pids[$host]"
    [ -n "$pid" ] || return 0
    bench_stop_pid "$pid"
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$child_pid" ]; then kill -TERM "$child_pid" 2>/dev/null || true; wait "$child_pid" 2>/dev/null || true; fi
    local host ns
    for host in "${!agent_pids[@]}"; do stop_agent "$host"; done
    for ns in "${namespaces[@]}"; do remove_namespace "$ns"; done
    if [ "$status" -ne 0 ]; then
        bench_show_failure_logs 5 "${failure_logs[@]}"
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a helper in the background and waits for it, so that INT/TERM reach the traps at once; its exit status is the function's.
run_child() {
    local status=0
    "$@" 9>&- &
    child_pid=$!
    wait "$child_pid" || status=$?
    child_pid=""
    return "$status"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
index_of() { case $1 in a) echo 0 ;; b) echo 1 ;; c) echo 2 ;; esac; }
dom0_ns() { echo "$run_id-$1"; }
client_ns() { echo "$run_id-$1c"; }
octet() { echo $((81 + $(index_of "$1"))); }
server_address() { echo "10.$(octet "$1").255.254"; }
relay_address() { echo "10.$(octet "$1").0.1"; }
lan_address() { echo "$lan_prefix.$((101 + $(index_of "$1")))"; }

topology_up() {
    local lan=$run_id-lan host ns cns
    ip netns add "$lan"; namespaces+=("$lan")
    ip -n "$lan" link add lan0 type bridge
    ip -n "$lan" link set lan0 up
    for host in "${hosts[@]}"; do
        ns=$(dom0_ns "$host"); cns=$(client_ns "$host")
        ip netns add "$ns"; namespaces+=("$ns")
        ip netns add "$cns"; namespaces+=("$cns")
        ip -n "$lan" link add "p-$host" type veth peer name eth0 netns "$ns"
        ip -n "$lan" link set "p-$host" master lan0 up
        ip -n "$ns" addr add "$(lan_address "$host")/24" dev eth0
        ip -n "$ns" link add br0 type bridge
        ip -n "$ns" addr add "$(server_address "$host")/16" dev br0
        ip netns exec "$ns" ethtool -K br0 tx off >/dev/null
        ip link add name eth0 netns "$cns" type veth peer name port0 netns "$ns"
        ip -n "$ns" link set port0 master br0
        for link in lo eth0 br0 port0; do ip -n "$ns" link set "$link" up; done
        ip -n "$cns" addr add "$(relay_address "$host")/16" dev eth0
        for link in lo eth0; do ip -n "$cns" link set "$link" up; done
    done
}

owns_socket() { ip netns exec "$(dom0_ns "$1")" ss "-H${2}lpn" "sport = :$3" | grep -q "pid=${agent_pids[$1]},"; }

start_agent() {
    local host=$1 dir=$work/$1 octets
    octets=10.$(octet "$host")
    mkdir -p "$dir"
    : >"$dir/resolv.upstream.conf"
    # bridge.filter off: the relay's port0 is no vif announced by vif online, and the filter drops such ports' frames.
    # sqliteSynchronous normal: the leases only feed the names here; an fsync per group commit would only slow the fill.
    jq -n --arg id "$host" --arg state "$dir/state" --arg bridge "$(server_address "$host")/16" \
        --arg first "$octets.1.0" --arg last "$octets.254.255" --arg resolv "$dir/resolv.upstream.conf" \
        --arg lan "$(lan_address "$host")" --argjson port "$cluster_port" --arg pause "$heartbeat_pause" \
        --argjson seeds "$(printf '%s\n' "${hosts[@]}" | while read -r h; do echo "$(lan_address "$h"):$cluster_port"; done | jq -R . | jq -s .)" '{
        host: { id: $id, stateDirectory: $state },
        bridge: { name: "br0", address: $bridge, filter: false },
        lan: { interface: "eth0", address: $lan },
        cluster: ({ seeds: $seeds, port: $port } + (if $pause == "" then {} else { heartbeatPause: "00:00:\($pause | tonumber | if . < 10 then "0\(.)" else tostring end)" } end)),
        dhcp: { rangeStart: $first, rangeEnd: $last, leaseTime: "3.00:00:00", authoritative: true },
        dns: { domain: "xen", resolvFile: $resolv },
        commandHost: { host: "127.0.0.1", port: 9110 },
        persistence: { provider: "sqlite", sqliteSynchronous: "normal" }
    }' >"$dir/xenmesh.json"
    ip netns exec "$(dom0_ns "$host")" "$xenmesh_bin" agent --config "$dir/xenmesh.json" >>"$dir/xenmesh.log" 2>&1 9>&- &
    agent_pids[$host]=$!
    failure_logs+=("$dir/xenmesh.log")
}

await_serving() {
    local host=$1
    for _ in $(seq 900); do
        kill -0 "${agent_pids[$host]}" 2>/dev/null || die "the agent of $host exited during start-up"
        owns_socket "$host" u 53 && owns_socket "$host" u 67 && return 0
        sleep 0.1
    done
    die "the agent of $host opened no DNS and DHCP sockets within 90 s"
}

cli() {
    local host=$1
    shift
    timeout 60 ip netns exec "$(dom0_ns "$host")" "$xenmesh_bin" "$@"
}

await_members() {
    local show=""
    for _ in $(seq 180); do
        show=$(cli a cluster show 2>/dev/null || true)
        if grep -q 'Count: 3 nodes' <<<"$show" && [ "$(grep -c '| up | reachable' <<<"$show")" -eq 3 ]; then return 0; fi
        sleep 1
    done
    echo "$show" >&2
    die "three members were not up within 180 s"
}

# Waits until every DNS server answers the first, middle and last of the names in file.
await_everywhere() {
    local file=$1 host name address got sample
    sample=$(awk -v n="$(wc -l <"$file")" 'NR == 1 || NR == int(n / 2) || NR == n' "$file")
    for host in "${hosts[@]}"; do
        while read -r name address; do
            for _ in $(seq 600); do
                got=$(ip netns exec "$(client_ns "$host")" dig +short +norec +time=1 +tries=1 @"$(server_address "$host")" "$name.xen" A 2>/dev/null || true)
                [ "$got" = "$address" ] && break
                sleep 0.2
            done
            [ "$got" = "$address" ] || die "$name.xen does not resolve to $address on $host within 120 s (got '$got')"
        done <<<"$sample"
    done
}

zone_size() { cli "$1" dns list --json 2>/dev/null | jq -s '[.[] | select(type == "object")] | length'; }

fill_host() {
    local host=$1
    run_child ip netns exec "$(client_ns "$host")" python3 "$repo_dir/bench/dns/dhcp_names.py" --relay "$(relay_address "$host")" \
        --server "$(server_address "$host")" --count "$fill" --prefix "f$host" --timeout 2 --tries 30 >"$work/fill-$host.txt" 2>"$work/fill-$host.err" ||
        { failure_logs+=("$work/fill-$host.err"); die "host $host did not lease $fill names"; }
}

# Every agent still runs: on an overloaded machine the split-brain resolver may have downed one (it exits 75).
all_alive() {
    local host
    for host in "${!agent_pids[@]}"; do
        kill -0 "${agent_pids[$host]}" 2>/dev/null || die "the agent of $host exited ($1); see its log"
    done
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/${agent_pids[$1]}/status" 2>/dev/null || echo null; }

dnsperf_qps() {
    local file=$1 output=$2
    run_child ip netns exec "$(client_ns c)" timeout -k 5 $((seconds + 30)) dnsperf -s "$(server_address c)" -d "$file" \
        -l "$seconds" -c 8 -q 100 -t 1 >"$output" 2>&1 || true
    awk '
        /^  Queries completed:/ { completed = $3 }
        /^  Queries lost:/ { lost = $3 }
        /^  Queries per second:/ { qps = $4 }
        /^  Average Latency \(s\):/ { avg = $4 }
        /^  Response codes:/ { sub(/^  Response codes: */, ""); codes = $0 }
        END {
            if (qps == "") { print "null"; exit }
            printf "{\"qps\":%s,\"completed\":%d,\"lost\":%d,\"averageLatencyMs\":%.3f,\"responseCodes\":\"%s\"}\n", qps, completed, lost, avg * 1000, codes
        }' "$output"
}

# ---------------------------------------------------------------------------------------------

load_at_start=$(load_average)
say "run $run_id: load average $load_at_start; agent $xenmesh_bin"
topology_up
start_agent a
await_serving a
start_agent b
start_agent c
await_serving b
await_serving c
await_members
say "three members up (load $(load_average))"

# Fill: the hosts lease their names one after the other; then every server must answer them all.
fill_started=$(date +%s.%N)
for host in "${hosts[@]}"; do all_alive "before filling $host"; fill_host "$host"; done
all_alive "after the fill"
sort "$work"/fill-*.txt >"$work/fill.txt"
await_everywhere "$work/fill.txt"
fill_seconds=$(awk -v from="$fill_started" -v to="$(date +%s.%N)" 'BEGIN { printf "%.1f", to - from }')
say "filled $((fill * 3)) names in ${fill_seconds} s (load $(load_average))"

propagation_json="[]"
propagation_round() {
    local round=$1 load output
    load=$(load_average)
    output="$work/propagation-$round.json"
    run_child python3 "$bench_dir/mesh_probe.py" propagation --dhcp-namespace "$(client_ns a)" --relay "$(relay_address a)" \
        --dhcp-server "$(server_address a)" --dns-namespace "$(client_ns c)" --dns-server "$(server_address c)" \
        --count "$names" --prefix "p$round" --mac-tag "$round" --rate "$rate" >"$output" 2>"$work/propagation-$round.err" ||
        { failure_logs+=("$work/propagation-$round.err"); [ -s "$output" ] || die "propagation round $round failed"; }
    local zone
    zone=$(zone_size c)
    say "propagation round $round: $(jq -c '{resolved, failed, latencyMs}' "$output") (zone on C $zone, load $load)"
    propagation_json=$(jq -c --slurpfile r "$output" --arg load "$load" --argjson round "$round" --argjson zone "${zone:-null}" \
        '. + [$r[0] + {round: $round, loadAverage: $load, zoneOnC: $zone}]' <<<"$propagation_json")
}

propagation_round 1
all_alive "after propagation round 1"

# (c) with the zone at fill * 3 + names: RSS per agent, then queries/s against C, remote and local names alternating.
memory_json=$(for host in "${hosts[@]}"; do jq -nc --arg host "$host" --argjson rss "$(rss_kib "$host")" --argjson zone "$(zone_size "$host")" \
    '{host: $host, rssKiB: $rss, zoneNames: $zone}'; done | jq -sc .)
say "memory: $memory_json (load $(load_average))"
awk '{ print $1 ".xen A" }' "$work/fill-c.txt" >"$work/local.txt"
awk '{ print $1 ".xen A" }' "$work/fill-a.txt" "$work/fill-b.txt" | awk 'NR % 2 == 1' >"$work/remote.txt"
run_child ip netns exec "$(client_ns c)" dnsperf -s "$(server_address c)" -d "$work/local.txt" -l 3 -c 8 -q 100 -t 1 >/dev/null 2>&1 || true
dnsperf_json="[]"
# ABBA order (remote, local, local, remote), so that a drift of the machine's load hits both kinds alike.
for turn in 1 2; do
    kinds="remote local"
    [ "$turn" -eq 1 ] || kinds="local remote"
    for kind in $kinds; do
        load=$(load_average)
        result=$(dnsperf_qps "$work/$kind.txt" "$work/dnsperf-$kind-$turn.out")
        [ "$result" != null ] || { failure_logs+=("$work/dnsperf-$kind-$turn.out"); die "dnsperf produced no report"; }
        say "dnsperf against C, $kind names, turn $turn: $(jq -c . <<<"$result") (load $load)"
        dnsperf_json=$(jq -c --argjson r "$result" --arg kind "$kind" --argjson turn "$turn" --arg load "$load" \
            '. + [$r + {names: $kind, turn: $turn, loadAverage: $load}]' <<<"$dnsperf_json")
    done
done

for ((round = 2; round <= rounds; round++)); do propagation_round "$round"; done

# (b) kill -9 of B: a sample of its names (and its own name) must go on A and C; then it restarts on its state.
sample=$(awk 'NR % 100 == 1 { print $1 }' "$work/fill-b.txt" | paste -sd, -)",b"
withdrawal_json="[]"
for ((round = 1; round <= kill_rounds; round++)); do
    load=$(load_average)
    pid=${agent_pids[b]}
    unset "agent_pids[b]"
    output="$work/withdrawal-$round.json"
    run_child python3 "$bench_dir/mesh_probe.py" watch --kill "$pid" --until gone --names "$sample" \
        --server "$(client_ns a)/$(server_address a)" --server "$(client_ns c)/$(server_address c)" >"$output" || true
    wait "$pid" 2>/dev/null || true
    say "kill -9 of b, round $round: names gone after $(jq -c .seconds "$output") s (load $load)"
    restart_load=$(load_average)
    start_agent b
    run_child python3 "$bench_dir/mesh_probe.py" watch --until back --names "$sample" --give-up 240 \
        --server "$(client_ns a)/$(server_address a)" --server "$(client_ns c)/$(server_address c)" >"$work/back-$round.json" || true
    say "b restarted: names back after $(jq -c .seconds "$work/back-$round.json") s from the agent's start (load $restart_load)"
    withdrawal_json=$(jq -c --slurpfile gone "$output" --slurpfile back "$work/back-$round.json" --arg load "$load" \
        --arg restartLoad "$restart_load" --argjson round "$round" \
        '. + [{round: $round, loadAverage: $load, goneSeconds: $gone[0].seconds, goneTimedOut: $gone[0].timedOut,
               restartLoadAverage: $restartLoad, backSecondsFromStart: $back[0].seconds, backTimedOut: $back[0].timedOut}]' <<<"$withdrawal_json")
    await_serving b
    await_members
done

for host in "${hosts[@]}"; do stop_agent "$host"; done

mkdir -p "$(dirname "$out_file")"
jq -n --arg startedAt "$started_at" --argjson seconds $(($(date +%s) - start_epoch)) \
    --arg cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" --argjson cores "$(nproc)" \
    --arg kernel "$(uname -r)" --arg loadStart "$load_at_start" --arg loadEnd "$(load_average)" \
    --arg xenmesh "$("$xenmesh_bin" --version 2>&1 | head -n 1)" --arg dnsperfVersion "$(dnsperf -H 2>&1 | awk '/^Version/ { print $2; exit }')" \
    --argjson names "$names" --argjson fill "$fill" --argjson rate "$rate" --arg pause "$heartbeat_pause" --argjson dnsperfSeconds "$seconds" \
    --argjson fillSeconds "$fill_seconds" --argjson propagation "$propagation_json" --argjson memory "$memory_json" \
    --argjson dnsperf "$dnsperf_json" --argjson withdrawal "$withdrawal_json" '
    def med: map(select(. != null)) | sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    {
        startedAt: $startedAt, durationSeconds: $seconds,
        machine: { cpu: $cpu, cores: $cores, kernel: $kernel, loadAverageAtStart: $loadStart, loadAverageAtEnd: $loadEnd },
        versions: { xenmesh: $xenmesh, dnsperf: $dnsperfVersion },
        method: { hosts: 3, fillPerHost: $fill, heartbeatPauseSeconds: (if $pause == "" then null else ($pause | tonumber) end), fillSeconds: $fillSeconds, namesPerRound: $names, dhcpRatePerSecond: $rate,
                  dnsperf: "-c 8 -q 100 -t 1, \($dnsperfSeconds) s per run, against C" },
        summary: {
            propagationMs: { p50: [$propagation[].latencyMs.p50] | med, p99: [$propagation[].latencyMs.p99] | med,
                             max: [$propagation[].latencyMs.max] | max },
            withdrawalSeconds: [$withdrawal[].goneSeconds[]] | med,
            backAfterRestartSeconds: [$withdrawal[].backSecondsFromStart[]] | med,
            rssMiB: ($memory | map({(.host): (.rssKiB / 1024 * 10 | round / 10)}) | add),
            remoteQps: [$dnsperf[] | select(.names == "remote") | .qps] | med,
            localQps: [$dnsperf[] | select(.names == "local") | .qps] | med
        },
        propagation: ($propagation | map(del(.samplesMs) + {samplesMs: .samplesMs})),
        memory: $memory, dnsperf: $dnsperf, withdrawal: $withdrawal
    }' >"$out_file"
jq '.summary' "$out_file"
say "results: $out_file ($(($(date +%s) - start_epoch)) s)"

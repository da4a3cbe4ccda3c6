#!/usr/bin/env bash
# DHCPv4 load benchmark: perfdhcp against Kea (memfile, persist on), dnsmasq and the XenMesh agent.
#
# Every server gets the same topology, built fresh for each server and scenario: a server namespace
# with br0 (the server address, tx checksum offload off, as the XenMesh agent sets it) whose only
# port is one end of a veth, and a client namespace holding the other end with the subnet's .1
# address. perfdhcp runs in the client namespace and relays from .1 (UDP port 67, giaddr .1), so
# every server answers relayed requests for its bridge subnet with unicast replies to giaddr:67.
#
# For each scenario (a /24 with 200 clients, a /16 with 50 000 clients) and each server it finds the
# highest DORA rate with 0 drops (doubling, then bisection, short steps), confirms it with a longer
# run whose per-exchange timestamps (perfdhcp -x t) give the p50/p99 latencies, and reads the
# server's VmRSS. Results: a table on stdout and a JSON file; --update-docs rewrites the results
# table in docs/benchmarks.md.
#
# Root only. Traffic stays between the namespaces this script creates; namespaces, processes and
# the work folder are removed at the end and on failure, and leftovers of earlier runs (namespaces
# and folders named xmb<4 hex>) at the start. One run at a time (lock file).
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
repo_dir=$(cd "$bench_dir/../.." && pwd)

servers="kea dnsmasq xenmesh xenmesh-normal"
scenarios="24 16"
step_seconds=5
measure_seconds=10
start_rate=250
min_rate=25
max_rate=32000
precision_percent=5
warm_up_rate=100
warm_up_seconds=3
budget_seconds=1440
agent_ready_seconds=60
dhcp_socket_grace_seconds=10
xenmesh_bin="$repo_dir/artifacts/xenmesh/xenmesh"
out_file=""
update_docs=false
render_file=""
docs_file="$repo_dir/docs/benchmarks.md"
lock_file=/run/lock/xenmesh-bench-dhcp.lock

usage() {
    cat <<EOF
usage: bench/dhcp/run.sh [options]            run the benchmark (root)
       bench/dhcp/run.sh --render FILE [--update-docs]
                                              print (and put into docs/benchmarks.md) the table of a results file
options:
  --servers "kea dnsmasq xenmesh xenmesh-normal"
                                    servers to measure (default: all four; xenmesh-normal is the agent
                                    with persistence.sqliteSynchronous normal, the durability class of Kea's memfile)
  --scenarios "24 16"               24: /24 with 200 clients, 16: /16 with 50 000 clients
  --step-seconds N                  length of one search step (default $step_seconds)
  --measure-seconds N               length of the confirming run at the found rate (default $measure_seconds)
  --max-rate N                      highest rate tried (default $max_rate)
  --budget-seconds N                stop searching after this much time in total (default $budget_seconds)
  --xenmesh-bin PATH                published xenmesh executable (default artifacts/xenmesh/xenmesh)
  --out FILE                        results file (default bench/dhcp/results/dhcp-<UTC time>.json)
  --update-docs                     rewrite the results table in docs/benchmarks.md
EOF
}

die() { echo "bench/dhcp: $*" >&2; exit 1; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

positive_integer() { [[ $2 =~ ^[1-9][0-9]{0,6}$ ]] || die "$1 needs a positive integer, not '$2'"; }

while [ $# -gt 0 ]; do
    case $1 in
        --servers) servers=${2:?}; shift ;;
        --scenarios) scenarios=${2:?}; shift ;;
        --step-seconds) positive_integer "$1" "${2:-}"; step_seconds=$2; shift ;;
        --measure-seconds) positive_integer "$1" "${2:-}"; measure_seconds=$2; shift ;;
        --max-rate) positive_integer "$1" "${2:-}"; max_rate=$2; shift ;;
        --budget-seconds) positive_integer "$1" "${2:-}"; budget_seconds=$2; shift ;;
        --xenmesh-bin) xenmesh_bin=${2:?}; shift ;;
        --out) out_file=${2:?}; shift ;;
        --update-docs) update_docs=true ;;
        --render) render_file=${2:?}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
    shift
done
for s in $servers; do [[ $s =~ ^(kea|dnsmasq|xenmesh|xenmesh-normal)$ ]] || die "unknown server '$s'"; done
for s in $scenarios; do [[ $s =~ ^(24|16)$ ]] || die "unknown scenario '$s' (24 or 16)"; done

# ---------------------------------------------------------------------------------------------
# Results table (also used by --render): one markdown table from a results file.

render_table() {
    jq -r '
        def num(d): if . == null then "–" else (. * pow(10; d) | round / pow(10; d) | tostring) end;
        def rate: if .status == "skipped" then "pending"
                  elif .rate == null then "–"
                  elif .status | IN("client-limited", "max-rate", "budget") then "≥ \(.rate)"
                  else (.rate | tostring) end;
        def server_label: if . == "xenmesh-normal" then "xenmesh, `sqliteSynchronous: normal`" else . end;
        def lat(k): if .latencyMs == null then "–"
                    else "\(.latencyMs[k].p50 | num(2)) / \(.latencyMs[k].p99 | num(2))" end;
        . as $all
        | def ratio(server; subnet; absent): if . != null then num(2)
              elif any($all.results[]; .server == server and .subnet == subnet and .status != "skipped") then "–"
              else absent end;
        "| Subnet | Clients | Server | DORA/s, 0 drops | DISCOVER→OFFER p50 / p99 ms | REQUEST→ACK p50 / p99 ms | RSS after, MiB | Leases in store | Status |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|",
        (.results[] |
            "| \(.subnet) | \(.clients) | \(.server | server_label) | \(rate) | \(lat("discoverOffer")) | \(lat("requestAck")) | \(if .rssKiB == null then "–" else (.rssKiB / 1024 | num(1)) end) | \(.leasesStored // "–") | \(.status)\(if .note then ": " + .note else "" end) |"),
        "",
        "| Subnet | XenMesh / Kea | XenMesh / dnsmasq | XenMesh `normal` / Kea |",
        "|---|---:|---:|---:|",
        (.ratios[] | .subnet as $s | "| \($s) | \(.xenmeshOverKea | ratio("xenmesh"; $s; "pending")) | \(.xenmeshOverDnsmasq | ratio("xenmesh"; $s; "pending")) | \(.xenmeshNormalOverKea | ratio("xenmesh-normal"; $s; "not run")) |"),
        "",
        "Measured \(.startedAt) on \(.machine.cpu), \(.machine.cores) cores, kernel \(.machine.kernel); load average \(.machine.loadAverageAtStart) at start, \(.machine.loadAverageAtEnd) at end. perfdhcp \(.versions.perfdhcp), Kea \(.versions.kea), dnsmasq \(.versions.dnsmasq), xenmesh \(.versions.xenmesh // "not published"). Every step: `\($file)`."
    ' --arg file "$(realpath --relative-to="$repo_dir" "$1")" "$1"
}

update_docs_table() {
    local table_file=$1
    [ -f "$docs_file" ] || die "$docs_file is missing"
    if ! grep -q '^<!-- bench-dhcp:begin -->$' "$docs_file" || ! grep -q '^<!-- bench-dhcp:end -->$' "$docs_file"; then
        die "$docs_file has no <!-- bench-dhcp:begin --> / <!-- bench-dhcp:end --> markers"
    fi
    local updated
    updated=$(mktemp)
    awk -v table="$table_file" '
        /^<!-- bench-dhcp:begin -->$/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
        /^<!-- bench-dhcp:end -->$/ { skip = 0 }
        !skip { print }
    ' "$docs_file" >"$updated"
    cat "$updated" >"$docs_file"
    rm -f "$updated"
    say "updated the results table in $docs_file"
}

if [ -n "$render_file" ]; then
    [ -f "$render_file" ] || die "no such results file: $render_file"
    table=$(mktemp)
    render_table "$render_file" | tee "$table"
    if $update_docs; then update_docs_table "$table"; fi
    rm -f "$table"
    exit 0
fi

# ---------------------------------------------------------------------------------------------
# Preconditions, lock, leftovers.

[ "$(id -u)" -eq 0 ] || die "run as root (network namespaces)"
for tool in ip ss ethtool jq perfdhcp kea-dhcp4 dnsmasq flock timeout; do
    command -v "$tool" >/dev/null || die "$tool is missing; run bench/dhcp/setup.sh (or deploy/install-deps.sh)"
done

# shellcheck source=../lib/run-start.sh
. "$bench_dir/../lib/run-start.sh"
bench_start xmb
deadline=$((start_epoch + budget_seconds))
[ -n "$out_file" ] || out_file="$bench_dir/results/dhcp-$(date -u +%Y%m%dT%H%M%SZ).json"

server_pid=""
perfdhcp_pid=""
namespaces=()
failure_logs=()

stop_server() {
    [ -n "$server_pid" ] || return 0
    local pid=$server_pid
    server_pid=""
    bench_stop_pid "$pid"
}

topology_down() {
    local ns
    for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
    namespaces=()
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$perfdhcp_pid" ]; then kill -TERM "$perfdhcp_pid" 2>/dev/null || true; wait "$perfdhcp_pid" 2>/dev/null || true; fi
    stop_server
    topology_down
    if [ "$status" -ne 0 ]; then
        bench_show_failure_logs 20 "${failure_logs[@]}"
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Scenarios and topology.

scenario() {
    case $1 in
        24) subnet=192.168.0.0/24; netmask=255.255.255.0; server_address=192.168.0.254; prefix_length=24
            client_address=192.168.0.1; pool_start=192.168.0.10; pool_end=192.168.0.250; clients=200 ;;
        16) subnet=10.88.0.0/16; netmask=255.255.0.0; server_address=10.88.255.254; prefix_length=16
            client_address=10.88.0.1; pool_start=10.88.1.0; pool_end=10.88.254.255; clients=50000 ;;
    esac
}

topology_up() {
    server_ns="$run_id-$1-s"
    client_ns="$run_id-$1-c"
    ip netns add "$server_ns"; namespaces+=("$server_ns")
    ip netns add "$client_ns"; namespaces+=("$client_ns")
    ip link add name eth0 netns "$client_ns" type veth peer name port0 netns "$server_ns"
    ip -n "$server_ns" link add br0 type bridge
    ip -n "$server_ns" link set port0 master br0
    ip -n "$server_ns" addr add "$server_address/$prefix_length" dev br0
    ip netns exec "$server_ns" ethtool -K br0 tx off >/dev/null
    for link in lo port0 br0; do ip -n "$server_ns" link set "$link" up; done
    ip -n "$client_ns" addr add "$client_address/$prefix_length" dev eth0
    for link in lo eth0; do ip -n "$client_ns" link set "$link" up; done
}

# ---------------------------------------------------------------------------------------------
# Servers. Each start_* leaves the server's PID in server_pid, its lease store path in
# lease_store, and returns once the PID owns a UDP socket on port 67 in the server namespace.

owns_dhcp_socket() { ip netns exec "$server_ns" ss -Hulpn 'sport = :67' | grep -q "pid=$server_pid,"; }

await_dhcp_socket() {
    local seconds=$1 log=$2
    for _ in $(seq $((seconds * 10))); do
        owns_dhcp_socket && return 0
        kill -0 "$server_pid" 2>/dev/null || { failure_logs+=("$log"); die "$3 exited during start-up; see its log above"; }
        sleep 0.1
    done
    return 1
}

start_kea() {
    local dir=$1
    lease_store="$dir/kea-leases4.csv"
    jq -n --arg leases "$lease_store" --arg log "$dir/kea.log" --arg subnet "$subnet" \
        --arg pool "$pool_start - $pool_end" '{
        Dhcp4: {
            "interfaces-config": { interfaces: ["br0"], "dhcp-socket-type": "udp" },
            "lease-database": { type: "memfile", persist: true, name: $leases, "lfc-interval": 0 },
            "valid-lifetime": 259200,
            authoritative: true,
            subnet4: [ { subnet: $subnet, pools: [ { pool: $pool } ] } ],
            loggers: [ { name: "kea-dhcp4", severity: "WARN", output_options: [ { output: $log } ] } ]
        } }' >"$dir/kea.json"
    KEA_PIDFILE_DIR=$dir KEA_LOCKFILE_DIR=$dir ip netns exec "$server_ns" kea-dhcp4 -c "$dir/kea.json" >"$dir/kea.out" 2>&1 9>&- &
    server_pid=$!
    await_dhcp_socket 30 "$dir/kea.out" kea-dhcp4 || { failure_logs+=("$dir/kea.out"); die "kea-dhcp4 did not open UDP port 67"; }
}

start_dnsmasq() {
    local dir=$1
    lease_store="$dir/dnsmasq.leases"
    # --no-ping: dnsmasq's default ICMP check blocks its single thread up to 3 s per new address,
    # which only measures the ping timeout; neither Kea nor XenMesh probe before offering.
    ip netns exec "$server_ns" dnsmasq --keep-in-foreground --conf-file=/dev/null --pid-file= --port=0 \
        --interface=br0 --bind-interfaces --dhcp-authoritative --no-ping --quiet-dhcp --log-facility=- \
        --dhcp-range="$pool_start,$pool_end,$netmask,3d" --dhcp-lease-max=65536 \
        --dhcp-leasefile="$lease_store" >"$dir/dnsmasq.log" 2>&1 9>&- &
    server_pid=$!
    await_dhcp_socket 30 "$dir/dnsmasq.log" dnsmasq || { failure_logs+=("$dir/dnsmasq.log"); die "dnsmasq did not open UDP port 67"; }
}

# Sets skip_reason when there is nothing to measure: no published build, or an agent without a DHCP socket.
# $2 is persistence.sqliteSynchronous (the agent's default, full, when empty).
start_xenmesh() {
    local dir=$1 synchronous=${2:-}
    if [ ! -x "$xenmesh_bin" ]; then
        skip_reason="not published at $xenmesh_bin (run bench/dhcp/setup.sh)"
        return 0
    fi
    jq -n --arg state "$dir/state" --arg bridge "$server_address/$prefix_length" \
        --arg first "$pool_start" --arg last "$pool_end" --arg synchronous "$synchronous" '{
        host: { id: "xmbench", stateDirectory: $state },
        bridge: { name: "br0", address: $bridge },
        dhcp: { rangeStart: $first, rangeEnd: $last, leaseTime: "3.00:00:00", authoritative: true },
        commandHost: { host: "127.0.0.1", port: 9110 },
        persistence: ({ provider: "sqlite" } + if $synchronous == "" then {} else { sqliteSynchronous: $synchronous } end)
    }' >"$dir/xenmesh.json"
    ip netns exec "$server_ns" "$xenmesh_bin" agent --config "$dir/xenmesh.json" >"$dir/xenmesh.log" 2>&1 9>&- &
    server_pid=$!
    # Ready means the command host listens; the DHCP socket may follow once the lease pool has recovered.
    local ready=false
    for _ in $(seq $((agent_ready_seconds * 10))); do
        kill -0 "$server_pid" 2>/dev/null || { failure_logs+=("$dir/xenmesh.log"); die "the xenmesh agent exited during start-up"; }
        if ip netns exec "$server_ns" ss -Htlpn 'sport = :9110' | grep -q "pid=$server_pid,"; then ready=true; break; fi
        sleep 0.1
    done
    $ready || { failure_logs+=("$dir/xenmesh.log"); die "the xenmesh agent did not open its command host within $agent_ready_seconds s"; }
    await_dhcp_socket "$dhcp_socket_grace_seconds" "$dir/xenmesh.log" "the xenmesh agent" ||
        skip_reason="no DHCP server in this build"
}

# The same agent with a commit in the WAL file but no fsync per commit: a lease survives a crash of the agent,
# not a power loss, as with Kea's memfile.
start_xenmesh_normal() { start_xenmesh "$1" normal; }

# One JSON record from the agent's command host (the CLI prints one object per line with --json), or nothing.
xenmesh_record() {
    timeout 60 ip netns exec "$server_ns" "$xenmesh_bin" "$@" --json 2>/dev/null | head -n 1 | jq -c 'select(type == "object")' 2>/dev/null || true
}

# Sets leases (count in the server's durable store, or empty) and server_report (JSON, or null).
read_server_state() {
    server_report=null
    case $1 in
        kea) leases=$(awk -F, 'NR > 1 && !seen[$1]++ { n++ } END { print n + 0 }' "$lease_store") ;;
        dnsmasq) leases=$(wc -l <"$lease_store") ;;
        xenmesh | xenmesh-normal)
            local pool stats
            pool=$(xenmesh_record lease pool)
            stats=$(xenmesh_record dhcp stats)
            leases=$(jq -r '.used // empty' <<<"${pool:-null}")
            server_report=$(jq -nc --argjson pool "${pool:-null}" --argjson stats "${stats:-null}" '{leasePool: $pool, dhcpStats: $stats}') ;;
    esac
}

# ---------------------------------------------------------------------------------------------
# perfdhcp runs.

# Counters of one perfdhcp report: discovers sent, DISCOVER-OFFER drops, ACKs received, REQUEST-ACK drops,
# rejected leases, orphans, and 1 when both statistics sections were there.
perfdhcp_counts() {
    awk '
        /^\*\*\*Statistics for: DISCOVER-OFFER/ { s = "do"; found++; next }
        /^\*\*\*Statistics for: REQUEST-ACK/ { s = "ra"; found++; next }
        /^\*\*\*/ { s = ""; next }
        s && /^sent packets:/ { v[s "sent"] = $3 }
        s && /^received packets:/ { v[s "received"] = $3 }
        s && /^drops:/ { v[s "drops"] = $2 }
        s && /^orphans:/ { orphans += $2 }
        s && /^rejected leases:/ { rejected += $3 }
        END {
            print v["dosent"] + 0, v["dodrops"] + 0, v["rareceived"] + 0, v["radrops"] + 0, rejected + 0, orphans + 0,
                  (found == 2 ? 1 : 0)
        }' "$1"
}

# "p50 p99" in milliseconds of one exchange half (DISCOVER-OFFER or REQUEST-ACK), nearest rank,
# from the per-packet timestamps perfdhcp -x t prints.
latency_percentiles() {
    awk -v want="$2" '
        /^\*\*\*Timestamps for packets: / { s = $4; gsub(/\*/, "", s); next }
        /^\*\*\*/ { s = ""; next }
        s == want && /^sent \/ received:/ { printf "%.3f\n", ($6 - $4) * 1000 }
    ' "$1" | sort -n | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "null null"; exit }
            print v[int((50 * NR + 99) / 100)], v[int((99 * NR + 99) / 100)]
        }'
}

# UDP datagrams the kernel discarded in a namespace because the receiving socket's buffer was full:
# tells a server that falls behind (server namespace) from perfdhcp falling behind (client namespace).
udp_rcvbuf_errors() {
    ip netns exec "$1" cat /proc/net/snmp | awk '
        /^Udp:/ && !header { for (i = 2; i <= NF; i++) column[$i] = i; header = 1; next }
        /^Udp:/ { print $column["RcvbufErrors"]; exit }'
}

# Runs perfdhcp for one step and sets step_outcome (ok | drops | client-limited) and step_json.
run_step() {
    local rate=$1 seconds=$2 seed=$3 output=$4
    shift 4
    local server_overflows client_overflows
    server_overflows=$(udp_rcvbuf_errors "$server_ns")
    client_overflows=$(udp_rcvbuf_errors "$client_ns")
    # In the background and waited for, so that INT/TERM reach the traps at once (timeout runs in its own process group).
    timeout -k 5 $((seconds + 30)) ip netns exec "$client_ns" perfdhcp -4 -r "$rate" -R "$clients" -p "$seconds" \
        -d 1 -W 1000000 -s "$seed" -l "$client_address" "$@" "$server_address" >"$output" 2>&1 9>&- &
    perfdhcp_pid=$!
    wait "$perfdhcp_pid" || true
    perfdhcp_pid=""
    server_overflows=$(($(udp_rcvbuf_errors "$server_ns") - server_overflows))
    client_overflows=$(($(udp_rcvbuf_errors "$client_ns") - client_overflows))
    local do_sent do_drops ra_received ra_drops rejected orphans complete
    read -r do_sent do_drops ra_received ra_drops rejected orphans complete < <(perfdhcp_counts "$output")
    if [ "$complete" -ne 1 ]; then
        failure_logs+=("$output")
        die "perfdhcp produced no report at rate $rate"
    fi
    local expected=$((rate * seconds))
    if [ "$do_drops" -eq 0 ] && [ "$ra_drops" -eq 0 ] && [ "$rejected" -eq 0 ] && [ "$ra_received" -eq "$do_sent" ]; then
        # perfdhcp shares the two cores; if it could not send the asked rate, the server was not the limit.
        if [ $((do_sent * 100)) -lt $((expected * 97)) ]; then step_outcome=client-limited; else step_outcome=ok; fi
    else
        step_outcome=drops
    fi
    step_completed_per_second=$((ra_received / seconds))
    step_json=$(jq -nc --argjson rate "$rate" --argjson seconds "$seconds" --argjson sent "$do_sent" \
        --argjson completed "$ra_received" --argjson doDrops "$do_drops" --argjson raDrops "$ra_drops" \
        --argjson rejected "$rejected" --argjson orphans "$orphans" --arg outcome "$step_outcome" \
        --argjson serverOverflows "$server_overflows" --argjson clientOverflows "$client_overflows" \
        '{rate: $rate, seconds: $seconds, discoversSent: $sent, completed: $completed, discoverOfferDrops: $doDrops,
          requestAckDrops: $raDrops, rejectedLeases: $rejected, orphans: $orphans,
          serverSocketOverflows: $serverOverflows, clientSocketOverflows: $clientOverflows, outcome: $outcome}')
    say "  $rate/s for ${seconds}s: sent $do_sent, completed $ra_received, drops $do_drops+$ra_drops" \
        "(socket overflows: server $server_overflows, perfdhcp $client_overflows) → $step_outcome"
}

# The same short, low-rate run for every server before the search, not counted: a server that compiles
# its code at first use (the .NET JIT, linq2db's first insert) would otherwise be measured on its first
# seconds in the search's first step.
warm_up() {
    timeout -k 5 $((warm_up_seconds + 30)) ip netns exec "$client_ns" perfdhcp -4 -r "$warm_up_rate" -R "$clients" \
        -p "$warm_up_seconds" -d 1 -W 1000000 -s 999 -l "$client_address" "$server_address" >"$1/warm-up.out" 2>&1 9>&- &
    perfdhcp_pid=$!
    wait "$perfdhcp_pid" || true
    perfdhcp_pid=""
}

time_left_for() { [ $(($(date +%s) + $1 + 5)) -le "$deadline" ]; }

# Doubling from start_rate until a step drops, then bisection until within precision_percent.
# Sets best_rate (0: nothing at or above min_rate passed), search_status, steps_json.
search_rate() {
    local dir=$1 rate=$start_rate low=0 high=0 step=0
    search_status=ok
    steps_json="[]"
    while :; do
        if ! time_left_for "$step_seconds"; then search_status=budget; break; fi
        step=$((step + 1))
        run_step "$rate" "$step_seconds" "$step" "$dir/step-$step.out"
        steps_json=$(jq -c --argjson s "$step_json" '. + [$s]' <<<"$steps_json")
        case $step_outcome in
            ok) low=$rate ;;
            drops) high=$rate ;;
            client-limited) low=$rate; search_status=client-limited; break ;;
        esac
        if [ "$high" -eq 0 ]; then
            [ $((rate * 2)) -le "$max_rate" ] || { search_status=max-rate; break; }
            rate=$((rate * 2))
        else
            [ $(((high - low) * 100)) -gt $((precision_percent * high)) ] || break
            rate=$(((low + high) / 2))
            [ "$rate" -ge "$min_rate" ] || break
        fi
    done
    best_rate=$low
}

# ---------------------------------------------------------------------------------------------
# One server in one scenario.

measure() {
    local server=$1 scenario_name=$2
    local dir="$work/$server-$scenario_name"
    mkdir -p "$dir"
    topology_up "$server"
    skip_reason=""
    local result
    "start_${server//-/_}" "$dir"
    if [ -n "$skip_reason" ]; then
        say "$server: $skip_reason — skipped"
        stop_server
        topology_down
        result=$(jq -nc --arg server "$server" --arg subnet "$subnet" --argjson clients "$clients" --arg note "$skip_reason" \
            '{server: $server, subnet: $subnet, clients: $clients, status: "skipped", note: $note, rate: null,
              latencyMs: null, rssKiB: null, leasesStored: null, serverReport: null, search: [], confirm: []}')
        results_json=$(jq -c --argjson r "$result" '. + [$r]' <<<"$results_json")
        return
    fi
    warm_up "$dir"
    say "$server on $subnet with $clients clients (pid $server_pid): searching"
    search_rate "$dir"

    local status=$search_status rate=null latency=null confirm_json="[]" note="" candidate=$best_rate attempt
    if [ "$best_rate" -eq 0 ]; then
        status=no-rate
        note="drops even at the lowest rate tried"
    else
        # The longer confirming run gives the latencies; a drop there backs off by 20 %, at most three times.
        status=unstable
        for attempt in 1 2 3 4; do
            if ! time_left_for "$measure_seconds"; then status=budget; note="no time left to confirm"; break; fi
            run_step "$candidate" "$measure_seconds" $((100 + attempt)) "$dir/confirm-$attempt.out" -x t
            confirm_json=$(jq -c --argjson s "$step_json" '. + [$s]' <<<"$confirm_json")
            if [ "$step_outcome" = drops ]; then
                note="drops in every ${measure_seconds} s run from $best_rate/s down to $candidate/s"
                candidate=$((candidate * 4 / 5))
                [ "$candidate" -ge "$min_rate" ] || break
                continue
            fi
            rate=$step_completed_per_second
            local do_p50 do_p99 ra_p50 ra_p99
            read -r do_p50 do_p99 < <(latency_percentiles "$dir/confirm-$attempt.out" DISCOVER-OFFER)
            read -r ra_p50 ra_p99 < <(latency_percentiles "$dir/confirm-$attempt.out" REQUEST-ACK)
            latency=$(jq -nc --argjson a "$do_p50" --argjson b "$do_p99" --argjson c "$ra_p50" --argjson d "$ra_p99" \
                '{discoverOffer: {p50: $a, p99: $b}, requestAck: {p50: $c, p99: $d}}')
            if [ "$step_outcome" = client-limited ]; then status=client-limited; else status=$search_status; fi
            if [ "$candidate" -lt "$best_rate" ]; then note="search found $best_rate/s; confirmed at $candidate/s"; else note=""; fi
            break
        done
    fi
    local rss leases server_report
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || true)
    read_server_state "$server"
    stop_server
    topology_down
    say "$server on $subnet: $status, ${rate} DORA/s, RSS ${rss:-?} KiB, ${leases:-?} leases stored"

    result=$(jq -nc --arg server "$server" --arg subnet "$subnet" --argjson clients "$clients" --arg status "$status" \
        --argjson rate "$rate" --argjson latency "$latency" --argjson rss "${rss:-null}" --argjson leases "${leases:-null}" \
        --arg note "$note" --argjson report "$server_report" --argjson search "$steps_json" --argjson confirm "$confirm_json" \
        '{server: $server, subnet: $subnet, clients: $clients, status: $status, note: (if $note == "" then null else $note end),
          rate: $rate, latencyMs: $latency, rssKiB: $rss, leasesStored: $leases, serverReport: $report,
          search: $search, confirm: $confirm}')
    results_json=$(jq -c --argjson r "$result" '. + [$r]' <<<"$results_json")
}

# ---------------------------------------------------------------------------------------------
# Main.

version_of() { "$@" 2>/dev/null | head -n 1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -n 1 || true; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

load_at_start=$(load_average)
say "run $run_id: servers [$servers], scenarios [$scenarios], load average $load_at_start"
results_json="[]"
for scenario_name in $scenarios; do
    scenario "$scenario_name"
    for server in $servers; do
        measure "$server" "$scenario_name"
    done
done

xenmesh_version=null
[ -x "$xenmesh_bin" ] && xenmesh_version=$(jq -n --arg v "$(version_of "$xenmesh_bin" --version)" '$v')
mkdir -p "$(dirname "$out_file")"
jq -n --arg startedAt "$started_at" --argjson seconds $(($(date +%s) - start_epoch)) \
    --arg cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" --argjson cores "$(nproc)" \
    --arg kernel "$(uname -r)" --arg loadStart "$load_at_start" --arg loadEnd "$(load_average)" \
    --arg perfdhcp "$(version_of perfdhcp -v)" --arg kea "$(version_of kea-dhcp4 -v)" \
    --arg dnsmasq "$(version_of dnsmasq --version)" --argjson xenmesh "$xenmesh_version" \
    --argjson warmUpRate "$warm_up_rate" --argjson warmUpSeconds "$warm_up_seconds" --argjson stepSeconds "$step_seconds" --argjson measureSeconds "$measure_seconds" \
    --argjson startRate "$start_rate" --argjson maxRate "$max_rate" --argjson precision "$precision_percent" \
    --argjson results "$results_json" '
    def rate(s; subnet): first(($results[] | select(.server == s and .subnet == subnet and .status == "ok") | .rate), null);
    def ratio(a; b): if a == null or b == null or b == 0 then null else (a / b * 100 | round / 100) end;
    {
        startedAt: $startedAt, durationSeconds: $seconds,
        machine: { cpu: $cpu, cores: $cores, kernel: $kernel, loadAverageAtStart: $loadStart, loadAverageAtEnd: $loadEnd },
        versions: { perfdhcp: $perfdhcp, kea: $kea, dnsmasq: $dnsmasq, xenmesh: $xenmesh },
        method: { warmUp: { rate: $warmUpRate, seconds: $warmUpSeconds },
                  stepSeconds: $stepSeconds, measureSeconds: $measureSeconds, startRate: $startRate, maxRate: $maxRate,
                  precisionPercent: $precision, dropTimeSeconds: 1, exitWaitSeconds: 1 },
        results: $results,
        ratios: [ reduce $results[].subnet as $s ([]; if any(.[]; . == $s) then . else . + [$s] end) | .[] as $subnet | {
            subnet: $subnet,
            xenmeshOverKea: ratio(rate("xenmesh"; $subnet); rate("kea"; $subnet)),
            xenmeshOverDnsmasq: ratio(rate("xenmesh"; $subnet); rate("dnsmasq"; $subnet)),
            xenmeshNormalOverKea: ratio(rate("xenmesh-normal"; $subnet); rate("kea"; $subnet)) } ]
    }' >"$out_file"

table="$work/table.md"
render_table "$out_file" | tee "$table"
echo
say "results: $out_file ($(($(date +%s) - start_epoch)) s)"
if $update_docs; then update_docs_table "$table"; fi

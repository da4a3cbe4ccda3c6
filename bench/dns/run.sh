#!/usr/bin/env bash
# DNS load benchmark: dnsperf against the XenMesh agent, dnsmasq and, as the ceiling of the machine,
# a C responder that only echoes each query back (bench/dns/echo.c).
#
# One topology for the whole run: a server namespace with br0 (10.88.255.254/16, tx checksum offload
# off, as the agent sets it) whose only port is one end of a veth, and a client namespace holding
# the other end with 10.88.0.1/16. A /16 because 1 000 leases do not fit in a /24.
#
# The agent gets its 1 000 names through real DHCP: bench/dns/dhcp_names.py relays 1 000 DORA
# exchanges from 10.88.0.1:67, each with option 12 = bench0000 ... bench0999. dnsmasq then serves the
# very name → address pairs the agent leased (an addn-hosts file), so both answer the same data.
# All three servers then run at once on 10.88.255.254, each on its own port (XenMesh 53, dnsmasq
# 5301, echo 5302); each gets its answers checked with dig and a short warm-up, and then the mixes
# run one after the other, the servers taking turns within each mix, so that a change in the
# machine's load between mixes hits every server alike. The query mixes: A of existing names, A with 10 % NXDOMAIN, PTR, and A at concurrency 1 (latency). A
# throughput mix is two dnsperf runs: one for queries/s and lost queries, one with -v whose per-query
# latencies give p50/p99 (printing every query costs dnsperf about 12 % of its rate, so the runs are
# kept apart). The latency mix is one -v run with -c 1 -q 1. At -q 1, dnsperf 2.10 paces itself: its
# receive thread wakes the sender before it counts the answer, so the sender often sleeps until the
# receiver's next 100 ms poll timeout. That mix's queries/s is dnsperf's, not the server's; its
# latencies are per query and valid. It runs 40 s (--latency-seconds) so that its p99 rests on about
# a thousand queries, not on the third-slowest of 200.
# The server's VmRSS is read after its last mix. Results: a table on stdout and a JSON file;
# --update-docs rewrites the results table in docs/benchmarks.md.
#
# Root only. Traffic stays between the namespaces this script creates; namespaces, processes and
# the work folder are removed at the end and on failure, and leftovers of earlier runs (namespaces
# and folders named xmd<4 hex>) at the start. One run at a time (lock file).
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
repo_dir=$(cd "$bench_dir/../.." && pwd)

servers="xenmesh dnsmasq echo"
mixes="a nxdomain ptr latency"
seconds=10
percentile_seconds=5
latency_seconds=40
warmup_seconds=3
dnsperf_clients=8
outstanding=100
names=1000
udp_sockets=0
agent_ready_seconds=60
dns_socket_grace_seconds=10
zone_wait_seconds=60
xenmesh_bin="$repo_dir/artifacts/xenmesh/xenmesh"
out_file=""
update_docs=false
render_file=""
docs_file="$repo_dir/docs/benchmarks.md"
lock_file=/run/lock/xenmesh-bench-dns.lock

server_address=10.88.255.254
client_address=10.88.0.1
prefix_length=16
pool_start=10.88.1.0
pool_end=10.88.254.255
reverse_zone=88.10.in-addr.arpa
# XenMesh on the real DNS port; the others beside it, so that all can run at once.
declare -A ports=([xenmesh]=53 [dnsmasq]=5301 [echo]=5302)

usage() {
    cat <<EOF
usage: bench/dns/run.sh [options]             run the benchmark (root)
       bench/dns/run.sh --render FILE [--update-docs]
                                              print (and put into docs/benchmarks.md) the table of a results file
options:
  --servers "xenmesh dnsmasq echo"   servers to measure, in this order (default: all three)
  --mixes "a nxdomain ptr latency"   query mixes (default: all four)
  --seconds N                        length of each queries/s run (default $seconds)
  --percentile-seconds N             length of each dnsperf -v run for p50/p99 (default $percentile_seconds)
  --latency-seconds N                length of the concurrency-1 run (default $latency_seconds: at dnsperf's pace of
                                     20-40 queries/s that is about 1 000 samples, so its p99 is not the third-worst query)
  --warmup-seconds N                 unrecorded A queries before a server's first mix (default $warmup_seconds)
  --clients N                        dnsperf -c: source sockets (default $dnsperf_clients)
  --outstanding N                    dnsperf -q: queries in flight (default $outstanding; the latency mix uses 1)
  --names N                          named leases, at most 10000 (default $names)
  --udp-sockets N                    the agent's dns.udpSockets: UDP sockets and threads (default 0: one per core)
  --xenmesh-bin PATH                 published xenmesh executable (default artifacts/xenmesh/xenmesh)
  --out FILE                         results file (default bench/dns/results/dns-<UTC time>.json)
  --update-docs                      rewrite the results table in docs/benchmarks.md
EOF
}

die() { echo "bench/dns: $*" >&2; exit 1; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

positive_integer() { [[ $2 =~ ^[1-9][0-9]{0,5}$ ]] || die "$1 needs a positive integer, not '$2'"; }

while [ $# -gt 0 ]; do
    case $1 in
        --servers) servers=${2:?}; shift ;;
        --mixes) mixes=${2:?}; shift ;;
        --seconds) positive_integer "$1" "${2:-}"; seconds=$2; shift ;;
        --percentile-seconds) positive_integer "$1" "${2:-}"; percentile_seconds=$2; shift ;;
        --latency-seconds) positive_integer "$1" "${2:-}"; latency_seconds=$2; shift ;;
        --warmup-seconds) positive_integer "$1" "${2:-}"; warmup_seconds=$2; shift ;;
        --clients) positive_integer "$1" "${2:-}"; dnsperf_clients=$2; shift ;;
        --outstanding) positive_integer "$1" "${2:-}"; outstanding=$2; shift ;;
        --names) positive_integer "$1" "${2:-}"; names=$2; shift ;;
        --udp-sockets) positive_integer "$1" "${2:-}"; udp_sockets=$2; shift ;;
        --xenmesh-bin) xenmesh_bin=${2:?}; shift ;;
        --out) out_file=${2:?}; shift ;;
        --update-docs) update_docs=true ;;
        --render) render_file=${2:?}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
    shift
done
for s in $servers; do [[ $s =~ ^(xenmesh|dnsmasq|echo)$ ]] || die "unknown server '$s'"; done
# The agent goes first: its leases give the names the others serve, and it must free port 53 for them.
if [[ " $servers " == *" xenmesh "* ]]; then
    ordered=xenmesh
    for s in $servers; do [ "$s" = xenmesh ] || ordered+=" $s"; done
    servers=$ordered
fi
for m in $mixes; do [[ $m =~ ^(a|nxdomain|ptr|latency)$ ]] || die "unknown mix '$m'"; done
[ "$names" -le 10000 ] || die "--names is at most 10000"

# ---------------------------------------------------------------------------------------------
# Results table (also used by --render): one markdown table from a results file.

render_table() {
    jq -r '
        def num(d): if . == null then "–" else (. * pow(10; d) | round / pow(10; d) | tostring) end;
        def mixname: {a: "A, existing names", nxdomain: "A, 10 % NXDOMAIN", ptr: "PTR", latency: "A, concurrency 1"}[.] // .;
        def ratio: if . == null then "–" else num(2) end;
        "| Mix | Server | Queries/s | Lost | p50 / p99 ms | RSS after, MiB | Load (1 min) | Status |",
        "|---|---|---:|---:|---:|---:|---:|---|",
        (.results[] | . as $r | (.mixes // [])[] |
            "| \(.mix | mixname) | \($r.server) | \(.qps | if . == null then "–" else round | tostring end) | \(.lost // "–") | \(.latencyMs.p50 | num(3)) / \(.latencyMs.p99 | num(3)) | \($r.rssKiB | if . == null then "–" else (. / 1024 | num(1)) end) | \(.loadAverage // "–" | tostring | split(" ")[0]) | \(.status)\(if .note then ": " + .note else "" end) |"),
        (.results[] | select(.status == "skipped") | "| all | \(.server) | – | – | – | – | – | pending: \(.note) |"),
        "",
        "| Mix | Queries/s XenMesh / dnsmasq | XenMesh / echo | dnsmasq / echo | p50 XenMesh / dnsmasq | p99 XenMesh / dnsmasq |",
        "|---|---:|---:|---:|---:|---:|",
        (.ratios[] | "| \(.mix | mixname) | \(.xenmeshOverDnsmasq | ratio) | \(.xenmeshOverEcho | ratio) | \(.dnsmasqOverEcho | ratio) | \(.p50XenmeshOverDnsmasq | ratio) | \(.p99XenmeshOverDnsmasq | ratio) |"),
        "",
        "Measured \(.startedAt) on \(.machine.cpu), \(.machine.cores) cores, kernel \(.machine.kernel); load average \(.machine.loadAverageAtStart) at start, \(.machine.loadAverageAtEnd) at end. \(.method.names) names from \(.method.namesFrom); dnsperf -c \(.method.clients) -q \(.method.outstanding), \(.method.seconds) s per queries/s run, \(.method.percentileSeconds) s per -v run, \(.method.latencySeconds // .method.seconds) s at concurrency 1. dnsperf \(.versions.dnsperf), dnsmasq \(.versions.dnsmasq), gcc \(.versions.gcc), xenmesh \(.versions.xenmesh // "not published"). Every run: `\($file)`."
    ' --arg file "$(realpath --relative-to="$repo_dir" "$1")" "$1"
}

update_docs_table() {
    local table_file=$1
    [ -f "$docs_file" ] || die "$docs_file is missing"
    if ! grep -q '^<!-- bench-dns:begin -->$' "$docs_file" || ! grep -q '^<!-- bench-dns:end -->$' "$docs_file"; then
        die "$docs_file has no <!-- bench-dns:begin --> / <!-- bench-dns:end --> markers"
    fi
    local updated
    updated=$(mktemp)
    awk -v table="$table_file" '
        /^<!-- bench-dns:begin -->$/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
        /^<!-- bench-dns:end -->$/ { skip = 0 }
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
for tool in ip ss ethtool jq dnsperf dnsmasq dig gcc python3 flock timeout; do
    command -v "$tool" >/dev/null || die "$tool is missing; run bench/dns/setup.sh"
done

# shellcheck source=../lib/run-start.sh
. "$bench_dir/../lib/run-start.sh"
bench_start xmd
# dnsmasq drops to nobody before it reads its hosts file.
chmod 755 "$work_root" "$work"
[ -n "$out_file" ] || out_file="$bench_dir/results/dns-$(date -u +%Y%m%dT%H%M%SZ).json"

server_ns="$run_id-s"
client_ns="$run_id-c"
server_pid=""
declare -A server_pids=()
client_pid=""
namespaces=()
failure_logs=()

stop_server() {
    local server=$1 pid=${server_pids[$1]:-}
    unset "server_pids[$server]"
    [ -n "$pid" ] || return 0
    bench_stop_pid "$pid"
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$client_pid" ]; then kill -TERM "$client_pid" 2>/dev/null || true; wait "$client_pid" 2>/dev/null || true; fi
    local server ns
    for server in "${!server_pids[@]}"; do stop_server "$server"; done
    for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
    if [ "$status" -ne 0 ]; then
        bench_show_failure_logs 20 "${failure_logs[@]}"
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a client-side program in the client namespace in the background and waits for it, so that
# INT/TERM reach the traps at once; its exit status is the function's.
in_client() {
    local status=0
    ip netns exec "$client_ns" "$@" 9>&- &
    client_pid=$!
    wait "$client_pid" || status=$?
    client_pid=""
    return "$status"
}

topology_up() {
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

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# ---------------------------------------------------------------------------------------------
# Servers. All of them run at once, each on its own port of the bridge address, so that the mixes
# can take turns between servers. Each start_* records the server's PID in server_pids and returns
# once that PID owns its UDP socket in the server namespace.

owns_socket() { ip netns exec "$server_ns" ss "-H${1}lpn" "sport = :$2" | grep -q "pid=$server_pid,"; }

await_dns_socket() {
    local wait_seconds=$1 log=$2 port=$4
    for _ in $(seq $((wait_seconds * 10))); do
        owns_socket u "$port" && return 0
        kill -0 "$server_pid" 2>/dev/null || { failure_logs+=("$log"); die "$3 exited during start-up; see its log above"; }
        sleep 0.1
    done
    return 1
}

# The agent: started once, before the other servers, because its leases are where the names come from.
start_xenmesh() {
    local dir=$work/xenmesh
    mkdir -p "$dir"
    : >"$dir/resolv.upstream.conf"
    jq -n --arg state "$dir/state" --arg bridge "$server_address/$prefix_length" \
        --arg first "$pool_start" --arg last "$pool_end" --arg resolv "$dir/resolv.upstream.conf" \
        --argjson port "${ports[xenmesh]}" --argjson udpSockets "$udp_sockets" '{
        host: { id: "xmbench", stateDirectory: $state },
        bridge: { name: "br0", address: $bridge },
        dhcp: { rangeStart: $first, rangeEnd: $last, leaseTime: "3.00:00:00", authoritative: true },
        dns: { domain: "xen", resolvFile: $resolv, port: $port, udpSockets: $udpSockets },
        commandHost: { host: "127.0.0.1", port: 9110 },
        persistence: { provider: "sqlite" }
    }' >"$dir/xenmesh.json"
    ip netns exec "$server_ns" "$xenmesh_bin" agent --config "$dir/xenmesh.json" >"$dir/xenmesh.log" 2>&1 9>&- &
    server_pid=$!
    server_pids[xenmesh]=$server_pid
    local ready=false
    for _ in $(seq $((agent_ready_seconds * 10))); do
        kill -0 "$server_pid" 2>/dev/null || { failure_logs+=("$dir/xenmesh.log"); die "the xenmesh agent exited during start-up"; }
        if owns_socket t 9110; then ready=true; break; fi
        sleep 0.1
    done
    $ready || { failure_logs+=("$dir/xenmesh.log"); die "the xenmesh agent did not open its command host within $agent_ready_seconds s"; }
    for _ in $(seq $((agent_ready_seconds * 10))); do owns_socket u 67 && break; sleep 0.1; done
    owns_socket u 67 || { failure_logs+=("$dir/xenmesh.log"); die "the xenmesh agent opened no DHCP socket"; }
}

# Every JSON object the agent's CLI prints (one per line with --json), as one array.
xenmesh_records() {
    timeout 60 ip netns exec "$server_ns" "$xenmesh_bin" "$@" --json 2>/dev/null | jq -sc '[.[] | select(type == "object")]' 2>/dev/null || echo '[]'
}

# Leases the agent's names through DHCP and writes names.txt ("name address", the agent's own
# lease list). Then waits until its zone holds every name, when this build has a DNS server.
name_through_xenmesh() {
    say "xenmesh (pid $server_pid): $names relayed DORA exchanges with option 12"
    in_client python3 "$bench_dir/dhcp_names.py" --relay "$client_address" --server "$server_address" \
        --count "$names" >"$work/dhcp-names.out" 2>"$work/dhcp-names.err" ||
        { failure_logs+=("$work/dhcp-names.err" "$work/xenmesh/xenmesh.log"); die "the agent did not lease every name"; }
    xenmesh_records lease list | jq -r '.[] | select(.name != null and (.name | startswith("bench"))) | "\(.name) \(.address)"' \
        | sort >"$work/names.txt"
    [ "$(wc -l <"$work/names.txt")" -eq "$names" ] ||
        die "the agent's lease list has $(wc -l <"$work/names.txt") named leases, not $names"
    cmp -s <(sort "$work/dhcp-names.out") "$work/names.txt" || die "the agent's lease list differs from the ACKs the client received"
    names_from="xenmesh leases (DHCP option 12)"

    if ! await_dns_socket "$dns_socket_grace_seconds" "$work/xenmesh/xenmesh.log" "the xenmesh agent" "${ports[xenmesh]}"; then
        xenmesh_skip="no DNS server in this build"
        return 0
    fi
    local count=0
    for _ in $(seq "$zone_wait_seconds"); do
        count=$(xenmesh_records dns list | jq '[.[] | select((.name // "") | test("^bench[0-9]{4}"))] | length')
        [ "$count" -ge "$names" ] && break
        sleep 1
    done
    [ "$count" -ge "$names" ] || die "xenmesh dns list shows $count bench names after $zone_wait_seconds s, not $names"
}

# Without the agent the names are made up the same way: bench0000 ... from the start of the pool.
generate_names() {
    local i first
    first=$(IFS=. read -r a b c d <<<"$pool_start"; echo $(((a << 24) + (b << 16) + (c << 8) + d)))
    for ((i = 0; i < names; i++)); do
        local n=$((first + i))
        printf 'bench%04d %d.%d.%d.%d\n' "$i" $((n >> 24 & 255)) $((n >> 16 & 255)) $((n >> 8 & 255)) $((n & 255))
    done | sort >"$work/names.txt"
    names_from="generated (no xenmesh in this run)"
}

# --local-ttl=30: the TTL XenMesh gives its records by default (dns.ttl), so both send the same answers.
start_dnsmasq() {
    local dir=$work/dnsmasq
    mkdir -p "$dir"
    awk '{ print $2, $1 ".xen" }' "$work/names.txt" >"$dir/hosts"
    chmod 644 "$dir/hosts"
    ip netns exec "$server_ns" dnsmasq --keep-in-foreground --conf-file=/dev/null --pid-file= --log-facility=- \
        --no-resolv --no-hosts --addn-hosts="$dir/hosts" --domain=xen --local=/xen/ --local="/$reverse_zone/" \
        --listen-address="$server_address" --bind-interfaces --port="${ports[dnsmasq]}" --cache-size=10000 --local-ttl=30 \
        >"$dir/dnsmasq.log" 2>&1 9>&- &
    server_pid=$!
    server_pids[dnsmasq]=$server_pid
    await_dns_socket 30 "$dir/dnsmasq.log" dnsmasq "${ports[dnsmasq]}" ||
        { failure_logs+=("$dir/dnsmasq.log"); die "dnsmasq did not open UDP port ${ports[dnsmasq]}"; }
}

start_echo() {
    local dir=$work/echo
    mkdir -p "$dir"
    ip netns exec "$server_ns" "$work/echo-responder" "$server_address" "${ports[echo]}" >"$dir/echo.log" 2>&1 9>&- &
    server_pid=$!
    server_pids[echo]=$server_pid
    await_dns_socket 10 "$dir/echo.log" "the echo responder" "${ports[echo]}" ||
        { failure_logs+=("$dir/echo.log"); die "the echo responder did not open UDP port ${ports[echo]}"; }
}

# Same answers from XenMesh and dnsmasq: A and PTR of a few names, and NXDOMAIN for a missing one.
check_answers() {
    local server=$1 port=${ports[$1]} name address got
    [ "$server" = echo ] && return 0
    while read -r name address; do
        got=$(in_client dig +short +time=2 +tries=2 -p "$port" @"$server_address" "$name.xen" A || true)
        [ "$got" = "$address" ] || die "$server answers '$got' for $name.xen A, not $address"
        got=$(in_client dig +short +time=2 +tries=2 -p "$port" @"$server_address" -x "$address" || true)
        [ "$got" = "$name.xen." ] || die "$server answers '$got' for the PTR of $address, not $name.xen."
    done < <(awk 'NR == 1 || NR % 250 == 0' "$work/names.txt")
    got=$(in_client dig +time=2 +tries=2 -p "$port" @"$server_address" nx0009.xen A | grep -o 'status: [A-Z]*' || true)
    [ "$got" = "status: NXDOMAIN" ] || die "$server answers '$got' for nx0009.xen, not NXDOMAIN"
}

# ---------------------------------------------------------------------------------------------
# Query files and dnsperf runs.

write_query_files() {
    awk '{ print $1 ".xen A" }' "$work/names.txt" >"$work/a.txt"
    # Every tenth query is a name nobody leased.
    awk '{ if (NR % 10 == 0) printf "nx%04d.xen A\n", NR - 1; else print $1 ".xen A" }' "$work/names.txt" >"$work/nxdomain.txt"
    awk '{ split($2, o, "."); print o[4] "." o[3] "." o[2] "." o[1] ".in-addr.arpa PTR" }' "$work/names.txt" >"$work/ptr.txt"
}

# dnsperf's summary as JSON: sent, completed, lost, queries/s, average latency and the response codes.
dnsperf_summary() {
    awk '
        /^  Queries sent:/ { sent = $3 }
        /^  Queries completed:/ { completed = $3 }
        /^  Queries lost:/ { lost = $3 }
        /^  Queries per second:/ { qps = $4 }
        /^  Average Latency \(s\):/ { avg = $4 }
        /^  Response codes:/ {
            sub(/^  Response codes: */, "")
            n = split($0, parts, /, /)
            for (i = 1; i <= n; i++) { split(parts[i], f, " "); codes = codes (codes ? "," : "") "\"" f[1] "\":" f[2] }
        }
        END {
            if (qps == "") { print "null"; exit }
            printf "{\"sent\":%d,\"completed\":%d,\"lost\":%d,\"qps\":%s,\"averageLatencyMs\":%.3f,\"responseCodes\":{%s}}\n",
                sent, completed, lost, qps, avg * 1000, codes
        }' "$1"
}

# "p50 p99 samples", the percentiles in milliseconds (nearest rank), of the per-query latencies dnsperf -v prints ("> RCODE name type seconds").
latency_percentiles() {
    awk '/^> [A-Z]+ / { printf "%.3f\n", $NF * 1000 }' "$1" | sort -n | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "null null 0"; exit }
            print v[int((50 * NR + 99) / 100)], v[int((99 * NR + 99) / 100)], NR
        }'
}

udp_rcvbuf_errors() {
    ip netns exec "$1" cat /proc/net/snmp | awk '
        /^Udp:/ && !header { for (i = 2; i <= NF; i++) column[$i] = i; header = 1; next }
        /^Udp:/ { print $column["RcvbufErrors"]; exit }'
}

# One dnsperf run; sets run_json.
dnsperf_run() {
    local port=$1 file=$2 run_seconds=$3 clients=$4 in_flight=$5 output=$6
    shift 6
    local server_overflows client_overflows
    server_overflows=$(udp_rcvbuf_errors "$server_ns")
    client_overflows=$(udp_rcvbuf_errors "$client_ns")
    in_client timeout -k 5 $((run_seconds + 30)) dnsperf -s "$server_address" -p "$port" -d "$file" -l "$run_seconds" \
        -c "$clients" -q "$in_flight" -t 1 "$@" >"$output" 2>&1 || true
    server_overflows=$(($(udp_rcvbuf_errors "$server_ns") - server_overflows))
    client_overflows=$(($(udp_rcvbuf_errors "$client_ns") - client_overflows))
    run_json=$(dnsperf_summary "$output")
    if [ "$run_json" = null ]; then failure_logs+=("$output"); die "dnsperf produced no report"; fi
    run_json=$(jq -c --argjson s "$server_overflows" --argjson c "$client_overflows" \
        '. + {serverSocketOverflows: $s, clientSocketOverflows: $c}' <<<"$run_json")
}

# Response codes each mix must get from a real server; anything else marks the mix "wrong-answers".
expected_codes() {
    case $1 in
        nxdomain) echo '{"NOERROR": 0.9, "NXDOMAIN": 0.1}' ;;
        *) echo '{"NOERROR": 1}' ;;
    esac
}

measure_mix() {
    local server=$1 mix=$2 dir=$work/$1 port=${ports[$1]}
    local load rate_json percentile_json p50 p99 samples
    load=$(load_average)
    if [ "$mix" = latency ]; then
        # One query at a time, one -v run: at -q 1 dnsperf's own pace (see the header) keeps the printing cheap.
        dnsperf_run "$port" "$work/a.txt" "$latency_seconds" 1 1 "$dir/$mix.out" -v
        rate_json=$run_json
        percentile_json=null
        read -r p50 p99 samples < <(latency_percentiles "$dir/$mix.out")
    else
        dnsperf_run "$port" "$work/$mix.txt" "$seconds" "$dnsperf_clients" "$outstanding" "$dir/$mix.out"
        rate_json=$run_json
        dnsperf_run "$port" "$work/$mix.txt" "$percentile_seconds" "$dnsperf_clients" "$outstanding" "$dir/$mix-v.out" -v
        percentile_json=$run_json
        read -r p50 p99 samples < <(latency_percentiles "$dir/$mix-v.out")
    fi
    rm -f "$dir/$mix-v.out" "$dir/$mix.out"

    local status=ok note=""
    if [ "$server" != echo ]; then
        # Within one percentage point of the expected share: dnsperf cycles the file, so a run ends mid-file.
        if ! jq -en --argjson want "$(expected_codes "$mix")" --argjson r "$rate_json" '
                $r.completed > 0 and ($r.responseCodes | keys) == ($want | keys)
                and all($want | to_entries[]; (.value - $r.responseCodes[.key] / $r.completed | fabs) < 0.01)
            ' >/dev/null; then
            status=wrong-answers
            note="response codes $(jq -c .responseCodes <<<"$rate_json")"
        fi
    fi
    say "  $server $mix: $(jq -r '.qps | round' <<<"$rate_json") q/s, lost $(jq -r .lost <<<"$rate_json"), p50 $p50 ms, p99 $p99 ms of $samples (load $load) → $status"
    local clients=$dnsperf_clients in_flight=$outstanding
    if [ "$mix" = latency ]; then clients=1; in_flight=1; fi
    mix_json=$(jq -nc --arg mix "$mix" --arg status "$status" --arg note "$note" --argjson rate "$rate_json" \
        --argjson percentiles "$percentile_json" --argjson p50 "$p50" --argjson p99 "$p99" --argjson samples "$samples" \
        --arg load "$load" --argjson clients "$clients" --argjson inFlight "$in_flight" '
        {mix: $mix, status: $status, note: (if $note == "" then null else $note end), clients: $clients, outstanding: $inFlight,
         qps: $rate.qps, lost: $rate.lost, latencyMs: {p50: $p50, p99: $p99, samples: $samples, average: $rate.averageLatencyMs},
         loadAverage: $load, rateRun: $rate, percentileRun: $percentiles}')
}

skipped() {
    local result
    result=$(jq -nc --arg server "$1" --arg note "$2" '{server: $server, status: "skipped", note: $note, rssKiB: null, mixes: []}')
    results_json=$(jq -c --argjson r "$result" '. + [$r]' <<<"$results_json")
}

# ---------------------------------------------------------------------------------------------
# Main.

version_of() { "$@" 2>&1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -n 1 || true; }

load_at_start=$(load_average)
say "run $run_id: servers [$servers], mixes [$mixes], load average $load_at_start"
gcc -O2 -Wall -Wextra -Werror -o "$work/echo-responder" "$bench_dir/echo.c"
topology_up
results_json="[]"
xenmesh_skip=""
names_from=""

if [[ " $servers " == *" xenmesh "* ]]; then
    if [ -x "$xenmesh_bin" ]; then
        start_xenmesh
        name_through_xenmesh
    else
        xenmesh_skip="not published at $xenmesh_bin (run bench/dns/setup.sh)"
    fi
fi
[ -n "$names_from" ] || generate_names
write_query_files

measured=()
for server in $servers; do
    if [ "$server" = xenmesh ]; then
        if [ -n "$xenmesh_skip" ]; then
            say "xenmesh: $xenmesh_skip — skipped"
            stop_server xenmesh
            skipped xenmesh "$xenmesh_skip"
            continue
        fi
    else
        mkdir -p "$work/$server"
        "start_$server"
    fi
    check_answers "$server"
    say "$server (pid ${server_pids[$server]}, UDP port ${ports[$server]}): answers checked; warm-up"
    dnsperf_run "${ports[$server]}" "$work/a.txt" "$warmup_seconds" "$dnsperf_clients" "$outstanding" "$work/$server/warmup.out"
    measured+=("$server")
done

# Mix by mix, the servers take turns, so that a change in the machine's load between mixes hits them alike.
declare -A mixes_json=()
for server in "${measured[@]}"; do mixes_json[$server]="[]"; done
for mix in $mixes; do
    say "mix $mix"
    for server in "${measured[@]}"; do
        measure_mix "$server" "$mix"
        mixes_json[$server]=$(jq -c --argjson m "$mix_json" '. + [$m]' <<<"${mixes_json[$server]}")
    done
done
for server in "${measured[@]}"; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/${server_pids[$server]}/status" 2>/dev/null || true)
    say "$server: RSS ${rss:-?} KiB"
    result=$(jq -nc --arg server "$server" --argjson rss "${rss:-null}" --argjson mixes "${mixes_json[$server]}" \
        --argjson port "${ports[$server]}" '{server: $server, status: "ok", note: null, port: $port, rssKiB: $rss, mixes: $mixes}')
    results_json=$(jq -c --argjson r "$result" '. + [$r]' <<<"$results_json")
done
for server in "${measured[@]}"; do stop_server "$server"; done

xenmesh_version=null
[ -x "$xenmesh_bin" ] && xenmesh_version=$(jq -n --arg v "$(version_of "$xenmesh_bin" --version)" '$v')
mkdir -p "$(dirname "$out_file")"
jq -n --arg startedAt "$started_at" --argjson seconds $(($(date +%s) - start_epoch)) \
    --arg cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" --argjson cores "$(nproc)" \
    --arg kernel "$(uname -r)" --arg loadStart "$load_at_start" --arg loadEnd "$(load_average)" \
    --arg dnsperf "$(dnsperf -H 2>&1 | awk '/^Version/ { print $2; exit }')" --arg dnsmasq "$(version_of dnsmasq --version)" \
    --arg gcc "$(gcc -dumpfullversion)" --argjson xenmesh "$xenmesh_version" \
    --argjson names "$names" --arg namesFrom "$names_from" --argjson clients "$dnsperf_clients" --argjson udpSockets "$udp_sockets" \
    --argjson outstanding "$outstanding" --argjson secs "$seconds" --argjson percentileSeconds "$percentile_seconds" --argjson latencySeconds "$latency_seconds" \
    --argjson warmup "$warmup_seconds" --argjson results "$results_json" '
    def mix(s; m): first($results[] | select(.server == s) | .mixes[] | select(.mix == m and .status == "ok")) // null;
    def ratio(a; b): if a == null or b == null or b == 0 then null else (a / b * 100 | round / 100) end;
    {
        startedAt: $startedAt, durationSeconds: $seconds,
        machine: { cpu: $cpu, cores: $cores, kernel: $kernel, loadAverageAtStart: $loadStart, loadAverageAtEnd: $loadEnd },
        versions: { dnsperf: $dnsperf, dnsmasq: $dnsmasq, gcc: $gcc, xenmesh: $xenmesh },
        method: { names: $names, namesFrom: $namesFrom, clients: $clients, outstanding: $outstanding, seconds: $secs, xenmeshUdpSockets: $udpSockets,
                  percentileSeconds: $percentileSeconds, latencySeconds: $latencySeconds, warmupSeconds: $warmup, timeoutSeconds: 1,
                  serverAddress: "'"$server_address/$prefix_length"'", clientAddress: "'"$client_address"'" },
        results: $results,
        ratios: [ reduce $results[].mixes[].mix as $m ([]; if any(.[]; . == $m) then . else . + [$m] end) | .[] as $m | {
            mix: $m,
            xenmeshOverDnsmasq: (if $m == "latency" then null else ratio(mix("xenmesh"; $m).qps; mix("dnsmasq"; $m).qps) end),
            xenmeshOverEcho: (if $m == "latency" then null else ratio(mix("xenmesh"; $m).qps; mix("echo"; $m).qps) end),
            dnsmasqOverEcho: (if $m == "latency" then null else ratio(mix("dnsmasq"; $m).qps; mix("echo"; $m).qps) end),
            p50XenmeshOverDnsmasq: ratio(mix("xenmesh"; $m).latencyMs.p50; mix("dnsmasq"; $m).latencyMs.p50),
            p99XenmeshOverDnsmasq: ratio(mix("xenmesh"; $m).latencyMs.p99; mix("dnsmasq"; $m).latencyMs.p99) } ]
    }' >"$out_file"

table="$work/table.md"
render_table "$out_file" | tee "$table"
echo
say "results: $out_file ($(($(date +%s) - start_epoch)) s)"
if $update_docs; then update_docs_table "$table"; fi

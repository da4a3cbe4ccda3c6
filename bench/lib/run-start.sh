# Sourced by bench/*/run.sh after their option parsing: the start every benchmark run shares.
# The caller defines say and die, and sets bench_dir and lock_file.
# bench_start TAG: takes the run lock, removes an interrupted run's namespaces (prefix TAG + 4 hex
# digits) and work folders, and sets prefix_pattern, work_root, run_id, work, started_at, start_epoch.

# The agent reads XENMESH__SECTION__KEY overrides; a benchmark's configuration is the file it writes.
bench_unset_xenmesh_environment() {
    local name
    while read -r name; do unset "$name"; done < <(compgen -e | grep '^XENMESH__' || true)
}

# Stops a child of this run: TERM, up to 10 s to exit, then KILL; reaps it.
bench_stop_pid() {
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# bench_show_failure_logs LINES LOG...: the last LINES lines of each log that exists, on stderr.
bench_show_failure_logs() {
    local lines=$1 log
    shift
    for log in "$@"; do
        [ -f "$log" ] && { echo "--- last lines of $log" >&2; tail -n "$lines" "$log" >&2; }
    done
    return 0
}

remove_namespace() {
    local ns=$1 pid
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break; sleep 0.1; done
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
}

bench_start() {
    local tag=$1 ns
    bench_unset_xenmesh_environment
    mkdir -p "$(dirname "$lock_file")"
    # Held on fd 9 for the whole run; every long-lived child is started with 9>&- so none keeps it.
    exec 9>"$lock_file"
    flock -n 9 || die "another run holds $lock_file"

    work_root="$bench_dir/.work"
    prefix_pattern="^${tag}[0-9a-f]{4}-"
    # Namespaces of this prefix only exist while a run holds the lock, so these are an interrupted run's.
    for ns in $(ip netns list | awk '{ print $1 }' | grep -E "$prefix_pattern" || true); do
        say "removing leftover namespace $ns"
        remove_namespace "$ns"
    done
    find "$work_root" -mindepth 1 -maxdepth 1 -name "${tag}*" -exec rm -rf {} + 2>/dev/null || true

    run_id=$tag$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
    work="$work_root/$run_id"
    mkdir -p "$work"
    started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    start_epoch=$(date +%s)
}

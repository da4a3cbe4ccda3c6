# shellcheck shell=bash
# Sourced by the xenstore stand-ins (xenstore-read, -write, -rm, -exists, -list): Xen's xenstore
# tools for a machine without Xen, used by `xenmesh demo` and by the integration tests.
#
# The store is the directory $XENSTORE_ROOT: one directory per node, its value in the file ".value"
# (xenstore node names cannot contain a dot, so it never clashes with a child). As with the real
# tools run in dom0, a path without a leading "/" is relative to /local/domain/0. When
# XENSTORE_CALL_LOG names a file, every call is appended to it as one shell-quoted "tool arg..."
# line before anything is checked, so that a test sees what a script asked for.
#
# Apart from mkdir and rm only bash builtins run (no dirname, no cat): a test that records the
# programs a hotplug script runs must see the xenstore calls and nothing they run themselves.

xs_tool=${0##*/}

# xs_start "$@": records the call and makes sure there is a store to work on.
xs_start() {
    if [[ -n ${XENSTORE_CALL_LOG-} ]]; then
        {
            printf '%q' "$xs_tool"
            printf ' %q' "$@"
            printf '\n'
        } >>"$XENSTORE_CALL_LOG"
    fi
    if [[ -z ${XENSTORE_ROOT-} ]]; then
        printf '%s: XENSTORE_ROOT must name the store directory\n' "$xs_tool" >&2
        exit 2
    fi
}

# xs_path PATH: PATH made absolute. Only "/"-separated node names pass, so no path can leave the
# store (no "..", no empty segment, no dot at all).
xs_path() {
    local path=$1
    [[ $path == /* ]] || path=/local/domain/0/$path
    if ! [[ $path =~ ^(/[A-Za-z0-9_@-]+)+$ ]]; then
        printf '%s: invalid path %q\n' "$xs_tool" "$1" >&2
        return 1
    fi
    printf '%s' "$path"
}

# xs_node PATH: the directory that holds PATH's node.
xs_node() {
    local path
    path=$(xs_path "$1") || return 1
    printf '%s' "$XENSTORE_ROOT$path"
}

# Shared by the xenstore stand-ins: maps a xenstore path to its directory, refusing anything that
# could leave the store.
: "${XENSTORE_ROOT:?XENSTORE_ROOT must name the fake store directory}"
xs_node() {
    case "$1" in
        *..*|*//*|"") echo "xenstore: invalid path '$1'" >&2; return 1 ;;
        /*) printf '%s%s' "$XENSTORE_ROOT" "$1" ;;
        *) printf '%s/local/domain/0/%s' "$XENSTORE_ROOT" "$1" ;;
    esac
}

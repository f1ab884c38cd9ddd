# Sourced by .ci/run: a throw-away PostgreSQL cluster on loopback for the
# PostgreSQL backend's tests (crates/postgres), which never skip in CI.
# `start_postgres` installs PostgreSQL from apt when its programs are
# missing, makes a cluster in a temporary folder (as the `postgres` user
# when we are root: initdb refuses root), starts it on 127.0.0.1 at a free
# port with trust authentication (nothing but this machine can reach it),
# exports AFTERVIEW_TEST_POSTGRES (its address) and AFTERVIEW_TEST_POSTGRES_BIN
# (the folder of its programs: the backup test runs this version's pg_dump and
# pg_restore, since pg_dump refuses a server newer than itself), and stops
# and removes it on exit. It syncs nothing to disk unless
# AFTERVIEW_PG_DURABLE=1 (bench/server.sh); AFTERVIEW_PG_OPTIONS adds server
# options ("-c name=value …").

# The folder of initdb and pg_ctl (and pg_dump, pg_restore beside them): on
# PATH, else the newest of Debian's /usr/lib/postgresql/NN/bin.
postgres_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return
    fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

# Whether something already listens on 127.0.0.1:$1.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_postgres() {
    local bin
    if ! bin=$(postgres_bin); then
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -q
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q postgresql
        bin=$(postgres_bin) || { echo "PostgreSQL was installed, but no initdb and pg_ctl were found" >&2; return 1; }
    fi
    AFTERVIEW_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/afterview-pg.XXXXXX")
    # Stop and remove the cluster however the run ends.
    trap stop_postgres EXIT
    local as_owner=()
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$AFTERVIEW_PG_DIR"
        as_owner=(runuser -u postgres --)
    fi
    "${as_owner[@]}" "$bin/initdb" -D "$AFTERVIEW_PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$AFTERVIEW_PG_DIR/initdb.log" 2>&1 \
        || { cat "$AFTERVIEW_PG_DIR/initdb.log" >&2; return 1; }
    # A free port; another process may take it between the check and the
    # start, so a failed start tries the next one.
    local port attempt
    for attempt in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 20000))
        port_in_use "$port" && continue
        # Durability is worth nothing in a cluster thrown away after the run;
        # a benchmark (AFTERVIEW_PG_DURABLE=1) keeps it, to time what a real
        # server pays for each commit.
        local options="-c listen_addresses=127.0.0.1 -p $port -k $AFTERVIEW_PG_DIR -c max_connections=300"
        [ "${AFTERVIEW_PG_DURABLE:-}" = 1 ] || options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        # More server settings, such as the benchmark's statement statistics.
        [ -n "${AFTERVIEW_PG_OPTIONS:-}" ] && options="$options $AFTERVIEW_PG_OPTIONS"
        if "${as_owner[@]}" "$bin/pg_ctl" -D "$AFTERVIEW_PG_DIR/data" -l "$AFTERVIEW_PG_DIR/server.log" -w -t 60 \
            -o "$options" start >/dev/null; then
            export AFTERVIEW_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
            # Through symbolic links (/usr/local/bin/initdb may point into
            # /usr/lib/postgresql/NN/bin): the folder pg_dump is in.
            AFTERVIEW_TEST_POSTGRES_BIN=$(dirname "$(readlink -f "$bin/initdb")")
            export AFTERVIEW_TEST_POSTGRES_BIN
            AFTERVIEW_PG_CTL=("${as_owner[@]}" "$bin/pg_ctl")
            echo "PostgreSQL ($("$bin/pg_ctl" --version)) for the tests at $AFTERVIEW_TEST_POSTGRES"
            return 0
        fi
    done
    cat "$AFTERVIEW_PG_DIR/server.log" >&2
    return 1
}

stop_postgres() {
    if [ -n "${AFTERVIEW_PG_DIR:-}" ] && [ -d "$AFTERVIEW_PG_DIR" ]; then
        if [ -n "${AFTERVIEW_PG_CTL:-}" ]; then
            "${AFTERVIEW_PG_CTL[@]}" -D "$AFTERVIEW_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        fi
        rm -rf "$AFTERVIEW_PG_DIR"
    fi
}

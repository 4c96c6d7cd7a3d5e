# shellcheck shell=bash
#
# Helpers for a private, throwaway-friendly PostgreSQL cluster. Source this file:
#
#   source scripts/lib/pg.sh
#   pg_require_bin                          # sets PG_BIN or explains how to install PostgreSQL
#   pg_start "$ROOT" 55432 [-c name=value]  # init (if needed) and start, or reuse a running one
#   pg_psql 55432 -d postgres -c 'SELECT 1'
#   pg_stop "$ROOT"
#
# The cluster lives in ROOT (outside the clone): ROOT/data (data directory), ROOT/run (socket
# directory), ROOT/postgres.log (server log). When running as root, the server runs as the `postgres`
# OS user (initdb and pg_ctl refuse root); otherwise as the current user. The superuser is always
# called `postgres`; authentication is `trust` and the server listens on 127.0.0.1 only.
#
# After pg_start: PG_STARTED=1 if this call started the server, 0 if it reused a running one.

PG_BIN="${PG_BIN:-}"
# shellcheck disable=SC2034  # read by callers
PG_STARTED=0
PG_SUPERUSER=postgres
PG_OS_USER=postgres

pg_log() {
    printf '[pg] %s\n' "$*" >&2
}

pg_install_hint() {
    cat >&2 <<'EOF'
PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found.

Install them, then run this script again:
  Debian/Ubuntu:  sudo apt-get install postgresql
  Fedora/RHEL:    sudo dnf install postgresql-server
  macOS:          brew install postgresql@16
(Only the binaries are used; the script runs its own private cluster on a high port.)

Alternatively, without any local PostgreSQL: docker compose up
Or point the app at an existing server by setting both
  ConnectionStrings__TimeTrack           (app role, e.g. Host=...;Database=timetrack;Username=timetrack_app;Password=...)
  ConnectionStrings__TimeTrackMigrator   (database owner role)
EOF
}

# Sets PG_BIN to the directory holding initdb/pg_ctl/postgres. Order: $PG_BIN if already set and
# valid, newest /usr/lib/postgresql/<major>/bin (Debian/Ubuntu), then whatever pg_ctl is on PATH.
pg_find_bin() {
    local dir candidate
    if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then
        return 0
    fi
    PG_BIN=""
    dir=""
    for candidate in /usr/lib/postgresql/*/bin; do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/postgres" ]; then
            dir="$dir$candidate"$'\n'
        fi
    done
    if [ -n "$dir" ]; then
        PG_BIN="$(printf '%s' "$dir" | sort -V | tail -n 1)"
        return 0
    fi
    if candidate="$(command -v pg_ctl 2>/dev/null)"; then
        candidate="$(dirname "$(readlink -f "$candidate")")"
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/postgres" ]; then
            PG_BIN="$candidate"
            return 0
        fi
    fi
    return 1
}

# Like pg_find_bin, but prints installation instructions and exits 1 when nothing is found.
pg_require_bin() {
    if ! pg_find_bin; then
        pg_install_hint
        exit 1
    fi
}

pg_is_root() {
    [ "$(id -u)" -eq 0 ]
}

# When root: make sure the `postgres` OS user exists (the server must not run as root).
pg_ensure_os_user() {
    pg_is_root || return 0
    if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
        pg_log "creating OS user '$PG_OS_USER'"
        useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash "$PG_OS_USER" </dev/null
    fi
}

# Runs a command as the cluster's OS user (postgres when root, else the current user), with no
# stdin and from / (the caller's cwd may be unreadable for that user, e.g. a clone under /root).
pg_as_server_user() {
    if pg_is_root; then
        (cd / && runuser -u "$PG_OS_USER" -- "$@") </dev/null
    else
        (cd / && "$@") </dev/null
    fi
}

# True if something accepts TCP connections on 127.0.0.1:PORT.
pg_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Finds a free TCP port, starting at $1 and trying the next 200; prints it.
pg_free_port() {
    local port="$1" last=$(($1 + 200))
    while [ "$port" -le "$last" ]; do
        if ! pg_port_in_use "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
        port=$((port + 1))
    done
    pg_log "no free port in $1..$last"
    return 1
}

# True if the cluster in ROOT is running.
pg_running() {
    local root="$1"
    [ -f "$root/data/postmaster.pid" ] || return 1
    pg_as_server_user "$PG_BIN/pg_ctl" -D "$root/data" status >/dev/null 2>&1
}

# Prints the port of the running cluster in ROOT (4th line of postmaster.pid).
pg_running_port() {
    sed -n 4p "$1/data/postmaster.pid" 2>/dev/null
}

# Waits until the server on 127.0.0.1:PORT accepts connections (default 60 s).
pg_wait_ready() {
    local port="$1" timeout="${2:-60}" i=0
    while ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$PG_SUPERUSER" -d postgres </dev/null; do
        i=$((i + 1))
        if [ "$i" -ge "$((timeout * 5))" ]; then
            pg_log "PostgreSQL on 127.0.0.1:$port did not become ready within ${timeout}s"
            return 1
        fi
        sleep 0.2
    done
}

# Creates ROOT (if needed) owned by the server user and initializes ROOT/data unless it exists.
pg_init() {
    local root="$1"
    pg_ensure_os_user
    mkdir -p "$root"
    if [ -d "$root/data" ] && [ ! -f "$root/data/PG_VERSION" ]; then
        pg_log "removing incomplete data directory $root/data"
        rm -rf "$root/data"
    fi
    mkdir -p "$root/run"
    if pg_is_root; then
        chown "$PG_OS_USER:" "$root" "$root/run"
        [ ! -d "$root/data" ] || chown -R "$PG_OS_USER:" "$root/data"
    fi
    chmod 0700 "$root"
    if ! pg_as_server_user test -w "$root"; then
        pg_log "the '$PG_OS_USER' user cannot write to $root (a parent directory is not accessible to it)."
        pg_log "Choose another location, e.g. TMPDIR=/tmp (or TIMETRACK_PG_ROOT for scripts/run.sh)."
        return 1
    fi
    if [ ! -f "$root/data/PG_VERSION" ]; then
        pg_log "initializing cluster in $root/data ($("$PG_BIN/postgres" --version </dev/null))"
        if ! pg_as_server_user "$PG_BIN/initdb" -D "$root/data" -U "$PG_SUPERUSER" --auth=trust \
            -E UTF8 --locale=C.UTF-8 --no-sync >"$root/initdb.log" 2>&1; then
            cat "$root/initdb.log" >&2
            pg_log "initdb failed"
            return 1
        fi
    fi
}

# pg_start ROOT PORT [extra server options...]
# Reuses the cluster if it is already running from ROOT on PORT (PG_STARTED=0); otherwise
# initializes it if needed and starts it (PG_STARTED=1). Fails if PORT is taken by anything else.
pg_start() {
    local root="$1" port="$2" running_port opts
    shift 2
    PG_STARTED=0
    pg_find_bin || { pg_install_hint; return 1; }
    if [ -d "$root/data" ] && pg_running "$root"; then
        running_port="$(pg_running_port "$root")"
        if [ "$running_port" = "$port" ]; then
            pg_log "reusing the running cluster in $root on 127.0.0.1:$port"
            pg_wait_ready "$port"
            return
        fi
        pg_log "the cluster in $root is running on port $running_port, not $port; stop it first:"
        pg_log "  ${PG_BIN}/pg_ctl -D $root/data stop"
        return 1
    fi
    if pg_port_in_use "$port"; then
        pg_log "port $port on 127.0.0.1 is already in use by another process"
        return 1
    fi
    pg_init "$root" || return 1
    opts="-p $port -c listen_addresses=127.0.0.1 -k '$root/run' -c max_connections=200"
    if [ "$#" -gt 0 ]; then
        opts="$opts $*"
    fi
    pg_log "starting PostgreSQL on 127.0.0.1:$port (log: $root/postgres.log)"
    if ! pg_as_server_user "$PG_BIN/pg_ctl" -D "$root/data" -l "$root/postgres.log" -w -t 60 \
        -o "$opts" start >/dev/null; then
        tail -n 30 "$root/postgres.log" >&2 2>/dev/null || true
        pg_log "pg_ctl start failed"
        return 1
    fi
    # shellcheck disable=SC2034  # read by callers
    PG_STARTED=1
    pg_wait_ready "$port"
}

# Stops the cluster in ROOT if it is running (fast shutdown).
pg_stop() {
    local root="$1"
    [ -n "$PG_BIN" ] || pg_find_bin || return 0
    if [ -d "$root/data" ] && pg_running "$root"; then
        pg_log "stopping PostgreSQL ($root)"
        pg_as_server_user "$PG_BIN/pg_ctl" -D "$root/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
            pg_as_server_user "$PG_BIN/pg_ctl" -D "$root/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
            pg_log "could not stop the cluster in $root"
    fi
}

# pg_psql PORT [psql args...]: psql as the superuser over TCP, no psqlrc, stop on first error.
pg_psql() {
    local port="$1"
    shift
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$PG_SUPERUSER" "$@" </dev/null
}

# pg_create_app_database PORT DB OWNER OWNER_PASSWORD APP APP_PASSWORD: the database with its owner
# role and the app role (scripts/sql/roles.sql, as the superuser), then the app role's grants
# (scripts/sql/grants.sql, as the owner). Idempotent.
pg_create_app_database() {
    local port="$1" db="$2" owner="$3" owner_password="$4" app="$5" app_password="$6"
    local sql_dir
    sql_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../sql" && pwd)"
    pg_psql "$port" -d postgres -v db="$db" -v owner="$owner" -v owner_password="$owner_password" \
        -v app="$app" -v app_password="$app_password" -f "$sql_dir/roles.sql"
    PGPASSWORD="$owner_password" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$owner" -d "$db" \
        -v db="$db" -v owner="$owner" -v app="$app" -f "$sql_dir/grants.sql" </dev/null
}

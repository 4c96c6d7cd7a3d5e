#!/usr/bin/env bash
#
# Proves that TimeTrack keeps running through faults, and prints the figures.
#
#   scripts/prove.sh            full run (~3 minutes): PostgreSQL stopped for 10 s five times, a digest
#                               fan-out interrupted by kill -9 of the app
#   scripts/prove.sh --short    the same faults once each, PostgreSQL away for 5 s (~1 minute; CI)
#
# It starts its own PostgreSQL cluster (durable settings: fsync on) outside the clone, migrates and
# seeds the demo, starts the app as a separate process on loopback and runs a bounded load against it
# (tests/TimeTrack.Benchmarks `prove load`: timer, entries, a manager reading a person's week, one's
# own week page, reports, the API). Meanwhile it injects the faults, restarting the app only after it
# killed it itself; if the app ever exits on its own, that is a restart needed (and a failure). At the
# end the load tool compares the database with what the app acknowledged and prints: requests served,
# error rate, p95, acknowledged writes vs rows stored, duplicates, access-log reads vs rows, time to
# serve again after each fault, restarts needed. Exits non-zero when a check fails.
#
# Environment: TIMETRACK_PROVE_PG_PORT (the first port tried, default 55470), TIMETRACK_PROVE_HTTP_PORT (default 5090),
# TIMETRACK_SKIP_BUILD=1 to reuse the Release build, TIMETRACK_PROVE_REPORT=FILE to keep the report,
# TIMETRACK_PROVE_KEEP=DIR to keep the app's log, the events and every request (control/requests.csv).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
# shellcheck source=scripts/lib/pg.sh
source "$REPO_ROOT/scripts/lib/pg.sh"
exec </dev/null

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SHORT=0
[ "${1:-}" = "--short" ] && SHORT=1
if [ "$SHORT" -eq 1 ]; then
    OUTAGES=1 OUTAGE_SECONDS=5 STEADY_SECONDS=6
else
    OUTAGES=5 OUTAGE_SECONDS=10 STEADY_SECONDS=12
fi

PG_PORT="${TIMETRACK_PROVE_PG_PORT:-55470}"
HTTP_PORT="${TIMETRACK_PROVE_HTTP_PORT:-5090}"
BASE_URL="http://127.0.0.1:$HTTP_PORT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/timetrack-prove.XXXXXX")"
CONTROL="$WORK/control"
mkdir -p "$CONTROL"
PG_ROOT=""
APP_PID=""
LOAD_PID=""
KILLED_BY_US=0
DB="timetrack_prove"
OWNER=timetrack_owner
APP=timetrack_app

say() { printf '[prove] %s\n' "$*"; }
event() { printf '%s %s\n' "$(date +%s%3N)" "$1" >>"$CONTROL/events"; }

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
    [ -z "$LOAD_PID" ] || kill "$LOAD_PID" 2>/dev/null || true
    [ -z "$APP_PID" ] || kill -9 "$APP_PID" 2>/dev/null || true
    if [ -n "$PG_ROOT" ]; then
        pg_stop "$PG_ROOT" 2>/dev/null || true
        rm -rf "$PG_ROOT"
    fi
    if [ -n "${TIMETRACK_PROVE_KEEP:-}" ]; then
        mkdir -p "$TIMETRACK_PROVE_KEEP"
        cp -r "$WORK"/. "$TIMETRACK_PROVE_KEEP"/ 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

pg_require_bin
if pg_port_in_use "$HTTP_PORT"; then
    echo "Port $HTTP_PORT is in use; set TIMETRACK_PROVE_HTTP_PORT." >&2
    exit 1
fi

if [ "${TIMETRACK_SKIP_BUILD:-0}" != 1 ]; then
    say "Building (Release)"
    dotnet build src/TimeTrack.Web -c Release -nologo -v quiet
    dotnet build tests/TimeTrack.Benchmarks -c Release -nologo -v quiet
fi
APP_DLL="$(ls "$REPO_ROOT"/src/TimeTrack.Web/bin/Release/net*/TimeTrack.Web.dll)"
LOAD_DLL="$(ls "$REPO_ROOT"/tests/TimeTrack.Benchmarks/bin/Release/net*/TimeTrack.Benchmarks.dll)"

pg_parent="${TMPDIR:-/tmp}"
if pg_is_root; then
    pg_ensure_os_user
    runuser -u "$PG_OS_USER" -- test -x "$pg_parent" 2>/dev/null || pg_parent=/tmp
fi
# The first free port from PG_PORT on. A port of the ephemeral range can also be held for a moment by
# a client socket, which is not listening and so not seen as in use: then the next one.
first_port="$PG_PORT"
PG_PORT=""
for _attempt in 1 2 3; do
    candidate_port="$(pg_free_port "$first_port")"
    PG_ROOT="$pg_parent/timetrack-prove-pg-$candidate_port"
    rm -rf "$PG_ROOT"
    say "PostgreSQL on 127.0.0.1:$candidate_port ($PG_ROOT, fsync on)"
    if pg_start "$PG_ROOT" "$candidate_port" >/dev/null; then
        PG_PORT="$candidate_port"
        break
    fi
    rm -rf "$PG_ROOT"
    PG_ROOT=""
    first_port=$((candidate_port + 1))
done
if [ -z "$PG_PORT" ]; then
    echo "Could not start PostgreSQL for the proof; set TIMETRACK_PROVE_PG_PORT." >&2
    exit 1
fi
pg_create_app_database "$PG_PORT" "$DB" "$OWNER" "$OWNER" "$APP" "$APP"
APP_CS="Host=127.0.0.1;Port=$PG_PORT;Database=$DB;Username=$APP;Password=$APP"
OWNER_CS="Host=127.0.0.1;Port=$PG_PORT;Database=$DB;Username=$OWNER;Password=$OWNER"
SUPER_CS="Host=127.0.0.1;Port=$PG_PORT;Database=$DB;Username=postgres"

# The load writes into past weeks of the demo people, so the demo comes without its history.
say "Migrating and seeding the demo"
(cd src/TimeTrack.Web && ConnectionStrings__TimeTrack="$APP_CS" ConnectionStrings__TimeTrackMigrator="$OWNER_CS" \
    Serilog__MinimumLevel__Default=Warning dotnet "$APP_DLL" migrate --seed-demo --without-history >"$WORK/migrate.log" 2>&1) ||
    { cat "$WORK/migrate.log"; exit 1; }

# The demo's people joined when it was seeded; the digest fan-out only builds weeks that ended after
# someone joined, so they are taken to have joined 60 days earlier.
pg_psql "$PG_PORT" -d "$DB" -c "UPDATE memberships SET joined_at = joined_at - interval '60 days'" >/dev/null

start_app() {
    (cd src/TimeTrack.Web && exec env -u ConnectionStrings__TimeTrackMigrator ASPNETCORE_ENVIRONMENT=Development \
        ConnectionStrings__TimeTrack="$APP_CS" TimeTrack__JobPollIntervalSeconds=1 RateLimiting__AuthPermitLimit=100000 \
        Serilog__MinimumLevel__Default=Warning dotnet "$APP_DLL" --urls "$BASE_URL" >>"$WORK/app.log" 2>&1) &
    APP_PID=$!
    KILLED_BY_US=0
    local waited=0
    until curl -fs -o /dev/null "$BASE_URL/health/ready"; do
        sleep 0.2
        waited=$((waited + 1))
        [ "$waited" -lt 300 ] || { tail -50 "$WORK/app.log"; echo "The app did not become ready." >&2; exit 1; }
    done
}

# Sleeps while watching the app: if it exits without having been killed here, that is a restart needed.
watch_app() {
    local until=$(($(date +%s%3N) + $(awk "BEGIN { print int($1 * 1000) }")))
    while [ "$(date +%s%3N)" -lt "$until" ]; do
        if ! kill -0 "$APP_PID" 2>/dev/null && [ "$KILLED_BY_US" -eq 0 ]; then
            say "the app exited on its own; restarting it (a restart needed)"
            event restart-needed
            start_app
        fi
        sleep 0.25
    done
}

RUN_START="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
# Digests built during this run.
digests() { pg_psql "$PG_PORT" -d "$DB" -tAc "SELECT count(*) FROM digests WHERE created_at >= '$RUN_START'"; }

say "Starting the app on $BASE_URL"
start_app
event app-up
say "Starting the load"
dotnet "$LOAD_DLL" prove load --base-url "$BASE_URL" --db "$SUPER_CS" --control "$CONTROL" \
    ${TIMETRACK_PROVE_REPORT:+--report "$TIMETRACK_PROVE_REPORT"} &
LOAD_PID=$!
until [ -f "$CONTROL/ready" ]; do
    kill -0 "$LOAD_PID" 2>/dev/null || { echo "The load tool stopped before it was ready." >&2; exit 1; }
    sleep 0.2
done

# The digest fan-out once undisturbed, to know what it builds: recent digests are removed first so
# that it has work (the seeded demo may already hold last week's).
pg_psql "$PG_PORT" -d "$DB" -c "DELETE FROM digests WHERE week_start >= current_date - 16" >/dev/null
dotnet "$LOAD_DLL" prove trigger-digests --app-db "$APP_CS"
expected=0 last=-1
for _ in $(seq 1 40); do
    watch_app 0.5
    expected="$(digests)"
    [ "$expected" -gt 0 ] && [ "$expected" = "$last" ] && break
    last="$expected"
done
say "The digest fan-out builds $expected digests"
watch_app "$STEADY_SECONDS"

for i in $(seq 1 "$OUTAGES"); do
    say "Fault: PostgreSQL stopped for ${OUTAGE_SECONDS} s ($i of $OUTAGES)"
    event db-down
    pg_as_server_user "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w -t 60 stop >/dev/null
    watch_app "$OUTAGE_SECONDS"
    pg_start "$PG_ROOT" "$PG_PORT" >/dev/null 2>&1
    event db-up
    watch_app "$STEADY_SECONDS"
done

# The digest fan-out, interrupted: the digests it built are removed, it is triggered again, and the
# app is killed while the builds run; after the restart the fan-out runs once more.
pg_psql "$PG_PORT" -d "$DB" -c "DELETE FROM digests WHERE created_at >= '$RUN_START'" >/dev/null
say "Fault: kill -9 of the app during a digest fan-out (${expected} digests to rebuild)"
dotnet "$LOAD_DLL" prove trigger-digests --app-db "$APP_CS"
event digests-triggered
sleep 1.5
event app-killed
KILLED_BY_US=1
kill -9 "$APP_PID"
wait "$APP_PID" 2>/dev/null || true
say "  $(digests) of ${expected} digests were built before the kill; restarting the app"
start_app
event app-up
dotnet "$LOAD_DLL" prove trigger-digests --app-db "$APP_CS"
restarted_at="$(date +%s)"
rebuilt=0
for _ in $(seq 1 60); do
    watch_app 0.5
    rebuilt="$(digests)"
    [ "$rebuilt" -lt "$expected" ] || break
done
rebuilt_seconds=$(($(date +%s) - restarted_at))
watch_app "$STEADY_SECONDS"

event stop
touch "$CONTROL/stop"
status=0
wait "$LOAD_PID" || status=$?
LOAD_PID=""
if [ "$expected" -gt 0 ] && [ "$rebuilt" -eq "$expected" ]; then
    echo "- PASS: the interrupted digest fan-out finished ${rebuilt_seconds} s after the restart ($rebuilt of $expected digests, none twice)"
else
    echo "- FAIL: the interrupted digest fan-out did not finish ($rebuilt of $expected digests)"
    status=1
fi
if grep -q "StopHost\|Application is shutting down" "$WORK/app.log"; then
    echo "- FAIL: the app logged that it stopped itself:"
    grep -m 5 "StopHost\|Application is shutting down" "$WORK/app.log"
    status=1
fi
if [ "$status" -eq 0 ]; then
    say "PROOF PASSED"
else
    say "PROOF FAILED; the app's last warnings and errors:"
    grep -E "\[(WRN|ERR|FTL)\]" "$WORK/app.log" | tail -n 20 || true
fi
exit "$status"

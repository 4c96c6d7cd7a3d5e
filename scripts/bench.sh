#!/usr/bin/env bash
#
# Runs the benchmark suite (tests/TimeTrack.Benchmarks, BenchmarkDotNet) against a real PostgreSQL.
# Every argument goes to BenchmarkDotNet; with none, every benchmark runs:
#
#   scripts/bench.sh                                   # everything
#   scripts/bench.sh --filter '*AccessLog*'            # one class
#   scripts/bench.sh --filter '*Record_one_read*'      # one benchmark
#   scripts/bench.sh --list flat                       # what there is
#
# The reporting load benchmark (issue 6) is a separate mode; its options follow --reporting:
#
#   scripts/bench.sh --reporting                       # full scale: 1.5 million entries, 200 organizations
#   scripts/bench.sh --reporting --scale 0.05          # a quick run on 5 % of the data
#   scripts/bench.sh --reporting --help                # every option
#
# Results (Markdown, CSV, HTML, logs) go to artifacts/benchmarks/ in the clone; docs/benchmarks/
# keeps the runs worth reading.
#
# The database: each benchmark class creates its own database (owner and app roles as in the tests,
# see tests/TimeTrack.Web.Tests/Infrastructure/TestDatabase.cs), migrates and seeds it, and drops it
# afterwards. The server is, in this order:
#   TIMETRACK_TEST_ADMIN_CONNECTION   an existing server, superuser connection string (as for the tests)
#   otherwise                         a private cluster in ${TMPDIR:-/tmp}/timetrack-bench-pg-<port> on
#                                     port TIMETRACK_BENCH_PG_PORT (default 55434): reused if already
#                                     running there, else started here and removed afterwards.
# Unlike the test cluster, this one keeps PostgreSQL's durable defaults (fsync, synchronous commit):
# a commit's real cost is part of what the benchmarks compare. Its shared_buffers is a quarter of
# the memory, at most 2 GB (an existing server keeps its own settings).
#
# --import N runs the import benchmark (scripts/bench-import.sh) on N generated rows.
#
# --timer-bar [TRIES] times starting a timer from the timer bar in place against the same start as a
# full page post (POST, redirect, GET), TRIES of each (default 200); see docs/benchmarks/timer-bar.md.
#
# --reporting seeds its database once per scale and keeps it, because seeding 1.5 million entries
# takes minutes: its private cluster lives in ${TMPDIR:-/tmp}/timetrack-bench-reporting-pg-<port> (same
# port), is stopped afterwards but never removed. `scripts/bench.sh --reporting --drop [--scale S]`
# drops a seeded database; remove that directory to drop them all. It runs with the server GC, like
# the app in production (the web SDK's default), which a console benchmark would not otherwise use.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
# shellcheck source=scripts/lib/pg.sh
source "$REPO_ROOT/scripts/lib/pg.sh"

# Nothing here may wait for input (BenchmarkDotNet asks which benchmark to run when given no filter).
exec </dev/null

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_GENERATE_ASPNET_CERTIFICATE=false

BENCH_PROJECT=tests/TimeTrack.Benchmarks
PG_PORT="${TIMETRACK_BENCH_PG_PORT:-55434}"
PG_ROOT_DIR=""
CLUSTER_STARTED=0
REPORTING=0
IMPORT=0
TIMER_BAR=0
if [ "${1:-}" = "--reporting" ]; then
    REPORTING=1
    shift
elif [ "${1:-}" = "--import" ]; then
    IMPORT=1
    shift
elif [ "${1:-}" = "--timer-bar" ]; then
    TIMER_BAR=1
    shift
fi

say() {
    printf '\n==> %s\n' "$*"
}

die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# shellcheck disable=SC2317  # invoked from traps
cleanup() {
    if [ "$CLUSTER_STARTED" -eq 1 ]; then
        CLUSTER_STARTED=0
        if [ "$REPORTING" -eq 1 ]; then
            say "Stopping the reporting benchmark cluster (its data stays in $PG_ROOT_DIR)"
            pg_stop "$PG_ROOT_DIR"
        else
            say "Removing the benchmark cluster ($PG_ROOT_DIR)"
            pg_stop "$PG_ROOT_DIR"
            rm -rf "$PG_ROOT_DIR"
        fi
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required (https://dotnet.microsoft.com/download)"

if [ -n "${TIMETRACK_TEST_ADMIN_CONNECTION:-}" ]; then
    say "Using the server in TIMETRACK_TEST_ADMIN_CONNECTION"
else
    pg_require_bin
    pg_parent="${TMPDIR:-/tmp}"
    if pg_is_root; then
        pg_ensure_os_user
        if ! runuser -u "$PG_OS_USER" -- test -x "$pg_parent" 2>/dev/null; then
            echo "$pg_parent is not accessible to the '$PG_OS_USER' user; using /tmp for the cluster"
            pg_parent=/tmp
        fi
    fi
    if [ "$REPORTING" -eq 1 ]; then
        PG_ROOT_DIR="$pg_parent/timetrack-bench-reporting-pg-$PG_PORT"
    else
        PG_ROOT_DIR="$pg_parent/timetrack-bench-pg-$PG_PORT"
    fi
    # A quarter of the memory for shared buffers, at most 2 GB, as a server of its own would be set
    # up; PostgreSQL's own 128 MB default is meant to start anywhere, not to serve. Both sides of every
    # comparison (the app beside pgbench, the import beside COPY) run on the same cluster.
    mem_kb="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null || echo 0)"
    shared_mb=$(( mem_kb / 4 / 1024 ))
    [ "$shared_mb" -gt 2048 ] && shared_mb=2048
    [ "$shared_mb" -lt 128 ] && shared_mb=128
    say "PostgreSQL for the benchmarks: 127.0.0.1:$PG_PORT ($PG_ROOT_DIR), shared_buffers ${shared_mb}MB"
    pg_start "$PG_ROOT_DIR" "$PG_PORT" -c "shared_buffers=${shared_mb}MB" ||
        die "could not start PostgreSQL on port $PG_PORT; choose another with TIMETRACK_BENCH_PG_PORT or use a server with TIMETRACK_TEST_ADMIN_CONNECTION"
    CLUSTER_STARTED="$PG_STARTED"
    pg_psql "$PG_PORT" -d postgres -tAc 'SELECT version()'
    export TIMETRACK_TEST_ADMIN_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
fi

if [ "$REPORTING" -eq 1 ]; then
    export DOTNET_gcServer=1
    say "dotnet run -c Release --project $BENCH_PROJECT -- reporting $*"
    # Not exec: the trap must still stop the cluster afterwards.
    dotnet run -c Release --project "$BENCH_PROJECT" -- reporting "$@"
    exit 0
fi

if [ "$IMPORT" -eq 1 ]; then
    export DOTNET_gcServer=1
    say "dotnet run -c Release --project $BENCH_PROJECT -- import $*"
    dotnet run -c Release --project "$BENCH_PROJECT" -- import "$@"
    exit 0
fi

if [ "$TIMER_BAR" -eq 1 ]; then
    say "dotnet run -c Release --project $BENCH_PROJECT -- timer-bar $*"
    dotnet run -c Release --project "$BENCH_PROJECT" -- timer-bar "$@"
    exit 0
fi

if [ "$#" -eq 0 ]; then
    set -- --filter '*'
fi

say "dotnet run -c Release --project $BENCH_PROJECT -- $*"
# Not exec: the trap must still remove the cluster afterwards.
dotnet run -c Release --project "$BENCH_PROJECT" -- "$@"

say "Results: $REPO_ROOT/artifacts/benchmarks/results/"

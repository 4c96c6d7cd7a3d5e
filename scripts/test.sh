#!/usr/bin/env bash
#
# Installs what is missing, then runs every check and test suite. Used by CI (.ci/run) and locally.
#
#   1. system packages   chromium (browser tests), PostgreSQL server binaries, Java (HTML validator),
#                        npm - via apt-get, only when missing (root, or sudo without a password)
#   2. npm ci            axe-core and vnu-jar for the browser tests
#   3. dotnet tools      dotnet-ef from .config/dotnet-tools.json
#   4. restore, format check (dotnet format --verify-no-changes), Release build with warnings as errors,
#      no known vulnerable NuGet packages (dotnet list package --vulnerable --include-transitive)
#   5. migration guard   dotnet ef migrations has-pending-model-changes
#   6. throwaway PostgreSQL cluster (fsync off) outside the clone, deleted afterwards
#   7. test projects     Domain, Web, Browser (all run even if one fails)
#   8. scripts/prove.sh --short: the app under load through a PostgreSQL outage and a kill -9
#
# Exits non-zero if anything fails. The last line of output is "<N> passed, <N> failed".
#
# Environment passed to the tests:
#   TIMETRACK_TEST_ADMIN_CONNECTION  superuser connection string to the throwaway cluster
#   TIMETRACK_CHROMIUM               Chromium executable               (default /usr/bin/chromium)
#   TIMETRACK_AXE_PATH               absolute path of axe.min.js
#   TIMETRACK_VNU_JAR                absolute path of vnu.jar
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
# shellcheck source=scripts/lib/pg.sh
source "$REPO_ROOT/scripts/lib/pg.sh"

# Nothing here may wait for input.
exec </dev/null

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_GENERATE_ASPNET_CERTIFICATE=false MSBUILDDISABLENODEREUSE=1
export DEBIAN_FRONTEND=noninteractive NPM_CONFIG_UPDATE_NOTIFIER=false

SOLUTION=TimeTrack.sln
WEB_PROJECT=src/TimeTrack.Web
BROWSER_TESTS_DIR="$REPO_ROOT/tests/TimeTrack.Browser.Tests"
TEST_PROJECTS=(
    tests/TimeTrack.Domain.Tests/TimeTrack.Domain.Tests.csproj
    tests/TimeTrack.Web.Tests/TimeTrack.Web.Tests.csproj
    tests/TimeTrack.Browser.Tests/TimeTrack.Browser.Tests.csproj
)
CHROMIUM="${TIMETRACK_CHROMIUM:-/usr/bin/chromium}"
TEST_PG_FIRST_PORT="${TIMETRACK_TEST_PG_PORT:-55433}"
TEST_PG_OPTIONS=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/timetrack-test.XXXXXX")"
RESULTS_DIR="$WORK_DIR/results"
PG_TEST_ROOT=""

TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0
FAILED_PROJECTS=()
FINISHED=0

# --- Output helpers ---------------------------------------------------------------------------
now_ms() { date +%s%3N; }
fmt_ms() { printf '%d.%d' "$(($1 / 1000))" "$((($1 % 1000) / 100))"; }

SCRIPT_START="$(now_ms)"
STEP_NAME=""
STEP_START=0
STEP_TIMES=()

step() {
    end_step ok
    STEP_NAME="$1"
    STEP_START="$(now_ms)"
    printf '\n==================== %s ====================\n' "$STEP_NAME"
}

end_step() {
    local status="$1" elapsed
    [ -n "$STEP_NAME" ] || return 0
    elapsed=$(($(now_ms) - STEP_START))
    STEP_TIMES+=("$(printf '%8ss  %-6s %s' "$(fmt_ms "$elapsed")" "$status" "$STEP_NAME")")
    printf -- '---- %s: %s (%ss)\n' "$STEP_NAME" "$status" "$(fmt_ms "$elapsed")"
    STEP_NAME=""
}

print_timings() {
    local line
    printf '\n==================== Timings ====================\n'
    for line in "${STEP_TIMES[@]}"; do
        printf '%s\n' "$line"
    done
    printf '%8ss  total\n' "$(fmt_ms $(($(now_ms) - SCRIPT_START)))"
}

die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# --- Cleanup ----------------------------------------------------------------------------------
stop_test_cluster() {
    if [ -n "$PG_TEST_ROOT" ]; then
        pg_stop "$PG_TEST_ROOT" 2>/dev/null || true
        rm -rf "$PG_TEST_ROOT"
        PG_TEST_ROOT=""
    fi
}

cleanup() {
    stop_test_cluster
    if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then
        # Leave no compiler/MSBuild servers behind on CI machines.
        dotnet build-server shutdown >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK_DIR"
}

# shellcheck disable=SC2317  # invoked from the EXIT trap
on_exit() {
    local rc=$?
    trap - EXIT
    if [ "$FINISHED" -eq 0 ]; then
        local failed_step="$STEP_NAME"
        end_step FAILED
        cleanup
        print_timings
        printf '\nFAILED%s (exit code %s)\n' "${failed_step:+ in step: $failed_step}" "$rc"
        printf '%s passed, %s failed\n' "$TOTAL_PASSED" "$TOTAL_FAILED"
        [ "$rc" -ne 0 ] || rc=1
    fi
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM HUP

# --- 1. System packages -----------------------------------------------------------------------
step "System packages"
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required (https://dotnet.microsoft.com/download)"
dotnet --version

missing_packages=()
install_postgresql=0
if [ ! -x "$CHROMIUM" ]; then
    [ "$CHROMIUM" = /usr/bin/chromium ] || die "TIMETRACK_CHROMIUM=$CHROMIUM is not an executable"
    missing_packages+=(chromium)
fi
command -v java >/dev/null 2>&1 || missing_packages+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing_packages+=(npm)
pg_find_bin || install_postgresql=1

if [ "${#missing_packages[@]}" -gt 0 ] || [ "$install_postgresql" -eq 1 ]; then
    echo "Missing: ${missing_packages[*]}$([ "$install_postgresql" -eq 0 ] || echo ' postgresql')"
    command -v apt-get >/dev/null 2>&1 ||
        die "apt-get not found: install chromium, Java, npm and the PostgreSQL server binaries manually"
    if pg_is_root; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
    else
        die "not root and no password-less sudo: install these packages first: ${missing_packages[*]} $([ "$install_postgresql" -eq 0 ] || echo postgresql)"
    fi
    "${SUDO[@]}" apt-get update -q
    if [ "${#missing_packages[@]}" -gt 0 ]; then
        "${SUDO[@]}" apt-get install -y -q "${missing_packages[@]}"
    fi
    if [ "$install_postgresql" -eq 1 ]; then
        # Only the binaries are needed: keep the package from creating and starting a default cluster.
        "${SUDO[@]}" apt-get install -y -q postgresql-common
        if [ -f /etc/postgresql-common/createcluster.conf ]; then
            "${SUDO[@]}" sed -i -E 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' \
                /etc/postgresql-common/createcluster.conf
        fi
        "${SUDO[@]}" apt-get install -y -q postgresql
    fi
fi
[ -x "$CHROMIUM" ] || die "$CHROMIUM is still missing"
pg_require_bin
echo "Chromium:   $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
echo "PostgreSQL: $("$PG_BIN/postgres" --version)"
echo "Java:       $(java -version 2>&1 | head -n 1)"
echo "Node/npm:   $(node --version 2>/dev/null || echo '?') / $(npm --version)"

# --- 2. npm packages for the browser tests ----------------------------------------------------
step "npm ci (axe-core, vnu-jar)"
(cd "$BROWSER_TESTS_DIR" && npm ci --ignore-scripts --no-audit --no-fund)
TIMETRACK_AXE_PATH="${TIMETRACK_AXE_PATH:-$BROWSER_TESTS_DIR/node_modules/axe-core/axe.min.js}"
TIMETRACK_VNU_JAR="${TIMETRACK_VNU_JAR:-$BROWSER_TESTS_DIR/node_modules/vnu-jar/build/dist/vnu.jar}"
[ -f "$TIMETRACK_AXE_PATH" ] || die "axe-core not found at $TIMETRACK_AXE_PATH"
[ -f "$TIMETRACK_VNU_JAR" ] || die "vnu.jar not found at $TIMETRACK_VNU_JAR"

# --- 3. dotnet tools --------------------------------------------------------------------------
step "dotnet tool restore"
dotnet tool restore

# --- 4. Restore, format, build ----------------------------------------------------------------
step "dotnet restore"
dotnet restore "$SOLUTION"

step "dotnet format --verify-no-changes"
dotnet format "$SOLUTION" --verify-no-changes --no-restore

step "dotnet build (Release, warnings as errors)"
dotnet build "$SOLUTION" -c Release --no-restore -warnaserror -nologo

step "No known vulnerable packages (direct or transitive)"
vulnerable="$(dotnet list "$SOLUTION" package --vulnerable --include-transitive 2>&1)" ||
    die "could not check packages for vulnerabilities:"$'\n'"$vulnerable"
printf '%s\n' "$vulnerable" | grep -E "vulnerable|error" || true
if printf '%s\n' "$vulnerable" | grep -qiE "has the following vulnerable packages|error"; then
    die "vulnerable packages found (see above)"
fi

# --- 5. Migration guard -----------------------------------------------------------------------
step "EF Core: no pending model changes"
# Design time builds the app's service provider; it never connects, but give it connection strings
# in case the app insists on them being present.
ConnectionStrings__TimeTrack="${ConnectionStrings__TimeTrack:-Host=127.0.0.1;Port=1;Database=timetrack_design;Username=timetrack_app}" \
    ConnectionStrings__TimeTrackMigrator="${ConnectionStrings__TimeTrackMigrator:-Host=127.0.0.1;Port=1;Database=timetrack_design;Username=timetrack_owner}" \
    dotnet ef migrations has-pending-model-changes --project "$WEB_PROJECT" --configuration Release --no-build

# --- 6. Throwaway PostgreSQL cluster ----------------------------------------------------------
step "Throwaway PostgreSQL cluster"
pg_parent="${TMPDIR:-/tmp}"
if pg_is_root; then
    pg_ensure_os_user
    if ! runuser -u "$PG_OS_USER" -- test -x "$pg_parent" 2>/dev/null; then
        echo "$pg_parent is not accessible to the '$PG_OS_USER' user; using /tmp for the cluster"
        pg_parent=/tmp
    fi
fi
PG_TEST_ROOT="$(mktemp -d "$pg_parent/timetrack-test-pg.XXXXXX")"
pg_port=""
for _attempt in 1 2 3; do
    candidate_port="$(pg_free_port "$TEST_PG_FIRST_PORT")"
    if pg_start "$PG_TEST_ROOT" "$candidate_port" "${TEST_PG_OPTIONS[@]}"; then
        pg_port="$candidate_port"
        break
    fi
    # Port taken in the meantime: try the next one.
    TEST_PG_FIRST_PORT=$((candidate_port + 1))
done
[ -n "$pg_port" ] || die "could not start the throwaway PostgreSQL cluster"
pg_psql "$pg_port" -d postgres -tAc 'SELECT version()'

export TIMETRACK_TEST_ADMIN_CONNECTION="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export TIMETRACK_CHROMIUM="$CHROMIUM"
export TIMETRACK_AXE_PATH TIMETRACK_VNU_JAR
export TIMETRACK_REDOCLY="$BROWSER_TESTS_DIR/node_modules/.bin/redocly"
echo "TIMETRACK_TEST_ADMIN_CONNECTION=$TIMETRACK_TEST_ADMIN_CONNECTION"
echo "TIMETRACK_CHROMIUM=$TIMETRACK_CHROMIUM"
echo "TIMETRACK_AXE_PATH=$TIMETRACK_AXE_PATH"
echo "TIMETRACK_VNU_JAR=$TIMETRACK_VNU_JAR"

# --- 7. Tests ---------------------------------------------------------------------------------
count_outcome() {
    # Counts <UnitTestResult ... outcome="$2" in the trx file $1 (0 if the file is missing).
    if [ -f "$1" ]; then
        { grep -oE "<UnitTestResult [^>]*outcome=\"$2\"" "$1" || true; } | wc -l | tr -d ' '
    else
        echo 0
    fi
}

mkdir -p "$RESULTS_DIR"
for project in "${TEST_PROJECTS[@]}"; do
    name="$(basename "$project" .csproj)"
    trx="$RESULTS_DIR/$name.trx"
    step "Tests: $name"
    set +e
    dotnet test "$project" -c Release --no-build \
        --logger "console;verbosity=normal" \
        --logger "trx;LogFileName=$name.trx" \
        --results-directory "$RESULTS_DIR"
    rc=$?
    set -e
    passed="$(count_outcome "$trx" Passed)"
    failed="$(count_outcome "$trx" Failed)"
    skipped="$(count_outcome "$trx" NotExecuted)"
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
    if [ ! -f "$trx" ]; then
        echo "No test results written for $name (exit code $rc)."
        FAILED_PROJECTS+=("$name")
        end_step FAILED
    elif [ "$rc" -ne 0 ] || [ "$failed" -gt 0 ]; then
        echo "$name: $passed passed, $failed failed, $skipped skipped (exit code $rc)"
        FAILED_PROJECTS+=("$name")
        end_step FAILED
    else
        echo "$name: $passed passed, $failed failed, $skipped skipped"
        end_step ok
    fi
done

# --- 8. Proof under faults (short) ------------------------------------------------------------
# The app as its own process on its own durable cluster, PostgreSQL stopped once and the app killed
# once under load; the full run (five 10-second outages) is scripts/prove.sh without --short.
step "Proof under faults: scripts/prove.sh --short"
set +e
TIMETRACK_SKIP_BUILD=1 "$REPO_ROOT/scripts/prove.sh" --short
rc=$?
set -e
if [ "$rc" -eq 0 ]; then
    TOTAL_PASSED=$((TOTAL_PASSED + 1))
    end_step ok
else
    TOTAL_FAILED=$((TOTAL_FAILED + 1))
    FAILED_PROJECTS+=("prove.sh --short")
    end_step FAILED
fi

# --- Summary ----------------------------------------------------------------------------------
FINISHED=1
step "Cleanup"
cleanup
end_step ok
print_timings

exit_code=0
printf '\n'
if [ "${#FAILED_PROJECTS[@]}" -gt 0 ]; then
    echo "FAILED test projects: ${FAILED_PROJECTS[*]}"
    exit_code=1
fi
if [ $((TOTAL_PASSED + TOTAL_FAILED)) -eq 0 ]; then
    echo "FAILED: no test ran at all"
    exit_code=1
fi
[ "$TOTAL_SKIPPED" -eq 0 ] || echo "($TOTAL_SKIPPED skipped)"
[ "$exit_code" -ne 0 ] || echo "ALL CHECKS PASSED"
printf '%s passed, %s failed\n' "$TOTAL_PASSED" "$TOTAL_FAILED"
exit "$exit_code"

#!/usr/bin/env bash
#
# Runs TimeTrack locally on http://127.0.0.1:5080 (Development environment, demo data).
#
# With no configuration it starts (or reuses) a private PostgreSQL cluster outside the clone
# (${TMPDIR:-/tmp}/timetrack-pg-55432, port 55432), creates the database `timetrack` with an owner
# role and an app role, applies the migrations and demo data (`migrate --seed-demo`, idempotent) and
# serves the app. Ctrl-C stops the app, and the cluster too if this script started it.
#
# Using an existing PostgreSQL server instead: set both connection strings (Npgsql format)
#   ConnectionStrings__TimeTrack           app role   (LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT, owns nothing)
#   ConnectionStrings__TimeTrackMigrator   owner role (owns the database)
# Then no cluster is started and no roles are created; the database and both roles must exist, and
# scripts/sql/grants.sql must have been run once as the owner (see the example in that file).
#
# Optional settings (environment):
#   TIMETRACK_HTTP_PORT            port to serve on                      (default 5080)
#   TIMETRACK_PG_PORT              port of the private cluster           (default 55432)
#   TIMETRACK_PG_ROOT              directory of the private cluster      (default ${TMPDIR:-/tmp}/timetrack-pg-<port>)
#   TIMETRACK_DB_NAME              database name                         (default timetrack)
#   TIMETRACK_DB_OWNER             owner role name                       (default timetrack_owner)
#   TIMETRACK_DB_OWNER_PASSWORD    owner role password                   (default: same as the role name; matches appsettings.Development.json)
#   TIMETRACK_DB_APP               app role name                         (default timetrack_app)
#   TIMETRACK_DB_APP_PASSWORD      app role password                     (default: same as the role name; matches appsettings.Development.json)
#   TIMETRACK_SKIP_BUILD=1         reuse the existing Release build
#   TimeTrack__PublicBaseUrl       where emailed links point            (default http://127.0.0.1:<port>)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
# shellcheck source=scripts/lib/pg.sh
source "$REPO_ROOT/scripts/lib/pg.sh"

HTTP_PORT="${TIMETRACK_HTTP_PORT:-5080}"
PG_PORT="${TIMETRACK_PG_PORT:-55432}"
PG_ROOT_DIR="${TIMETRACK_PG_ROOT:-${TMPDIR:-/tmp}/timetrack-pg-$PG_PORT}"
DB_NAME="${TIMETRACK_DB_NAME:-timetrack}"
DB_OWNER="${TIMETRACK_DB_OWNER:-timetrack_owner}"
DB_OWNER_PASSWORD="${TIMETRACK_DB_OWNER_PASSWORD:-timetrack_owner}"
DB_APP="${TIMETRACK_DB_APP:-timetrack_app}"
DB_APP_PASSWORD="${TIMETRACK_DB_APP_PASSWORD:-timetrack_app}"
WEB_PROJECT_DIR="$REPO_ROOT/src/TimeTrack.Web"
CONFIGURATION=Release

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

APP_PID=""
CLUSTER_STARTED=0
CLEANED_UP=0

say() {
    printf '\n==> %s\n' "$*"
}

# shellcheck disable=SC2317  # invoked from traps
cleanup() {
    [ "$CLEANED_UP" -eq 0 ] || return 0
    CLEANED_UP=1
    if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
        say "Stopping the app"
        kill -TERM "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    if [ "$CLUSTER_STARTED" -eq 1 ] && pg_running "$PG_ROOT_DIR"; then
        say "Stopping PostgreSQL (data kept in $PG_ROOT_DIR/data)"
        pg_stop "$PG_ROOT_DIR"
    fi
}
# shellcheck disable=SC2317  # invoked from traps
on_signal() {
    cleanup
    exit 130
}
trap cleanup EXIT
trap on_signal INT TERM HUP

if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required (https://dotnet.microsoft.com/download), or use: docker compose up" >&2
    exit 1
fi

if pg_port_in_use "$HTTP_PORT"; then
    echo "Port $HTTP_PORT on 127.0.0.1 is already in use; stop that process or set TIMETRACK_HTTP_PORT." >&2
    exit 1
fi

# --- Database ---------------------------------------------------------------------------------
app_cs="${ConnectionStrings__TimeTrack:-}"
migrator_cs="${ConnectionStrings__TimeTrackMigrator:-}"
if [ -n "$app_cs" ] || [ -n "$migrator_cs" ]; then
    if [ -z "$app_cs" ] || [ -z "$migrator_cs" ]; then
        echo "Set both ConnectionStrings__TimeTrack (app role) and ConnectionStrings__TimeTrackMigrator" >&2
        echo "(database owner) to use an existing server, or neither to use a private local cluster." >&2
        exit 1
    fi
    say "Using the existing PostgreSQL server from ConnectionStrings__TimeTrack / ConnectionStrings__TimeTrackMigrator"
else
    say "PostgreSQL: private cluster in $PG_ROOT_DIR on 127.0.0.1:$PG_PORT"
    pg_require_bin
    # Decide before starting, so that an interrupt during start-up still stops a server we started.
    if ! pg_running "$PG_ROOT_DIR"; then
        CLUSTER_STARTED=1
    fi
    pg_start "$PG_ROOT_DIR" "$PG_PORT"

    say "Creating roles '$DB_OWNER', '$DB_APP' and database '$DB_NAME' (if missing)"
    pg_create_app_database "$PG_PORT" "$DB_NAME" "$DB_OWNER" "$DB_OWNER_PASSWORD" "$DB_APP" "$DB_APP_PASSWORD"

    app_cs="Host=127.0.0.1;Port=$PG_PORT;Database=$DB_NAME;Username=$DB_APP;Password=$DB_APP_PASSWORD"
    migrator_cs="Host=127.0.0.1;Port=$PG_PORT;Database=$DB_NAME;Username=$DB_OWNER;Password=$DB_OWNER_PASSWORD"
fi

# --- Build ------------------------------------------------------------------------------------
if [ "${TIMETRACK_SKIP_BUILD:-0}" != 1 ]; then
    say "Building src/TimeTrack.Web ($CONFIGURATION)"
    dotnet build "$WEB_PROJECT_DIR" -c "$CONFIGURATION" -nologo -v minimal </dev/null
fi
shopt -s nullglob
dlls=("$WEB_PROJECT_DIR"/bin/"$CONFIGURATION"/net*/TimeTrack.Web.dll)
shopt -u nullglob
if [ "${#dlls[@]}" -ne 1 ]; then
    echo "Expected exactly one build output $WEB_PROJECT_DIR/bin/$CONFIGURATION/net*/TimeTrack.Web.dll, found ${#dlls[@]}." >&2
    exit 1
fi
APP_DLL="${dlls[0]}"

# The app runs from its project directory (as `dotnet run` does), so that appsettings*.json and
# other content-root-relative paths resolve.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

# --- Migrate ----------------------------------------------------------------------------------
say "Applying migrations and demo data (migrate --seed-demo)"
(
    cd "$WEB_PROJECT_DIR"
    ConnectionStrings__TimeTrack="$app_cs" ConnectionStrings__TimeTrackMigrator="$migrator_cs" \
        dotnet "$APP_DLL" migrate --seed-demo </dev/null
)

# --- Serve ------------------------------------------------------------------------------------
say "Serving http://127.0.0.1:$HTTP_PORT  (Ctrl-C to stop)"
# The serving process only gets the app role's connection string.
cd "$WEB_PROJECT_DIR"
env -u ConnectionStrings__TimeTrackMigrator ConnectionStrings__TimeTrack="$app_cs" \
    TimeTrack__PublicBaseUrl="${TimeTrack__PublicBaseUrl:-http://127.0.0.1:$HTTP_PORT}" \
    dotnet "$APP_DLL" --urls "http://127.0.0.1:$HTTP_PORT" </dev/null &
APP_PID=$!
set +e
wait "$APP_PID"
status=$?
set -e
APP_PID=""
exit "$status"

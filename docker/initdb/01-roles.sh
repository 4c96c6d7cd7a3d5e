#!/usr/bin/env bash
# Runs once, when the postgres container initializes an empty data directory: creates the owner and
# app roles and the database (scripts/sql/roles.sql), then applies the database-level grants as the
# owner (scripts/sql/grants.sql). The SQL files are mounted at $TIMETRACK_SQL_DIR (see docker-compose.yml).
set -euo pipefail

sql_dir="${TIMETRACK_SQL_DIR:-/timetrack/sql}"
db="${TIMETRACK_DB:-timetrack}"
owner="${TIMETRACK_DB_OWNER:-timetrack_owner}"
app="${TIMETRACK_DB_APP:-timetrack_app}"

# The init-time server only listens on its Unix socket, with trust authentication.
psql -X -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v db="$db" -v owner="$owner" -v owner_password="${TIMETRACK_DB_OWNER_PASSWORD:?}" \
    -v app="$app" -v app_password="${TIMETRACK_DB_APP_PASSWORD:?}" \
    -f "$sql_dir/roles.sql"

psql -X -v ON_ERROR_STOP=1 --username "$owner" --dbname "$db" \
    -v db="$db" -v owner="$owner" -v app="$app" \
    -f "$sql_dir/grants.sql"

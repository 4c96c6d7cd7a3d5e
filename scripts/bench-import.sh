#!/usr/bin/env bash
#
# Import benchmark (ADR 020): generates a Toggl Track detailed CSV of N rows (default 1,000,000), runs
# the import pipeline on it (read names, store the file, parse, binary COPY into staging, set-based
# checks, one INSERT … SELECT) and, beside it, a plain COPY of the same entries as time_entries CSV
# into an equally fresh database; prints both rates, their ratio and the pipeline's peak memory.
#
#   scripts/bench-import.sh            # 1,000,000 rows
#   scripts/bench-import.sh 100000     # a smaller file
#
# The database server is chosen as in scripts/bench.sh (TIMETRACK_TEST_ADMIN_CONNECTION, else a private
# cluster with durable defaults). Not part of CI.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS="${1:-1000000}"
case "$ROWS" in
    ''|*[!0-9]*) echo "usage: $0 [rows]" >&2; exit 2 ;;
esac
exec "$REPO_ROOT/scripts/bench.sh" --import "$ROWS"

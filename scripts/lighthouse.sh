#!/usr/bin/env bash
#
# Measures the time page with Lighthouse (npm `lighthouse`, pinned in tests/TimeTrack.Browser.Tests) in
# Debian's Chromium, on its default mobile profile (an emulated mid-range phone, simulated slow 4G and
# a 4x slower CPU): performance, accessibility and best practices. A measurement, not a test: it is not
# part of scripts/test.sh, but runs on any machine where scripts/test.sh has installed its tools
# (Chromium, PostgreSQL, Node and `npm ci` in tests/TimeTrack.Browser.Tests).
#
#   1. a private PostgreSQL cluster (${TMPDIR:-/tmp}/timetrack-lighthouse-pg-<port>), removed afterwards
#   2. the Release build of the app, migrated with the demo data (`migrate --seed-demo`)
#   3. the app on http://127.0.0.1:<port>, as scripts/run.sh serves it
#   4. a demo employee signs in (curl, with the login form's antiforgery token); Lighthouse gets that
#      sign-in's cookies as an extra request header
#   5. Lighthouse runs on /acme/time RUNS times; the reports go to artifacts/lighthouse/, a summary with
#      the median run to docs/benchmarks/lighthouse.md
#
# Lighthouse 12 has no PWA category any more. That the app is installable is checked by the browser
# test OfflineAppTests (Chromium's own check, Page.getInstallabilityErrors).
#
# Optional settings (environment):
#   TIMETRACK_LH_RUNS       runs of Lighthouse, the median is reported        (default 3)
#   TIMETRACK_LH_EMAIL      who signs in                                      (default alice@acme.test)
#   TIMETRACK_LH_HTTP_PORT  port the app serves on                            (default 5090)
#   TIMETRACK_LH_PG_PORT    port of the private cluster                       (default 55440)
#   TIMETRACK_SKIP_BUILD=1  reuse the existing Release build
#   CHROME_PATH             the Chromium to measure with                      (default /usr/bin/chromium)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
# shellcheck source=scripts/lib/pg.sh
source "$REPO_ROOT/scripts/lib/pg.sh"
exec </dev/null

RUNS="${TIMETRACK_LH_RUNS:-3}"
EMAIL="${TIMETRACK_LH_EMAIL:-alice@acme.test}"
PASSWORD="Demo-Password-2026"
HTTP_PORT="${TIMETRACK_LH_HTTP_PORT:-5090}"
PG_PORT="${TIMETRACK_LH_PG_PORT:-55440}"
PG_ROOT_DIR="${TMPDIR:-/tmp}/timetrack-lighthouse-pg-$PG_PORT"
WEB_PROJECT_DIR="$REPO_ROOT/src/TimeTrack.Web"
NODE_DIR="$REPO_ROOT/tests/TimeTrack.Browser.Tests"
LIGHTHOUSE="$NODE_DIR/node_modules/.bin/lighthouse"
OUT_DIR="$REPO_ROOT/artifacts/lighthouse"
SUMMARY="$REPO_ROOT/docs/benchmarks/lighthouse.md"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NPM_CONFIG_UPDATE_NOTIFIER=false

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/timetrack-lighthouse.XXXXXX")"
APP_PID=""

say() { printf '\n==> %s\n' "$*"; }

# shellcheck disable=SC2317  # invoked from traps
cleanup() {
    if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
        kill -TERM "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    pg_stop "$PG_ROOT_DIR"
    rm -rf "$PG_ROOT_DIR" "$WORK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

for tool in dotnet node curl "$CHROME_PATH"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: run scripts/test.sh once (it installs what the measurement needs)." >&2; exit 1; }
done
if [ ! -x "$LIGHTHOUSE" ]; then
    echo "Lighthouse is missing: run 'npm ci --ignore-scripts' in tests/TimeTrack.Browser.Tests (scripts/test.sh does)." >&2
    exit 1
fi
if pg_port_in_use "$HTTP_PORT"; then
    echo "Port $HTTP_PORT is in use; set TIMETRACK_LH_HTTP_PORT." >&2
    exit 1
fi

say "PostgreSQL: private cluster in $PG_ROOT_DIR on 127.0.0.1:$PG_PORT"
pg_require_bin
rm -rf "$PG_ROOT_DIR"
pg_start "$PG_ROOT_DIR" "$PG_PORT"
pg_create_app_database "$PG_PORT" timetrack timetrack_owner timetrack_owner timetrack_app timetrack_app
app_cs="Host=127.0.0.1;Port=$PG_PORT;Database=timetrack;Username=timetrack_app;Password=timetrack_app"
migrator_cs="Host=127.0.0.1;Port=$PG_PORT;Database=timetrack;Username=timetrack_owner;Password=timetrack_owner"

if [ "${TIMETRACK_SKIP_BUILD:-0}" != 1 ]; then
    say "Building src/TimeTrack.Web (Release)"
    dotnet build "$WEB_PROJECT_DIR" -c Release -nologo -v minimal
fi
shopt -s nullglob
dlls=("$WEB_PROJECT_DIR"/bin/Release/net*/TimeTrack.Web.dll)
shopt -u nullglob
[ "${#dlls[@]}" -eq 1 ] || { echo "Expected one Release build of TimeTrack.Web, found ${#dlls[@]}." >&2; exit 1; }

say "Migrating with the demo data"
(cd "$WEB_PROJECT_DIR" && ConnectionStrings__TimeTrack="$app_cs" ConnectionStrings__TimeTrackMigrator="$migrator_cs" \
    ASPNETCORE_ENVIRONMENT=Development dotnet "${dlls[0]}" migrate --seed-demo >"$WORK_DIR/migrate.log" 2>&1) ||
    { cat "$WORK_DIR/migrate.log" >&2; exit 1; }

say "Serving http://127.0.0.1:$HTTP_PORT"
BASE="http://127.0.0.1:$HTTP_PORT"
(cd "$WEB_PROJECT_DIR" && exec env -u ConnectionStrings__TimeTrackMigrator ConnectionStrings__TimeTrack="$app_cs" \
    ASPNETCORE_ENVIRONMENT=Development Serilog__MinimumLevel__Default=Warning TimeTrack__PublicBaseUrl="$BASE" \
    dotnet "${dlls[0]}" --urls "$BASE" >"$WORK_DIR/app.log" 2>&1) &
APP_PID=$!
for _ in $(seq 1 120); do
    curl -fsS "$BASE/health/live" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK_DIR/app.log" >&2; exit 1; }
    sleep 0.5
done
curl -fsS "$BASE/health/live" >/dev/null || { echo "The app did not come up." >&2; exit 1; }

say "Signing in as $EMAIL"
JAR="$WORK_DIR/cookies.txt"
token="$(curl -fsS -c "$JAR" -b "$JAR" "$BASE/account/login" |
    sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -n 1)"
[ -n "$token" ] || { echo "No antiforgery token on the login page." >&2; exit 1; }
status="$(curl -sS -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" "$BASE/account/login" \
    --data-urlencode "Email=$EMAIL" --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$token")"
[ "$status" = 302 ] || { echo "Sign-in answered $status, not a redirect." >&2; exit 1; }
# The jar marks HttpOnly cookies with a #HttpOnly_ prefix; every cookie goes into one header.
cookie="$(awk -F '\t' '!/^# / && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$JAR")"
node -e 'process.stdout.write(JSON.stringify({ Cookie: process.argv[1] }))' "$cookie" >"$WORK_DIR/headers.json"
page_status="$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$BASE/acme/time")"
[ "$page_status" = 200 ] || { echo "The time page answered $page_status to the signed-in cookie." >&2; exit 1; }
# Warm up: the first request of each page compiles what it needs.
curl -fsS -o /dev/null -H "Cookie: $cookie" "$BASE/acme/time"

mkdir -p "$OUT_DIR"
for run in $(seq 1 "$RUNS"); do
    say "Lighthouse run $run of $RUNS (mobile profile)"
    "$LIGHTHOUSE" "$BASE/acme/time" --quiet \
        --only-categories=performance,accessibility,best-practices \
        --chrome-flags="--headless=new --no-sandbox --disable-dev-shm-usage" \
        --extra-headers="$WORK_DIR/headers.json" \
        --output=json --output=html --output-path="$OUT_DIR/time-$run"
done

say "Summary: $SUMMARY"
node - "$OUT_DIR" "$RUNS" "$SUMMARY" <<'EOF'
const fs = require("fs");
const path = require("path");
const [dir, runs, summary] = process.argv.slice(2);
const reports = [];
for (let i = 1; i <= Number(runs); i++) {
  reports.push(JSON.parse(fs.readFileSync(path.join(dir, `time-${i}.report.json`), "utf8")));
}
const score = (r, c) => Math.round(r.categories[c].score * 100);
const sorted = [...reports].sort((a, b) => score(a, "performance") - score(b, "performance"));
const median = sorted[Math.floor(sorted.length / 2)];
const metric = (r, id) => r.audits[id].displayValue;
const failing = (r, c) => r.categories[c].auditRefs
  .map(ref => r.audits[ref.id])
  .filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable" && a.scoreDisplayMode !== "manual")
  .map(a => `${a.id} (${a.title})`);
const lines = [
  "# Lighthouse: the time page on a phone",
  "",
  `Measured by \`scripts/lighthouse.sh\` with Lighthouse ${median.lighthouseVersion} in ${median.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0] ?? "Chromium"},`,
  `mobile profile (emulated ${median.configSettings.screenEmulation.width}×${median.configSettings.screenEmulation.height} phone, simulated slow 4G, CPU slowed ${median.configSettings.throttling.cpuSlowdownMultiplier}×),`,
  `signed in as a demo employee, on \`/acme/time\`, ${reports.length} run(s); the median run by performance:`,
  "",
  "| Category | Score |",
  "|---|---|",
  `| Performance | ${score(median, "performance")} |`,
  `| Accessibility | ${score(median, "accessibility")} |`,
  `| Best practices | ${score(median, "best-practices")} |`,
  "",
  "| Metric | Value |",
  "|---|---|",
  ...["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"]
    .map(id => `| ${median.audits[id].title} | ${metric(median, id)} |`),
  "",
  `Every run (performance / accessibility / best practices): ${reports.map(r => `${score(r, "performance")} / ${score(r, "accessibility")} / ${score(r, "best-practices")}`).join(", ")}.`,
  "",
  "Audits below full marks in the median run:",
  "",
  ...["performance", "accessibility", "best-practices"].map(c => `- ${median.categories[c].title}: ${failing(median, c).join(", ") || "none"}`),
  "",
  "Lighthouse 12 has no PWA category; that the app is installable is checked by the browser test",
  "`OfflineAppTests` with Chromium's own check (`Page.getInstallabilityErrors` reports nothing).",
  "The full reports of the last measurement are in `artifacts/lighthouse/` (not committed).",
  "",
];
fs.writeFileSync(summary, lines.join("\n"));
process.stdout.write(lines.join("\n"));
EOF

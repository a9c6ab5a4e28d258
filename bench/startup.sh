#!/usr/bin/env bash
# Start-up benchmark, launching built programs (no `dotnet run`): seconds from launch to a dependent starting.
#   floor:  initdb + pg_ctl start + two createdb + the migration SQL through psql (what the AppHost does, by hand)
#   bare:   an Aspire AppHost whose only resource is a trivial executable (bench/BareAppHost)
#   job:    the same, the probe waiting for the completion of a process that exits at once: Aspire's own cost of a job
#   cold:   this AppHost on a new data directory; warm: on the same one again
# each with and without the dashboard; then launch to the Phoenix app answering HTTP (its health check), with the
# fixture Mix project (tests/fixtures/phoenix_app, compiled beforehand), cold and warm.
# Also warm with Postgres:Lifetime=Persistent (the server left running by the run before), and, with BASELINE=<git
# revision>, that revision's AppHost cold and warm (dashboard on and off) and its Phoenix warm, in the same runs.
# Prints each figure's median and range, this AppHost's cost over bare Aspire, and whether bare Aspire's spread makes
# the run unreliable. Usage: [BASELINE=<rev>] bench/startup.sh [runs]   (default 5; builds Release first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
work=$(mktemp -d /tmp/gsc-bench.XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
now() { date +%s.%N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
cleanup() {
  pkill -f "$work" 2>/dev/null || true
  [ -d "$work/baseline" ] && git worktree remove --force "$work/baseline" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

echo "building Release..." >&2
dotnet build GscAnalytics.AppHost -c Release -v q -nologo >/dev/null
dotnet build bench/BareAppHost -c Release -v q -nologo >/dev/null
dotnet tool restore >/dev/null
fixture=$(pwd)/tests/fixtures/phoenix_app
(cd "$fixture" && mix deps.get >/dev/null && mix compile >/dev/null)
dotnet ef migrations script --idempotent --no-build --configuration Release --project GscAnalytics.MigrationWorker -o "$work/migration.sql" >/dev/null 2>&1
apphost=GscAnalytics.AppHost/bin/Release/net10.0/GscAnalytics.AppHost.dll
baseline_apphost=""
if [ -n "${BASELINE:-}" ]; then
  echo "building $BASELINE..." >&2
  git worktree add --detach "$work/baseline" "$BASELINE" >/dev/null 2>&1
  (cd "$work/baseline" && dotnet build GscAnalytics.AppHost -c Release -v q -nologo >/dev/null)
  baseline_apphost=$work/baseline/GscAnalytics.AppHost/bin/Release/net10.0/GscAnalytics.AppHost.dll
fi
bare=bench/BareAppHost/bin/Release/net10.0/BareAppHost.dll
password=BenchPassw0rdBenchPassw0rd
printf '%s' "$password" > "$work/pw"
if [ "$(id -u)" = 0 ]; then chown postgres "$work/pw"; fi

floor() {
  local dir="$work/floor-$1" port; port=$(free_port)
  mkdir -p "$dir"; if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  local start; start=$(now)
  as_pg "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile "$work/pw" -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$dir/data" -w -l "$dir/log" -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=" start >/dev/null
  PGPASSWORD=$password createdb -h 127.0.0.1 -p "$port" -U postgres gsc_analytics_dev
  PGPASSWORD=$password createdb -h 127.0.0.1 -p "$port" -U postgres gsc_analytics_test
  for db in gsc_analytics_dev gsc_analytics_test; do
    PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=$password psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" -f "$work/migration.sql" >/dev/null
  done
  local end; end=$(now)
  as_pg "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  echo "$end - $start" | bc
}

# Aspire's orchestrator (DCP) goes on cleaning up for about 10 s after its AppHost exits; the next launch waits for
# it, so one run's shutdown does not compete for the cores with the next one's start.
settle() { for _ in $(seq 1 150); do pgrep -f 'tools/dcp (start-apiserver|run-controllers)' >/dev/null || return 0; sleep 0.2; done; }

# Launches "$@" with PROBE_FILE set, waits for the probe to write its start time, then stops it (SIGTERM: a SIGINT
# child makes bash act as if it had been interrupted itself).
to_probe() {
  local probe log
  probe=$(mktemp -u "$work/probe.XXXXXX"); log=$(mktemp "$work/run.XXXXXX")
  local start; start=$(now)
  PROBE_FILE=$probe "$@" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 1200); do [ -s "$probe" ] && break; sleep 0.1; done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  settle
  [ -s "$probe" ] || { echo "the probe never started; log:" >&2; cat "$log" >&2; exit 1; }
  echo "$(cat "$probe") - $start" | bc
}

bare_aspire() { to_probe dotnet "$bare" "$@"; }

# Launch to the Phoenix fixture answering on / below 500 (what its health check asks: an API-only app's 404 is up, a
# pending migration's 503 is not), then SIGTERM.
to_phoenix() { phoenix_at "$apphost" "$@"; }

phoenix_at() {
  local dll=$1 data=$2 port log; shift 2
  log=$(mktemp "$work/phoenix.XXXXXX")
  port=$(free_port)
  local start; start=$(now)
  dotnet "$dll" "--Postgres:DataDirectory=$data" "--Parameters:postgres-password=$password" \
    "--Phoenix:Directory=$fixture" "--Phoenix:Port=$port" "$@" >"$log" 2>&1 &
  local pid=$! at=""
  for _ in $(seq 1 2400); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" 2>/dev/null || true)
    if [ "$code" -gt 0 ] 2>/dev/null && [ "$code" -lt 500 ]; then at=$(now); break; fi
    sleep 0.05
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  settle
  [ -n "$at" ] || { echo "phoenix never answered; log:" >&2; cat "$log" >&2; exit 1; }
  echo "$at - $start" | bc
}

this_apphost() { apphost_at "$apphost" "$@"; }

apphost_at() {
  local dll=$1 data=$2; shift 2
  to_probe dotnet "$dll" "--Postgres:DataDirectory=$data" "--Parameters:postgres-password=$password" \
    "--DependentServices:probe:Command=/bin/sh" "--DependentServices:probe:Args:0=-c" \
    '--DependentServices:probe:Args:1=date +%s.%N > "$PROBE_FILE"; exec sleep 120' "$@"
}

export DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS=http://localhost:18888 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
  ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18889 ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:18890 \
  ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:18891
declare -A t
keys="floor bare_on bare_off job_on job_off cold_on warm_on cold_off warm_off persistent_off phoenix_cold phoenix_warm"
[ -n "$baseline_apphost" ] && keys="$keys before_cold_on before_warm_on before_cold_off before_warm_off before_phoenix_warm"
for i in $(seq 1 "$runs"); do
  t[floor]+="$(floor "$i") "
  t[bare_on]+="$(bare_aspire) "
  t[bare_off]+="$(bare_aspire --no-dashboard) "
  t[job_on]+="$(bare_aspire --one-off) "
  t[job_off]+="$(bare_aspire --one-off --no-dashboard) "
  t[cold_on]+="$(this_apphost "$work/on-$i") "
  t[warm_on]+="$(this_apphost "$work/on-$i") "
  t[cold_off]+="$(this_apphost "$work/off-$i" --Dashboard:Enabled=false) "
  t[warm_off]+="$(this_apphost "$work/off-$i" --Dashboard:Enabled=false) "
  this_apphost "$work/persistent-$i" --Dashboard:Enabled=false --Postgres:Lifetime=Persistent >/dev/null
  t[persistent_off]+="$(this_apphost "$work/persistent-$i" --Dashboard:Enabled=false --Postgres:Lifetime=Persistent) "
  as_pg "$pg_bin/pg_ctl" -D "$work/persistent-$i" -m fast -w stop >/dev/null
  if [ -n "$baseline_apphost" ]; then
    t[before_cold_on]+="$(apphost_at "$baseline_apphost" "$work/before-on-$i") "
    t[before_warm_on]+="$(apphost_at "$baseline_apphost" "$work/before-on-$i") "
    t[before_cold_off]+="$(apphost_at "$baseline_apphost" "$work/before-$i" --Dashboard:Enabled=false) "
    t[before_warm_off]+="$(apphost_at "$baseline_apphost" "$work/before-$i" --Dashboard:Enabled=false) "
  fi
  t[phoenix_cold]+="$(to_phoenix "$work/phoenix-$i") "
  t[phoenix_warm]+="$(to_phoenix "$work/phoenix-$i") "
  if [ -n "$baseline_apphost" ]; then
    phoenix_at "$baseline_apphost" "$work/before-phoenix-$i" >/dev/null
    t[before_phoenix_warm]+="$(phoenix_at "$baseline_apphost" "$work/before-phoenix-$i") "
  fi
  echo "run $i: $(for k in $keys; do printf '%s %s  ' "$k" "$(echo "${t[$k]}" | awk '{print $NF}')"; done)" >&2
done

values() { echo "${t[$1]}" | tr ' ' '\n' | grep .; }
m() { values "$1" | median; }
lo() { values "$1" | sort -n | head -n 1; }
hi() { values "$1" | sort -n | tail -n 1; }
fig() { printf '%.2f [%.2f-%.2f]' "$(m "$1")" "$(lo "$1")" "$(hi "$1")"; }
floor=$(m floor)
printf '\nmedians [ranges] of %s runs, seconds from launch to the dependent starting\n' "$runs"
printf 'floor (initdb + pg_ctl start + 2 createdb + psql migration): %s\n\n' "$(fig floor)"
printf '%-9s %-19s %-19s %-19s %-24s %s\n' dashboard bare cold warm 'cold over bare' 'warm over bare'
for mode in on off; do
  b=$(m "bare_$mode"); c=$(m "cold_$mode"); w=$(m "warm_$mode")
  printf '%-9s %-19s %-19s %-19s %5.2f (%.2fx floor)       %.2f\n' "$mode" "$(fig "bare_$mode")" "$(fig "cold_$mode")" "$(fig "warm_$mode")" \
    "$(echo "$c - $b" | bc)" "$(echo "($c - $b) / $floor" | bc -l)" "$(echo "$w - $b" | bc)"
done
printf '\nbare Aspire with a job that exits at once before the probe: on %s, off %s\n' "$(fig job_on)" "$(fig job_off)"
for mode in on off; do
  printf '  dashboard %s: Aspire'"'"'s own cost of the job %.2f; warm over that %.2f\n' "$mode" "$(echo "$(m "job_$mode") - $(m "bare_$mode")" | bc)" \
    "$(echo "$(m "warm_$mode") - $(m "job_$mode")" | bc)"
done
printf 'off, PostgreSQL persistent (Postgres:Lifetime=Persistent), warm: %s, %.2f over bare\n' "$(fig persistent_off)" "$(echo "$(m persistent_off) - $(m bare_off)" | bc)"
if [ -n "$baseline_apphost" ]; then
  for mode in on off; do
    printf '%s, %s (before): cold %s, warm %s; over bare: cold %.2f (%.2fx floor), warm %.2f\n' "$mode" "$BASELINE" "$(fig "before_cold_$mode")" \
      "$(fig "before_warm_$mode")" "$(echo "$(m "before_cold_$mode") - $(m "bare_$mode")" | bc)" \
      "$(echo "($(m "before_cold_$mode") - $(m "bare_$mode")) / $floor" | bc -l)" "$(echo "$(m "before_warm_$mode") - $(m "bare_$mode")" | bc)"
  done
fi
printf '\nlaunch to the Phoenix fixture answering HTTP (dashboard on): cold %s, warm %s; warm over bare %.2f\n' "$(fig phoenix_cold)" "$(fig phoenix_warm)" \
  "$(echo "$(m phoenix_warm) - $(m bare_on)" | bc)"
if [ -n "$baseline_apphost" ]; then
  printf '  %s (before), warm: %s; over bare %.2f\n' "$BASELINE" "$(fig before_phoenix_warm)" "$(echo "$(m before_phoenix_warm) - $(m bare_on)" | bc)"
fi
printf '\naims:\n'
verdict() { if [ "$(echo "$1 <= $2" | bc)" = 1 ]; then echo met; else echo missed; fi; }
for mode in on off; do
  limit=1.0; [ "$mode" = off ] && limit=0.8
  over=$(echo "$(m "warm_$mode") - $(m "bare_$mode")" | bc)
  printf '  warm over bare, dashboard %s: %.2f s against <= %s s: %s\n' "$mode" "$over" "$limit" "$(verdict "$over" "$limit")"
  ratio=$(echo "($(m "cold_$mode") - $(m "bare_$mode")) / $floor" | bc -l)
  printf '  cold over bare, dashboard %s: %.2fx floor against <= 1.3x: %s\n' "$mode" "$ratio" "$(verdict "$ratio" 1.3)"
done
pw=$(echo "$(m phoenix_warm) - $(m bare_on)" | bc)
printf '  Phoenix fixture answering, warm over bare (dashboard on): %.2f s against <= 2.5 s: %s\n' "$pw" "$(verdict "$pw" 2.5)"
for mode in on off; do
  spread=$(echo "$(hi "bare_$mode") - $(lo "bare_$mode")" | bc)
  if [ "$(echo "$spread > 0.5 * $(m "bare_$mode")" | bc)" = 1 ]; then
    printf 'unreliable: bare Aspire (dashboard %s) varied by %.2f s, over half its median; run again on a quieter machine\n' "$mode" "$spread"
  fi
done

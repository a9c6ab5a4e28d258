#!/usr/bin/env bash
# Start-up benchmark, launching built programs (no `dotnet run`): seconds from launch to a dependent starting.
#   floor:  initdb + pg_ctl start + two createdb + the migration SQL through psql (what the AppHost does, by hand)
#   bare:   an Aspire AppHost whose only resource is a trivial executable (bench/BareAppHost)
#   cold:   this AppHost on a new data directory; warm: on the same one again
# each with and without the dashboard. Prints medians, and this AppHost's cost over bare Aspire.
# Usage: bench/startup.sh [runs]   (default 5: this machine is noisy; builds Release first)
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
cleanup() { pkill -f "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "building Release..." >&2
dotnet build GscAnalytics.AppHost -c Release -v q -nologo >/dev/null
dotnet build bench/BareAppHost -c Release -v q -nologo >/dev/null
dotnet tool restore >/dev/null
dotnet ef migrations script --idempotent --no-build --configuration Release --project GscAnalytics.MigrationWorker -o "$work/migration.sql" >/dev/null 2>&1
apphost=GscAnalytics.AppHost/bin/Release/net10.0/GscAnalytics.AppHost.dll
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

# Launches "$@" with PROBE_FILE set, waits for the probe to write its start time, then stops it (SIGTERM: a SIGINT
# child makes bash act as if it had been interrupted itself).
to_probe() {
  local probe="$work/probe-$RANDOM" log="$work/run-$RANDOM.log"
  local start; start=$(now)
  PROBE_FILE=$probe "$@" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 1200); do [ -s "$probe" ] && break; sleep 0.1; done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -s "$probe" ] || { echo "the probe never started; log:" >&2; cat "$log" >&2; exit 1; }
  echo "$(cat "$probe") - $start" | bc
}

bare_aspire() { to_probe dotnet "$bare" "$@"; }

this_apphost() {
  local data=$1; shift
  to_probe dotnet "$apphost" "--Postgres:DataDirectory=$data" "--Parameters:postgres-password=$password" \
    "--DependentServices:probe:Command=/bin/sh" "--DependentServices:probe:Args:0=-c" \
    '--DependentServices:probe:Args:1=date +%s.%N > "$PROBE_FILE"; exec sleep 120' "$@"
}

export DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS=http://localhost:18888 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
  ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18889 ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:18891
declare -A t
for i in $(seq 1 "$runs"); do
  t[floor]+="$(floor "$i") "
  t[bare_on]+="$(bare_aspire) "
  t[bare_off]+="$(bare_aspire --no-dashboard) "
  t[cold_on]+="$(this_apphost "$work/on-$i") "
  t[warm_on]+="$(this_apphost "$work/on-$i") "
  t[cold_off]+="$(this_apphost "$work/off-$i" --Dashboard:Enabled=false) "
  t[warm_off]+="$(this_apphost "$work/off-$i" --Dashboard:Enabled=false) "
  echo "run $i: $(for k in floor bare_on bare_off cold_on warm_on cold_off warm_off; do printf '%s %s  ' "$k" "$(echo "${t[$k]}" | awk '{print $NF}')"; done)" >&2
done

m() { echo "${t[$1]}" | tr ' ' '\n' | grep . | median; }
floor=$(m floor)
printf '\nmedians of %s runs (seconds from launch to the dependent starting)\n' "$runs"
printf 'floor (initdb + pg_ctl start + 2 createdb + psql migration): %.2f\n\n' "$floor"
printf '%-10s %6s %6s %6s %16s %16s\n' dashboard bare cold warm 'cold over bare' 'warm over bare'
for mode in on off; do
  b=$(m "bare_$mode"); c=$(m "cold_$mode"); w=$(m "warm_$mode")
  printf '%-10s %6.2f %6.2f %6.2f %7.2f (%.2fx floor) %9.2f\n' "$mode" "$b" "$c" "$w" "$(echo "$c - $b" | bc)" "$(echo "($c - $b) / $floor" | bc -l)" "$(echo "$w - $b" | bc)"
done
printf '\naims: cold over bare <= 1.5x floor; warm over bare <= 2.0 s\n'

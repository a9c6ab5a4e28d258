#!/usr/bin/env bash
# Start-up benchmark: process start -> "dependent service started", cold (new data directory) and
# warm (existing one), against the floor on this machine: initdb + pg_ctl start + two createdb +
# applying the same migration SQL with psql. Prints medians and ratios.
# Usage: bench/startup.sh [runs] [AppHost arguments...]   (default 3 runs; builds Release first)
#   e.g. bench/startup.sh 3 --Dashboard:Enabled=false   to measure without the dashboard
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
extra=("$@")
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
dotnet tool restore >/dev/null
dotnet ef migrations script --idempotent --no-build --configuration Release --project GscAnalytics.MigrationWorker -o "$work/migration.sql" >/dev/null 2>&1
apphost=GscAnalytics.AppHost/bin/Release/net10.0/GscAnalytics.AppHost.dll
password=BenchPassw0rdBenchPassw0rd
printf '%s' "$password" > "$work/pw"
[ "$(id -u)" = 0 ] && chown postgres "$work/pw"

floor() {
  local dir="$work/floor-$1" port; port=$(free_port)
  mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
  local start; start=$(now)
  as_pg "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile "$work/pw" -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$dir/data" -w -l "$dir/log" -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=" start >/dev/null
  PGPASSWORD=$password createdb -h 127.0.0.1 -p "$port" -U postgres gsc_analytics_dev
  PGPASSWORD=$password createdb -h 127.0.0.1 -p "$port" -U postgres gsc_analytics_test
  PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=$password psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d gsc_analytics_dev -f "$work/migration.sql" >/dev/null
  PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=$password psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d gsc_analytics_test -f "$work/migration.sql" >/dev/null
  local end; end=$(now)
  as_pg "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  echo "$end - $start" | bc
}

# Seconds from launching the built AppHost until it reports the dependent service running.
apphost() {
  local data=$1 log="$work/apphost-$RANDOM.log"
  local start; start=$(now)
  dotnet "$apphost" "--Postgres:DataDirectory=$data" "--Parameters:postgres-password=$password" \
    "--DependentServices:probe:Command=sleep" "--DependentServices:probe:Args:0=60" "--Dashboard:Port=0" \
    "--Dashboard:OtlpGrpcPort=0" "--Dashboard:OtlpHttpPort=0" "${extra[@]}" >"$log" 2>&1 &
  local pid=$! end=""
  # tail follows with inotify: no polling loop competing with the AppHost for the two cores.
  { timeout 120 tail -n +1 -F "$log" 2>/dev/null || true; } | { grep -q -m1 '\[apphost\] probe: Running' && now > "$log.end"; } || true
  [ -f "$log.end" ] && end=$(cat "$log.end")
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -n "$end" ] || { echo "the AppHost did not start the dependent; log:" >&2; cat "$log" >&2; exit 1; }
  echo "$end - $start" | bc
}

floors=(); colds=(); warms=()
for i in $(seq 1 "$runs"); do
  floors+=("$(floor "$i")")
  colds+=("$(apphost "$work/data-$i")")
  warms+=("$(apphost "$work/data-$i")")
  echo "run $i: floor ${floors[-1]} s, cold ${colds[-1]} s, warm ${warms[-1]} s" >&2
done

f=$(printf '%s\n' "${floors[@]}" | median)
c=$(printf '%s\n' "${colds[@]}" | median)
w=$(printf '%s\n' "${warms[@]}" | median)
printf 'floor (initdb + pg_ctl start + 2 createdb + psql migration): %.2f s\n' "$f"
printf 'cold  (new data directory):      %.2f s  = %.2fx floor (aim <= 1.5x)\n' "$c" "$(echo "$c / $f" | bc -l)"
printf 'warm  (existing data directory): %.2f s  = %.2fx floor (aim <= 1.5 s)\n' "$w" "$(echo "$w / $f" | bc -l)"

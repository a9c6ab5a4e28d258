#!/usr/bin/env bash
# Where a warm start's time goes: launches the built AppHost on one data directory (a first run creates and migrates
# it), then [runs] warm starts with the dashboard and without, and prints the median [range] of each step from launch, read from
# the console's own timestamps. Usage: bench/phases.sh [runs]   (default 5; builds Release first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d /tmp/gsc-phases.XXXXXX)
chmod 755 "$work"
trap 'pkill -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT
echo "building Release..." >&2
dotnet build GscAnalytics.AppHost -c Release -v q -nologo >/dev/null
apphost=GscAnalytics.AppHost/bin/Release/net10.0/GscAnalytics.AppHost.dll
export DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS=http://localhost:18888 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
  ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18889 ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:18890 \
  ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:18891

# One start until the console says Ready, then SIGTERM; prints the launch time and the console's lines.
start_once() {
  local log start
  log=$(mktemp "$work/run.XXXXXX")
  start=$(date +%s.%N)
  dotnet "$apphost" "--Postgres:DataDirectory=$work/data" --Parameters:postgres-password=BenchPassw0rdBenchPassw0rd \
    --DependentServices:probe:Command=/bin/sleep --DependentServices:probe:Args:0=120 "$@" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 1200); do grep -q '^[0-9:.]* Ready:' "$log" && break; sleep 0.05; done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  grep -q '^[0-9:.]* Ready:' "$log" || { echo "no Ready line; log:" >&2; cat "$log" >&2; exit 1; }
  echo "$start"; cat "$log"
}

# Seconds from launch to each step. The worker starts with PostgreSQL now, so steps overlap: each is timed from launch.
steps() {
  awk 'NR == 1 { split(strftime("%H %M %S", $1), l, " "); launch = l[1]*3600 + l[2]*60 + l[3] + ($1 - int($1)); next }
    function at(t,  p) { split(t, p, ":"); return p[1]*3600 + p[2]*60 + p[3] - launch }
    !first && /^[0-9:.]+ / { first = at($1) }
    / migrations: Running/ && !mr { mr = at($1) }
    / postgres: Running/ && !pg { pg = at($1) }
    / gsc-analytics-(dev|test): Running/ { db = at($1) }
    / migrations: Finished/ && !mf { mf = at($1) }
    / probe: Running/ && !pr { pr = at($1) }
    END { printf "%.3f %.3f %.3f %.3f %.3f %.3f\n", first, mr, pg, db, mf, pr }'
}

median_range() { sort -n | awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%5.2f [%.2f-%.2f]", m, a[1], a[NR]}'; }

start_once --Dashboard:Enabled=false >/dev/null
declare -A col
for i in $(seq 1 "$runs"); do
  for mode in on off; do
    args=(); [ "$mode" = off ] && args=(--Dashboard:Enabled=false)
    row=$(start_once "${args[@]}" | steps)
    echo "run $i, dashboard $mode: $row" >&2
    for k in 1 2 3 4 5 6; do col[$mode$k]+="$(echo "$row" | cut -d' ' -f$k) "; done
  done
done

names=("the first console line" "migrations: Running (its process started)" "postgres: Running (accepting connections)" \
  "both databases Running (healthy)" "migrations: Finished, nothing to migrate" "the dependent Running")
printf '\nmedian [range] of %s warm starts, seconds from launch to each step\n' "$runs"
printf '%-50s %-20s %s\n' step 'dashboard on' 'dashboard off'
for k in 1 2 3 4 5 6; do
  printf '%-50s %-20s %s\n' "${names[$((k-1))]}" "$(echo "${col[on$k]}" | tr ' ' '\n' | grep . | median_range)" \
    "$(echo "${col[off$k]}" | tr ' ' '\n' | grep . | median_range)"
done

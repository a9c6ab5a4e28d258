#!/usr/bin/env bash
# Where a warm start's time goes: launches the built AppHost on one data directory (a first run creates and migrates
# it), then [runs] warm starts with the dashboard and without, and prints the median [range] of each step from launch,
# read from the console's own timestamps. With BASELINE=<git revision>, that revision's AppHost too, in the same runs.
# Usage: [BASELINE=<rev>] bench/phases.sh [runs]   (default 5; builds Release first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d /tmp/gsc-phases.XXXXXX)
chmod 755 "$work"
cleanup() {
  pkill -f "$work" 2>/dev/null || true
  [ -d "$work/baseline" ] && git worktree remove --force "$work/baseline" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
echo "building Release..." >&2
dotnet build GscAnalytics.AppHost -c Release -v q -nologo >/dev/null
declare -A dll=([now]=GscAnalytics.AppHost/bin/Release/net10.0/GscAnalytics.AppHost.dll)
versions=now
if [ -n "${BASELINE:-}" ]; then
  echo "building $BASELINE..." >&2
  git worktree add --detach "$work/baseline" "$BASELINE" >/dev/null 2>&1
  (cd "$work/baseline" && dotnet build GscAnalytics.AppHost -c Release -v q -nologo >/dev/null)
  dll[before]=$work/baseline/GscAnalytics.AppHost/bin/Release/net10.0/GscAnalytics.AppHost.dll
  versions="now before"
fi
export DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS=http://localhost:18888 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
  ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18889 ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:18890 \
  ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:18891

# Aspire's orchestrator (DCP) goes on cleaning up for about 10 s after its AppHost exits; the next launch waits for
# it, so one run's shutdown does not compete for the cores with the next one's start.
settle() { for _ in $(seq 1 150); do pgrep -f 'tools/dcp (start-apiserver|run-controllers)' >/dev/null || return 0; sleep 0.2; done; }

# One start of version $1 until the console says Ready, then SIGTERM; prints the launch time and the console's lines.
start_once() {
  local version=$1 log start; shift
  log=$(mktemp "$work/run.XXXXXX")
  start=$(date +%s.%N)
  dotnet "${dll[$version]}" "--Postgres:DataDirectory=$work/data-$version" --Parameters:postgres-password=BenchPassw0rdBenchPassw0rd \
    --DependentServices:probe:Command=/bin/sleep --DependentServices:probe:Args:0=120 "$@" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 1200); do grep -q '^[0-9:.]* Ready:' "$log" && break; sleep 0.05; done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  settle
  grep -q '^[0-9:.]* Ready:' "$log" || { echo "no Ready line; log:" >&2; cat "$log" >&2; exit 1; }
  echo "$start"; cat "$log"
}

# Seconds from launch to each step. The worker may start before PostgreSQL is ready, so steps overlap.
steps() {
  awk 'NR == 1 { split(strftime("%H %M %S", $1), l, " "); launch = l[1]*3600 + l[2]*60 + l[3] + ($1 - int($1)); next }
    function at(t,  p) { split(t, p, ":"); return p[1]*3600 + p[2]*60 + p[3] - launch }
    !first && /^[0-9:.]+ / { first = at($1) }
    / postgres: Running/ && !pg { pg = at($1) }
    / migrations: Running/ && !mr { mr = at($1) }
    / gsc-analytics-(dev|test): Running/ { db = at($1) }
    / migrations: Finished/ && !mf { mf = at($1) }
    / probe: Running/ && !pr { pr = at($1) }
    END { printf "%.3f %.3f %.3f %.3f %.3f %.3f %.3f\n", first, pg, mr, db, mf, pr, pr - first }'
}

median_range() { sort -n | awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.2f [%.2f-%.2f]", m, a[1], a[NR]}'; }

for version in $versions; do start_once "$version" --Dashboard:Enabled=false >/dev/null; done
declare -A col
columns=""
for mode in on off; do for version in $versions; do columns="$columns $mode-$version"; done; done
for i in $(seq 1 "$runs"); do
  for c in $columns; do
    args=(); [ "${c%-*}" = off ] && args=(--Dashboard:Enabled=false)
    row=$(start_once "${c#*-}" "${args[@]}" | steps)
    echo "run $i, dashboard $c: $row" >&2
    for k in 1 2 3 4 5 6 7; do col[$c$k]+="$(echo "$row" | cut -d' ' -f$k) "; done
  done
done

names=("the first console line" "postgres: Running (its process started)" "migrations: Running (its process started)" \
  "both databases Running (healthy)" "migrations: Finished, nothing to migrate" "the dependent Running" \
  "first console line to the dependent Running")
printf '\nmedian [range] of %s warm starts, seconds from launch to each step (the last row: from the first line)\n' "$runs"
printf '%-46s' step; for c in $columns; do printf ' %-19s' "dashboard $c"; done; echo
for k in 1 2 3 4 5 6 7; do
  printf '%-46s' "${names[$((k-1))]}"
  for c in $columns; do printf ' %-19s' "$(echo "${col[$c$k]}" | tr ' ' '\n' | grep . | median_range)"; done
  echo
done

#!/usr/bin/env bash
# The fault suite at its full counts (F1 50 runs, F3 20, F4 10, F5 every start version, ...), against real
# PostgreSQL servers, worker processes and AppHosts. Prints one row per fault: runs, held, failed.
# Usage: bench/faults.sh [runs]   (runs: each repeated fault that many times instead of its full count; the
# faults run once per point or start version keep theirs). GSC_FAULT_SEED=<seed> replays the random moments of an
# earlier run; each failure prints its seed.
set -uo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  '') ;;
  *[!0-9]*|0) echo "runs must be a positive whole number, not '$1'" >&2; exit 2 ;;
  *) export GSC_FAULT_RUNS="$1" ;;
esac
report=$(mktemp /tmp/gsc-faults.XXXXXX)
trap 'rm -f "$report"' EXIT
export GSC_FAULT_FULL=1 GSC_FAULT_REPORT="$report"

echo "building..." >&2
dotnet build GscAnalytics.sln -v q -nologo >/dev/null || { echo "build failed" >&2; exit 1; }
status=0
for project in tests/GscAnalytics.MigrationWorker.IntegrationTests tests/GscAnalytics.AppHost.Tests; do
  echo "running the faults of $project..." >&2
  dotnet test "$project" --no-build --filter "Category=Fault" --logger "console;verbosity=minimal" >&2 || status=1
done

printf '\n| fault | runs | held | failed |\n|---|---|---|---|\n'
sort -t$'\t' -k1,1V "$report" | awk -F'\t' '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4; r+=$2; h+=$3; f+=$4}
  END {printf "| all | %d | %d | %d |\n", r, h, f}'
exit "$status"

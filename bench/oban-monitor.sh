#!/usr/bin/env bash
# The Oban monitor's cost on a big table: one poll's database time (the monitor's own code, bench/ObanMonitorBench),
# median and range, at 100k and at 1M jobs, with the plain count by state and queue as the baseline in the same run.
# The jobs are spread over states and five queues as a busy app without pruning leaves them: 92% completed, 2%
# discarded, 1% cancelled, 2% available, 2.9% scheduled, 0.1% retryable, and 50 executing. Usage: bench/oban-monitor.sh [polls]
set -euo pipefail
cd "$(dirname "$0")/.."
polls=${1:-25}
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
work=$(mktemp -d /tmp/gsc-oban-bench.XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { as_pg "$pg_bin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

echo "building Release..." >&2
dotnet build GscAnalytics.MigrationWorker -c Release -v q -nologo >/dev/null
dotnet build bench/ObanMonitorBench -c Release -v q -nologo >/dev/null
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; fi
as_pg "$pg_bin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$work/data" -w -l "$work/log" -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=" start >/dev/null
psql=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
"${psql[@]}" -c "CREATE DATABASE bench" >/dev/null
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=bench"
GscAnalytics.MigrationWorker/bin/Release/net10.0/GscAnalytics.MigrationWorker --Migration:Databases:0=bench "--ConnectionStrings:bench=$connection" >/dev/null

fill() {
  "${psql[@]}" -d bench -v from="$1" -v to="$2" <<'SQL'
INSERT INTO public.oban_jobs (state, queue, worker, args, errors, attempt, inserted_at, scheduled_at, attempted_at, attempted_by, completed_at, discarded_at, cancelled_at)
SELECT s.state::public.oban_job_state, 'queue_' || (g % 5), 'GscAnalytics.Workers.W' || (g % 7), jsonb_build_object('site_id', g),
       CASE WHEN s.state IN ('retryable', 'discarded') THEN ARRAY[jsonb_build_object('at', now() - interval '1 day', 'attempt', 1, 'error', '** (RuntimeError) boom')] ELSE ARRAY[]::jsonb[] END,
       CASE WHEN s.state IN ('available', 'scheduled') THEN 0 ELSE 1 END,
       timezone('UTC', now()) - interval '2 days' + (g || ' ms')::interval,
       CASE WHEN s.state = 'scheduled' THEN timezone('UTC', now()) + interval '1 hour'
            WHEN s.state = 'retryable' THEN timezone('UTC', now()) + interval '10 minutes'
            ELSE timezone('UTC', now()) - interval '2 days' + (g || ' ms')::interval END,
       CASE WHEN s.state NOT IN ('available', 'scheduled') THEN timezone('UTC', now()) - interval '1 day' END,
       CASE WHEN s.state NOT IN ('available', 'scheduled') THEN ARRAY['web@host-1', 'uuid'] END,
       CASE WHEN s.state = 'completed' THEN timezone('UTC', now()) - interval '1 day' END,
       CASE WHEN s.state = 'discarded' THEN timezone('UTC', now()) - interval '1 day' END,
       CASE WHEN s.state = 'cancelled' THEN timezone('UTC', now()) - interval '1 day' END
  FROM generate_series(:from, :to) g
 CROSS JOIN LATERAL (SELECT CASE WHEN g <= 50 THEN 'executing' WHEN g % 1000 < 920 THEN 'completed' WHEN g % 1000 < 940 THEN 'discarded'
       WHEN g % 1000 < 950 THEN 'cancelled' WHEN g % 1000 < 970 THEN 'available' WHEN g % 1000 < 999 THEN 'scheduled' ELSE 'retryable' END AS state) s;
VACUUM ANALYZE public.oban_jobs;
SQL
}

bench=bench/ObanMonitorBench/bin/Release/net10.0/ObanMonitorBench
fill 1 100000
echo "100k jobs: $("$bench" "$connection" "$polls")"
fill 100001 1000000
echo "1M jobs:   $("$bench" "$connection" "$polls")"

#!/usr/bin/env bash
# How long after the migration worker exits the dashboard shows its trace and logs: runs the built
# AppHost (Release) on a new data directory, logs in, and polls the API every 50 ms.
# Usage: bench/dashboard-latency.sh [runs]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d /tmp/gsc-latency.XXXXXX)
chmod 755 "$work"
cleanup() { pkill -TERM -f "$work" 2>/dev/null || true; sleep 1; rm -rf "$work"; }
trap cleanup EXIT
dotnet build GscAnalytics.AppHost -c Release -v q -nologo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

for i in $(seq 1 "$runs"); do
  log="$work/apphost-$i.log"
  dotnet GscAnalytics.AppHost/bin/Release/net10.0/GscAnalytics.AppHost.dll "--Postgres:DataDirectory=$work/data-$i" \
    --Parameters:postgres-password=LatencyPassw0rdLatency "--Dashboard:Port=$port" --Dashboard:OtlpGrpcPort=0 --Dashboard:OtlpHttpPort=0 >"$log" 2>&1 &
  pid=$!
  url=""
  for _ in $(seq 1 600); do url=$(grep -oE 'http://[^ ]+/login\?t=[0-9a-f]+' "$log" || true); [ -n "$url" ] && break; sleep 0.05; done
  python3 - "$port" "$url" <<'PY'
import http.cookiejar, json, sys, time, urllib.request
from datetime import datetime, timezone
port, login = sys.argv[1], sys.argv[2]
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
opener.open(login, timeout=10)
get = lambda path: json.load(opener.open(f"http://127.0.0.1:{port}{path}", timeout=10))
deadline, stop, trace_seen, logs_seen = time.time() + 120, None, None, None
while time.time() < deadline and not (trace_seen and logs_seen):
    now = datetime.now(timezone.utc)
    migrations = next(r for r in get("/api/resources") if r["name"] == "migrations")
    if migrations["state"] == "Finished" and stop is None:
        stop = datetime.fromisoformat(migrations["stopTime"].replace("Z", "+00:00"))
    if stop and trace_seen is None and any(t["name"] == "migrations: migrate" for t in get("/api/traces")):
        trace_seen = now
    if stop and logs_seen is None and any(l["message"].startswith("Migrations finished") for l in get("/api/logs?resource=migrations")):
        logs_seen = now
    time.sleep(0.05)
print(f"trace {(trace_seen - stop).total_seconds():.2f} s, logs {(logs_seen - stop).total_seconds():.2f} s after the worker exited")
PY
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
done

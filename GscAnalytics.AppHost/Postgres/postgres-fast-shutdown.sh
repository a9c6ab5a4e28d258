#!/bin/sh
# Runs PostgreSQL ("$@") for Aspire's orchestrator, which stops processes with SIGTERM. For PostgreSQL
# that is a smart shutdown: it waits for idle clients until the orchestrator kills it, and the next start
# runs crash recovery. SIGINT is its fast shutdown: open transactions roll back and it stops cleanly.
# PostgreSQL refuses to run as root, so as root it runs as the postgres OS user.
if [ "$(id -u)" = 0 ]; then
  set -- setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
fi
trap 'kill -INT "$child" 2>/dev/null' TERM INT
"$@" &
child=$!
while :; do
  wait "$child"; status=$?
  kill -0 "$child" 2>/dev/null || exit "$status"
done

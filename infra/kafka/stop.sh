#!/usr/bin/env bash
# Stops the broker started by start.sh for this data dir: SIGTERM (controlled shutdown, logs
# flushed), then SIGKILL after KAFKA_STOP_SECONDS (default 30). Keeps the data; a later start.sh
# resumes the same cluster.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_dir="${KAFKA_DATA_DIR:-$here/data}"
grace="${KAFKA_STOP_SECONDS:-30}"
pid_file="$data_dir/kafka.pid"

if [[ ! -f "$pid_file" ]]; then
  echo "kafka: not running (no pid file in $data_dir)"
  exit 0
fi
pid="$(cat "$pid_file")"
if ! kill -0 "$pid" 2>/dev/null; then
  echo "kafka: not running (stale pid $pid)"
  rm -f "$pid_file"
  exit 0
fi

kill -TERM "$pid"
deadline=$((SECONDS + grace))
while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
  sleep 0.2
done
if kill -0 "$pid" 2>/dev/null; then
  echo "kafka: pid $pid still running after ${grace}s; killing" >&2
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
fi
rm -f "$pid_file"
echo "kafka: stopped (pid $pid)"

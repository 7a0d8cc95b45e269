#!/usr/bin/env bash
# Waits until the broker started by start.sh accepts clients: the server says it started and
# its client port is open. Fails (with the log's tail) if the broker dies or after
# KAFKA_WAIT_SECONDS (default 90).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${KAFKA_PORT:-19092}"
data_dir="${KAFKA_DATA_DIR:-$here/data}"
timeout="${KAFKA_WAIT_SECONDS:-90}"
pid_file="$data_dir/kafka.pid"
log_file="$data_dir/kafka.log"

deadline=$((SECONDS + timeout))
while ((SECONDS < deadline)); do
  if [[ -f "$pid_file" ]] && ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "kafka: the broker process exited; last log lines:" >&2
    tail -n 40 "$log_file" >&2 || true
    exit 1
  fi
  if grep -q 'Kafka Server started' "$log_file" 2>/dev/null &&
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "kafka: ready on 127.0.0.1:$port"
    exit 0
  fi
  sleep 0.5
done
echo "kafka: not ready after ${timeout}s; last log lines:" >&2
tail -n 40 "$log_file" >&2 || true
exit 1

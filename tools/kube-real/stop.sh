#!/usr/bin/env bash
# Stops what start.sh started in RUN_DIR, by the PIDs it recorded (the API server first, then etcd),
# and removes etcd's data; logs and the PKI stay for reading. Safe to run twice. With --keep-data
# etcd's data stays too, for `start.sh again RUN_DIR` (an API server and etcd restarted in place).
# Usage: stop.sh RUN_DIR [--keep-data]
set -euo pipefail
run=${1:?usage: stop.sh RUN_DIR [--keep-data]}
keep=${2:-}

stop() {
  local file=$run/$1.pid pid
  [ -r "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$file"
}

stop apiserver
stop etcd
[ "$keep" = --keep-data ] || rm -rf "$run/etcd-data"

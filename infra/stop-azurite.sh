#!/usr/bin/env bash
# Stops the Azurite started by start-azurite.sh (same AZURITE_DIR).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state_dir="${AZURITE_DIR:-$here/.azurite}"
if [ -f "$state_dir/azurite.pid" ]; then
  pid="$(cat "$state_dir/azurite.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$state_dir/azurite.pid"
  echo "azurite: stopped (pid $pid)"
fi

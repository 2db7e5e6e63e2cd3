#!/usr/bin/env bash
# Starts the pinned Azurite on loopback and waits until the blob endpoint answers.
#   AZURITE_BLOB_PORT / AZURITE_QUEUE_PORT / AZURITE_TABLE_PORT   ports (default 10000 / 10001 / 10002)
#   AZURITE_DIR         where its pid and log go (default infra/.azurite)
#   AZURITE_PERSIST=1   keep data on disk in $AZURITE_DIR/data instead of in memory
# Installs Azurite (npm ci) when it is missing. Exits non-zero if it does not answer within 30 s.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"
state_dir="${AZURITE_DIR:-$here/.azurite}"
mkdir -p "$state_dir"

if (exec 3<>"/dev/tcp/127.0.0.1/$blob_port") 2>/dev/null; then
  echo "azurite: something already answers on 127.0.0.1:$blob_port; using it"
  exit 0
fi

if [ ! -x "$here/node_modules/.bin/azurite" ]; then
  echo "azurite: installing the pinned version (npm ci in infra/)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

persistence=(--inMemoryPersistence)
if [ "${AZURITE_PERSIST:-0}" = "1" ]; then
  persistence=(--location "$state_dir/data")
fi

nohup "$here/node_modules/.bin/azurite" --silent --loose --skipApiVersionCheck "${persistence[@]}" \
  --blobHost 127.0.0.1 --blobPort "$blob_port" \
  --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" \
  >"$state_dir/azurite.log" 2>&1 &
echo $! > "$state_dir/azurite.pid"

for _ in $(seq 1 60); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$blob_port") 2>/dev/null; then
    echo "azurite: blob 127.0.0.1:$blob_port, queue :$queue_port, table :$table_port (pid $(cat "$state_dir/azurite.pid"))"
    exit 0
  fi
  sleep 0.5
done
echo "azurite: did not answer on 127.0.0.1:$blob_port within 30 s; log follows" >&2
cat "$state_dir/azurite.log" >&2 || true
exit 1

#!/usr/bin/env bash
# The demo on a fresh machine: installs and starts the pinned Azurite (in memory, on its own ports), then runs
# the credit-risk pipeline three times: batch 1 publishes v1 as champion, batch 2 trains challengers and compares
# them with v1 on the same holdout, and a broken batch is quarantined with a report (exit code 3, expected).
# KEEP_AZURITE=1 leaves Azurite running afterwards to look at the blobs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib/preflight.sh
require_dotnet
require_node

export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10100}"
export AZURITE_DIR="${AZURITE_DIR:-$root/infra/.azurite-demo}"
source infra/azurite-env.sh
export AzureWebJobsStorage="$AZURITE_CONNECTION_STRING"

bash infra/start-azurite.sh
if [ "${KEEP_AZURITE:-0}" != "1" ]; then
  trap 'bash infra/stop-azurite.sh' EXIT
fi

restore_locked
dotnet build src/Cd4ml.Cli -c Release "${locked_build_args[@]}" -nologo -v quiet -clp:ErrorsOnly
cd4ml=(dotnet run --project src/Cd4ml.Cli -c Release --no-build --)

echo
echo "=== Run 1: first month of data (no champion yet)"
"${cd4ml[@]}" run --pipeline samples/credit-risk/credit-risk.json --data samples/credit-risk/credit-batch-1.csv

echo
echo "=== Run 2: second month of data (challengers vs the champion)"
"${cd4ml[@]}" run --pipeline samples/credit-risk/credit-risk.json --data samples/credit-risk/credit-batch-2.csv

echo
echo "=== Run 3: a broken file (text in a numeric column, a ragged row): refused before training"
status=0
"${cd4ml[@]}" run --pipeline samples/credit-risk/credit-risk.json --data samples/credit-risk/credit-batch-broken.csv || status=$?
if [ "$status" -ne 3 ]; then
  echo "expected the broken batch to be rejected (exit code 3), got $status" >&2
  exit 1
fi

if [ "${KEEP_AZURITE:-0}" = "1" ]; then
  echo
  echo "Azurite is still running on 127.0.0.1:${AZURITE_BLOB_PORT}; stop it with: AZURITE_DIR=$AZURITE_DIR bash infra/stop-azurite.sh"
fi

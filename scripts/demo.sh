#!/usr/bin/env bash
# The demo on a fresh machine: installs and starts the pinned Azurite (in memory, on its own ports), then runs
# the credit-risk pipeline twice: batch 1 publishes v1 as champion, batch 2 trains challengers and compares
# them with v1 on the same holdout. KEEP_AZURITE=1 leaves Azurite running afterwards to look at the blobs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10100}"
export AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-10101}"
export AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10102}"
export AZURITE_DIR="${AZURITE_DIR:-$root/infra/.azurite-demo}"
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${AZURITE_BLOB_PORT}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${AZURITE_QUEUE_PORT}/devstoreaccount1;"

bash infra/start-azurite.sh
if [ "${KEEP_AZURITE:-0}" != "1" ]; then
  trap 'bash infra/stop-azurite.sh' EXIT
fi

dotnet build src/Cd4ml.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
cd4ml=(dotnet run --project src/Cd4ml.Cli -c Release --no-build --)

echo
echo "=== Run 1: first month of data (no champion yet)"
"${cd4ml[@]}" run --pipeline samples/credit-risk/credit-risk.json --data samples/credit-risk/credit-batch-1.csv

echo
echo "=== Run 2: second month of data (challengers vs the champion)"
"${cd4ml[@]}" run --pipeline samples/credit-risk/credit-risk.json --data samples/credit-risk/credit-batch-2.csv

if [ "${KEEP_AZURITE:-0}" = "1" ]; then
  echo
  echo "Azurite is still running on 127.0.0.1:${AZURITE_BLOB_PORT}; stop it with: AZURITE_DIR=$AZURITE_DIR bash infra/stop-azurite.sh"
fi

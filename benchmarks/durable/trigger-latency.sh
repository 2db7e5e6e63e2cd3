#!/usr/bin/env bash
# How long a trigger takes to answer for a large dataset: `cd4ml run` on flights_3m.csv repeated 10 times (~968 MB),
# from the moment the upload is done to "run … started" (RunStarter: read the blob's version, store the run's spec,
# schedule the orchestration on the Azure Storage backend). The run itself is killed right after; each measurement
# uses a task hub of its own so nothing resumes it.
#   CD4ML_CLI             a built cd4ml.dll to measure (default: this checkout, built in Release)
#   CD4ML_BENCH_DATASETS  folder with flights_3m.csv (default /work/shared/datasets)
#   BENCH_REPS            repetitions (default 3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/artifacts/bench-trigger"
rm -rf "$out" && mkdir -p "$out"
export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10310}" AZURITE_DIR="$out/azurite"
source "$repo/infra/azurite-env.sh"
export AzureWebJobsStorage="$AZURITE_CONNECTION_STRING"
bash "$repo/infra/start-azurite.sh" >/dev/null
trap 'bash "$repo/infra/stop-azurite.sh" >/dev/null' EXIT

cli="${CD4ML_CLI:-}"
if [ -z "$cli" ]; then
  dotnet build "$repo/src/Cd4ml.Cli" -c Release -p:RestoreLockedMode=true -nologo -v quiet -clp:ErrorsOnly
  cli="$repo/src/Cd4ml.Cli/bin/Release/net10.0/cd4ml.dll"
fi

data="$out/flights10.csv"
source_csv="${CD4ML_BENCH_DATASETS:-/work/shared/datasets}/flights_3m.csv"
{ head -1 "$source_csv"; for _ in $(seq 1 10); do tail -n +2 "$source_csv"; done; } > "$data"
echo "dataset: $(stat -c %s "$data") bytes; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"

for rep in $(seq 1 "${BENCH_REPS:-3}"); do
  name="latency-$rep"
  echo "{\"name\":\"$name\",\"task\":\"regression\",\"label\":\"delay\",\"trainers\":[{\"name\":\"LightGbm\"}],\"promotion\":{\"primaryMetric\":\"rmse\"}}" > "$out/$name.json"
  Cd4ml__Durable__TaskHub="latency$rep$RANDOM" dotnet "$cli" run -p "$out/$name.json" -d "$data" > "$out/$name.log" 2>&1 &
  pid=$! uploaded="" started=""
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$uploaded" ] && grep -q "dataset uploaded" "$out/$name.log"; then uploaded=$(date +%s.%N); fi
    if [ -n "$uploaded" ] && grep -qE "run .* (started|already accepted)" "$out/$name.log"; then started=$(date +%s.%N); break; fi
    sleep 0.02
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "rep $rep: upload done -> run started in $(python3 -c "print(f'{$started - $uploaded:.3f}')") s"
done

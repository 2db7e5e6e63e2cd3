#!/usr/bin/env bash
# A whole `cd4ml run` on flights_3m.csv (regression on `delay`; LightGbm, FastTree and Sdca; Pipeline/flights.json),
# once with each candidate parsing the file itself (Cd4ml__TrainingDataCacheMaxBytes=0, how candidates loaded before
# the in-memory cache) and once as it ships (the snapshot read once per process), each in its own process and on a
# new pipeline. Prints wall time, peak memory, every activity's time, each candidate's, and the share of the run
# outside the computing activities (orchestration, storage, host start-up). Several minutes on 2 cores.
#
# Settings (environment):
#   CD4ML_BENCH_DATASETS  folder of flights_3m.csv (default /work/shared/datasets)
#   BENCH_DATA            the CSV instead (with BENCH_SPEC, its spec)
#   BENCH_MODES           which of "file memory" to run, in order (default both)
#   AZURITE_BLOB_PORT     the private Azurite's blob port (default 10300; queue and table are the next two)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${BENCH_DATA:-${CD4ML_BENCH_DATASETS:-/work/shared/datasets}/flights_3m.csv}"
spec="${BENCH_SPEC:-$here/Pipeline/flights.json}"
modes="${BENCH_MODES:-file memory}"
out="$here/out/pipeline"
[ -f "$data" ] || { echo "pipeline.sh: $data not found; set CD4ML_BENCH_DATASETS or BENCH_DATA" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out"
export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10300}"
export AZURITE_DIR="$out/azurite"
source "$root/infra/azurite-env.sh"
export AzureWebJobsStorage="$AZURITE_CONNECTION_STRING"
export OMP_WAIT_POLICY=PASSIVE
export Cd4ml__SnapshotCacheDirectory="$out/snapshots"
bash "$root/infra/start-azurite.sh" >/dev/null
trap 'bash "$root/infra/stop-azurite.sh" >/dev/null' EXIT

echo "== build (Release)"
dotnet build "$here/Cd4ml.Benchmarks.Training.csproj" -p:RestoreLockedMode=true -c Release -nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }

for mode in $modes; do
  echo "== cd4ml run, candidates reading the data: $mode"
  if [ "$mode" = file ]; then export Cd4ml__TrainingDataCacheMaxBytes=0; else unset Cd4ml__TrainingDataCacheMaxBytes; fi
  dotnet "$here/bin/Release/net10.0/Cd4ml.Benchmarks.Training.dll" pipeline --spec "$spec" --data "$data" --out "$out/$mode.json"
done

python3 "$here/pipeline_report.py" "$out"/*.json

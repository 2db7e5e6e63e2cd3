#!/usr/bin/env bash
# Durable backend benchmark, side by side in one run on this machine:
#  1. the candidate stage of 4 equal LightGbm candidates on fertility.csv, alternating BENCH_REPS times over three
#     configurations: one worker process taking one activity at a time (the candidates train one after another,
#     each alone: their sum is the baseline), one worker with the default of one activity per core, and two worker
#     processes (`cd4ml run` plus a `cd4ml worker` on the same task hub) taking one activity each;
#  2. the backend's own overhead: `cd4ml run` of 1 tiny candidate on the in-memory and the Azure Storage backend.
# Prints a summary (medians and ratios) and writes benchmarks/durable/results.json.
#   CD4ML_BENCH_DATASETS  folder with fertility.csv (default /work/shared/datasets)
#   BENCH_REPS            repetitions of each configuration (default 3)
#   BENCH_DATA, BENCH_SPEC  another dataset and stage spec (its first "name" is replaced per run); the summary then goes
#                         to artifacts/bench-durable/results.txt instead of benchmarks/durable/results.txt
#   BENCH_OVERHEAD=0      leaves out part 2
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
datasets="${CD4ML_BENCH_DATASETS:-/work/shared/datasets}"
reps="${BENCH_REPS:-3}"
data="${BENCH_DATA:-$datasets/fertility.csv}"
out="$repo/artifacts/bench-durable"
rm -rf "$out" && mkdir -p "$out"

export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10300}"
export AZURITE_DIR="$out/azurite"
source "$repo/infra/azurite-env.sh"
export AzureWebJobsStorage="$AZURITE_CONNECTION_STRING"
export OMP_WAIT_POLICY=PASSIVE
bash "$repo/infra/start-azurite.sh" >/dev/null
worker_pid=""
cleanup() { [ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null; bash "$repo/infra/stop-azurite.sh" >/dev/null; }
trap cleanup EXIT

dotnet build "$repo/src/Cd4ml.Cli" -c Release -p:RestoreLockedMode=true -nologo -v quiet -clp:ErrorsOnly
cd4ml() { dotnet "$repo/src/Cd4ml.Cli/bin/Release/net10.0/cd4ml.dll" "$@"; }

# Four equal candidates: a grid over a learning rate that differs only in the fourth decimal.
stage_spec() {
  if [ -n "${BENCH_SPEC:-}" ]; then
    sed "0,/\"name\": *\"[^\"]*\"/s//\"name\": \"$1\"/" "$BENCH_SPEC" > "$out/$1.json"
    return
  fi
  cat > "$out/$1.json" <<JSON
{ "name": "$1", "task": "binary-classification", "label": "morekids", "positiveClass": "yes", "testFraction": 0.2, "seed": 42,
  "trainers": [ { "name": "LightGbm", "parameters": { "numberOfIterations": 100, "numberOfLeaves": 31, "learningRate": [0.1, 0.1001, 0.1002, 0.1003] } } ],
  "promotion": { "primaryMetric": "auc" } }
JSON
}

# A configuration is WORKERS x ACTIVITIES-PER-WORKER: 1x1, 1x2 (one per core, the default here) or 2x1.
stage_run() { # workers activities rep
  local hub="bench${1}x${2}r$RANDOM" name="stage-${1}x${2}-$3"
  stage_spec "$name"
  export Cd4ml__Durable__TaskHub="$hub" Cd4ml__Durable__MaxConcurrentActivities="$2"
  if [ "$1" = 2 ]; then
    cd4ml worker > "$out/$name-worker.log" 2>&1 &
    worker_pid=$!
    until grep -q "joined task hub" "$out/$name-worker.log"; do sleep 0.2; done
  fi
  cd4ml run -p "$out/$name.json" -d "$data" --json > "$out/$name.json.out" 2> "$out/$name.log"
  if [ -n "$worker_pid" ]; then kill "$worker_pid"; wait "$worker_pid" 2>/dev/null || true; worker_pid=""; fi
  unset Cd4ml__Durable__TaskHub Cd4ml__Durable__MaxConcurrentActivities
}

# The backend's overhead: one SDCA candidate on 300 rows, wall time of the whole command.
overhead_run() { # backend rep
  local name="tiny-${1,,}-$2" start end
  sed "s/\"credit-risk\"/\"$name\"/; s/\"trainers\": \[/\"trainers\": [ { \"name\": \"SdcaLogisticRegression\" } ], \"unused\": [/" \
    "$repo/samples/credit-risk/credit-risk.json" | python3 -c 'import json,sys; s=json.load(sys.stdin); s.pop("unused"); print(json.dumps(s))' > "$out/$name.json"
  head -301 "$repo/samples/credit-risk/credit-batch-1.csv" > "$out/$name.csv"
  start=$(date +%s.%N)
  Cd4ml__Durable__Backend="$1" Cd4ml__Durable__TaskHub="tiny$RANDOM" cd4ml run -p "$out/$name.json" -d "$out/$name.csv" --json > "$out/$name.json.out" 2> "$out/$name.log"
  end=$(date +%s.%N)
  echo "$1 $2 $(python3 -c "print($end - $start)")" >> "$out/overhead.txt"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq 1 "$reps"); do
  echo "== rep $rep: candidate stage, 1x1, 1x2, 2x1 (workers x activities each)"
  stage_run 1 1 "$rep"
  stage_run 1 2 "$rep"
  stage_run 2 1 "$rep"
  if [ "${BENCH_OVERHEAD:-1}" != 0 ]; then
    echo "== rep $rep: backend overhead, in memory then Azure Storage"
    overhead_run InMemory "$rep"
    overhead_run AzureStorage "$rep"
  fi
done

results="$here/results.txt"
if [ -n "${BENCH_DATA:-}${BENCH_SPEC:-}" ]; then results="$out/results.txt"; fi
python3 "$here/summary.py" "$out" | tee "$results"

#!/usr/bin/env bash
# Hyper-parameter search benchmark, side by side in one run (a few minutes on 2 cores):
#   a 16-point grid (LightGbm numberOfLeaves 8/16/32/64 x learningRate 0.025/0.05/0.1/0.2) against successive halving
#   over the same box (both parameters log-uniform), each one run of the real orchestration (in-process Durable worker,
#   private Azurite, real ML.NET) on fertility.csv (label morekids, positive "yes", as the training benchmark labels it).
#   Prints both strategies' training-stage wall time and the best selection AUC (inner validation split of the training
#   part; the holdout AUC beside it), and writes benchmarks/search/out/results.json with every rung.
# One benchmark process at a time. Not part of scripts/test.sh or CI. The figures go into benchmarks/RESULTS.md by hand.
#
# Settings (environment):
#   CD4ML_BENCH_DATASETS   folder of fertility.csv (default /work/shared/datasets); never copied here
#   BENCH_MAX_CANDIDATES   configurations in rung 0 (default 27)
#   BENCH_ETA              the halving factor (default 3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
project="$root/benchmarks/training"
datasets="${CD4ML_BENCH_DATASETS:-/work/shared/datasets}"
max_candidates="${BENCH_MAX_CANDIDATES:-27}"
eta="${BENCH_ETA:-3}"
out="$here/out"
[ -f "$datasets/fertility.csv" ] || { echo "run.sh: no fertility.csv in $datasets; set CD4ML_BENCH_DATASETS" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out/logs"
echo "load at start: $(cat /proc/loadavg)"
echo "== build (Release)"
dotnet build "$project/Cd4ml.Benchmarks.Training.csproj" -p:RestoreLockedMode=true -c Release -nologo -v quiet >"$out/logs/build.log" 2>&1 || { cat "$out/logs/build.log"; exit 1; }

echo "== grid 4x4 vs successive halving ($max_candidates configurations, eta $eta) on fertility.csv"
Logging__LogLevel__Default=Warning dotnet "$project/bin/Release/net10.0/Cd4ml.Benchmarks.Training.dll" search \
  --datasets "$datasets" --max-candidates "$max_candidates" --eta "$eta" --cache "$out/cache" --out "$out/results.json" \
  >"$out/logs/search.log" 2>&1 || { tail -50 "$out/logs/search.log"; exit 1; }
tail -2 "$out/logs/search.log"
echo "load at end: $(cat /proc/loadavg)"
rm -rf "$out/cache"

#!/usr/bin/env bash
# Training benchmark, everything side by side in one run (about 10-15 minutes on 2 cores):
#   1. prepares the train/test split of each dataset once (.NET), which every library then reads;
#   2. per thread count and dataset: ML.NET LightGbm (.NET), then native LightGBM, scikit-learn and xgboost (Python);
#   3. the candidate stage: 4 equal candidates through the real orchestration vs each alone;
#   4. prints the table with ratios, writes benchmarks/training/results.json and the training section of
#      benchmarks/RESULTS.md.
# One benchmark process at a time. Not part of scripts/test.sh or CI.
#
# Settings (environment):
#   CD4ML_BENCH_DATASETS   folder of fertility.csv and flights_3m.csv (default /work/shared/datasets); never copied here
#   BENCH_DATASETS         which datasets (default "fertility flights")
#   BENCH_THREADS          thread counts (default "1 2")
#   BENCH_REPS_FERTILITY   repetitions on fertility (default 3)
#   BENCH_REPS_FLIGHTS     repetitions on flights (default 1)
#   BENCH_CANDIDATE_REPS   repetitions of the candidate stage with LightGbm, the one the target is about (default 2)
#   BENCH_CANDIDATE_TRAINERS  trainers for the candidate stage (default "LightGbm FastTree"; the others run once, as a contrast)
#   OMP_WAIT_POLICY        OpenMP waiting of every library (default PASSIVE: on a shared machine spinning threads made
#                          2-thread runs up to 10x slower for all of them; it changes nothing at 1 thread)
#   PYTHON                 a Python with pandas, scikit-learn and xgboost (default /usr/bin/python3, Debian's)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
datasets="${CD4ML_BENCH_DATASETS:-/work/shared/datasets}"
which_datasets="${BENCH_DATASETS:-fertility flights}"
threads="${BENCH_THREADS:-1 2}"
candidate_reps="${BENCH_CANDIDATE_REPS:-2}"
candidate_trainers="${BENCH_CANDIDATE_TRAINERS:-LightGbm FastTree}"
python="${PYTHON:-/usr/bin/python3}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
out="$here/out"
command="$0${*:+ $*}"
for name in CD4ML_BENCH_DATASETS BENCH_DATASETS BENCH_THREADS BENCH_REPS_FERTILITY BENCH_REPS_FLIGHTS BENCH_CANDIDATE_REPS BENCH_CANDIDATE_TRAINERS; do
  if [ -n "${!name:-}" ]; then command="$name=\"${!name}\" $command"; fi
done

"$python" -c 'import pandas, sklearn, xgboost, threadpoolctl' 2>/dev/null || {
  echo "run.sh: $python lacks pandas, scikit-learn or xgboost (apt-get install python3-pandas python3-sklearn python3-xgboost)" >&2; exit 1; }
[ -f "$datasets/fertility.csv" ] || { echo "run.sh: no fertility.csv in $datasets; set CD4ML_BENCH_DATASETS" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out/logs"
cat /proc/loadavg > "$out/load-start.txt"

echo "== build (Release)"
dotnet build "$here/Cd4ml.Benchmarks.Training.csproj" -p:RestoreLockedMode=true -c Release -nologo -v quiet >"$out/logs/build.log" 2>&1 || { cat "$out/logs/build.log"; exit 1; }
bench() { dotnet "$here/bin/Release/net10.0/Cd4ml.Benchmarks.Training.dll" "$@"; }

# The native library the Python side loads: the LightGBM NuGet package the benchmark project references.
lightgbm_version="$(sed -n 's/.*PackageVersion Include="LightGBM" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")"
packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
lib="${packages%/}/lightgbm/$lightgbm_version/runtimes/linux-x64/native/lib_lightgbm.so"
[ -f "$lib" ] || { echo "run.sh: $lib not found (restore the benchmark project first)" >&2; exit 1; }

echo "== prepare splits from $datasets"
for dataset in $which_datasets; do
  bench prepare --datasets "$datasets" --out "$out" --only "$dataset"
done

for t in $threads; do
  for dataset in $which_datasets; do
    if [ "$dataset" = flights ]; then reps="${BENCH_REPS_FLIGHTS:-1}"; else reps="${BENCH_REPS_FERTILITY:-3}"; fi
    echo "== $dataset, $t thread(s), $reps repetition(s)"
    bench mlnet --split "$out/$dataset" --threads "$t" --reps "$reps" --out "$out/mlnet-$dataset-t$t.json"
    "$python" "$here/baselines.py" --split "$out/$dataset" --threads "$t" --reps "$reps" --lib "$lib" --out "$out/python-$dataset-t$t.json"
  done
done

for trainer in $candidate_trainers; do
  if [ "$trainer" = LightGbm ]; then reps="$candidate_reps"; else reps=1; fi
  echo "== candidate stage: 4 x $trainer through the orchestration, $reps repetition(s)"
  Logging__LogLevel__Default=Warning bench candidates --datasets "$datasets" --trainer "$trainer" --count 4 --reps "$reps" \
    --cache "$out/cache" --out "$out/candidates-$trainer.json" >"$out/logs/candidates-$trainer.log" 2>&1 \
    || { tail -50 "$out/logs/candidates-$trainer.log"; exit 1; }
  tail -1 "$out/logs/candidates-$trainer.log"
done

echo "== report"
"$python" "$here/report.py" --out-dir "$out" --repo "$root" --command "$command" \
  --results "$here/results.json" --markdown "$root/benchmarks/RESULTS.md"

#!/usr/bin/env bash
# Data profiler benchmark (see benchmarks/README.md). Not run in CI: it needs ~1.2 GB of disk, several GB of memory
# for pandas, and a quiet machine. One heavy process at a time; every figure comes from this one run.
#
#   bash benchmarks/profiler/run.sh            # builds the data once, then measures
#   CD4ML_BENCH_CACHE=/path bash ...           # where the generated CSVs live (default /var/tmp/cd4ml-bench)
#   SKIP_PANDAS=1 bash ...                     # only the .NET side
#   REPEAT=5 bash ...                          # Sep and profiler runs each (default 3; the summary takes medians)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source_csv="${SOURCE_CSV:-$repo/../shared/datasets/flights_3m.csv}"
[[ -f "$source_csv" ]] || source_csv=/work/shared/datasets/flights_3m.csv
cache="${CD4ML_BENCH_CACHE:-/var/tmp/cd4ml-bench}"
python=/usr/bin/python3 # Debian's, with python3-pandas; not a pyenv one
mkdir -p "$cache"

# (a) The data: flights_3m.csv's data rows repeated under one header, to >= 1 GB, and one copy (~100 MB).
small="$cache/flights_100mb.csv"
large="$cache/flights_1gb.csv"
if [[ ! -f "$small" ]]; then
  cp "$source_csv" "$small.tmp" && mv "$small.tmp" "$small"
fi
if [[ ! -f "$large" ]]; then
  {
    head -n 1 "$source_csv"
    copies=$(( (1000000000 + $(stat -c %s "$source_csv") - 1) / $(stat -c %s "$source_csv") ))
    for _ in $(seq "$copies"); do tail -n +2 "$source_csv"; done
  } > "$large.tmp"
  mv "$large.tmp" "$large"
fi

# The .NET side, built once in Release.
dotnet build "$repo/benchmarks/profiler/Cd4ml.Benchmarks.Profiler.csproj" -p:RestoreLockedMode=true -c Release --nologo -v quiet > /dev/null
bench="$repo/benchmarks/profiler/bin/Release/net10.0/Cd4ml.Benchmarks.Profiler"

# Reads the file once so every contender starts from the page cache.
warm() { cat "$1" > /dev/null; }

echo "# machine"
echo "cpu: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) cores; ram: $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "os: $(. /etc/os-release; echo "$PRETTY_NAME"); .NET $(dotnet --version); pandas $("$python" -c 'import pandas; print(pandas.__version__)' 2>/dev/null || echo none)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "files: $(stat -c '%n %s bytes' "$small"); $(stat -c '%n %s bytes' "$large")"

results="$cache/results.jsonl"
: > "$results"
run() { "$@" | tee -a "$results"; }

# (b) One file, three contenders, one thread each (taskset pins each to one core). Sep and the profiler alternate
# REPEAT times, so a burst of other work on the machine hits both; pandas runs once (about a minute).
echo "# throughput on the 1 GB file (one core each)"
for _ in $(seq "${REPEAT:-3}"); do
  warm "$large"
  run taskset -c 0 "$bench" sep "$large"
  warm "$large"
  run taskset -c 0 "$bench" profile "$large"
done
if [[ "${SKIP_PANDAS:-0}" != 1 ]]; then
  warm "$large"
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 run taskset -c 0 "$python" "$repo/benchmarks/profiler/pandas_profile.py" "$large"
fi

# (c) Peak memory of the profiler: ~100 MB against 1 GB of the same rows.
echo "# profiler peak memory on ~100 MB"
warm "$small"
run taskset -c 0 "$bench" profile "$small"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "# summary (medians)"
"$python" "$repo/benchmarks/profiler/summary.py" "$results" "$(stat -c %s "$large")"

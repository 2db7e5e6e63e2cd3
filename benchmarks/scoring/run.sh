#!/usr/bin/env bash
# Batch scoring benchmark (see benchmarks/README.md, "Batch scoring"). Not run in CI: it wants a quiet machine.
# Every figure comes from this one run; each scoring mode runs in its own process (peak memory is per process).
# Contenders on the same rows: raw (ML.NET's engine over a TextLoader), pipeline (the product's scoring path) and onnx
# (the champion's ONNX export on ONNX Runtime). Goal: pipeline rows/s >= 70% of raw's, and peak memory flat in file size
# (the 1M-row file's peak within 10% of the 250k-row file's); the summary says whether each held.
#
#   bash benchmarks/scoring/run.sh          # ~2 minutes on 2 cores
#   REPEAT=3 bash ...                       # runs per mode and size (default 3; the summary takes medians)
#   MODES="raw onnx" bash ...               # a subset of the contenders
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source_csv="${SOURCE_CSV:-/work/shared/datasets/flights_3m.csv}"
cache="${CD4ML_BENCH_CACHE:-/var/tmp/cd4ml-bench}/scoring"
repeat="${REPEAT:-3}"
modes="${MODES:-raw pipeline onnx}"
mkdir -p "$cache"

# The data: flights_3m.csv with the binary label late = (delay > 15) in place of delay. The first 200,000 rows train the
# champion; rows from 2,000,001 on are scored: 1,000,000 rows (large) and 250,000 rows (small), disjoint from training.
if [[ ! -f "$cache/score-1m.csv" ]]; then
  awk -F, 'NR == 1 { print "date,late,distance,origin,destination"; next }
           { print $1 "," ($2 > 15 ? "yes" : "no") "," $3 "," $4 "," $5 }' "$source_csv" > "$cache/flights-late.csv"
  head -n 200001 "$cache/flights-late.csv" > "$cache/train.csv"
  { head -n 1 "$cache/flights-late.csv"; tail -n +2000002 "$cache/flights-late.csv" | head -n 1000000; } > "$cache/score-1m.csv"
  head -n 250001 "$cache/score-1m.csv" > "$cache/score-250k.csv"
  rm "$cache/flights-late.csv"
fi

dotnet build "$repo/benchmarks/scoring/Cd4ml.Benchmarks.Scoring.csproj" -p:RestoreLockedMode=true -c Release --nologo -v quiet > /dev/null
bench="$repo/benchmarks/scoring/bin/Release/net10.0/Cd4ml.Benchmarks.Scoring"

echo "# machine"
echo "cpu: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); .NET $(dotnet --version)"
echo "# champion"
"$bench" train "$cache/train.csv" "$cache/model"
echo "# runs: mode rows seconds rows/s peak-MiB"
results="$cache/results.txt"
: > "$results"
for size in 1m 250k; do
  cat "$cache/score-$size.csv" > /dev/null # page cache, so both modes read from memory
  for _ in $(seq "$repeat"); do
    for mode in $modes; do
      line="$("$bench" "$mode" "$cache/model" "$cache/score-$size.csv")"
      echo "$size $line" | tee -a "$results"
    done
  done
done

echo "# summary (medians of rows/s, highest peak)"
summarize() {
  python3 - "$1" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    size, mode, rows, seconds, rate, peak = line.split()
    runs.setdefault((size, mode), []).append((float(rate), int(peak)))
rate = lambda size, mode: statistics.median(x[0] for x in runs[(size, mode)])
peak = lambda size, mode: max(x[1] for x in runs[(size, mode)])
modes = [m for m in ("raw", "pipeline", "onnx") if (("1m", m) in runs)]
for size in ("1m", "250k"):
    parts = [f"{m} {rate(size, m):,.0f} rows/s, peak {peak(size, m)} MiB" for m in modes]
    ratios = [f"{a}/{b} {100 * rate(size, a) / rate(size, b):.0f}%" for a, b in (("pipeline", "raw"), ("onnx", "raw"), ("pipeline", "onnx")) if a in modes and b in modes]
    print(f"{size} rows: " + "; ".join(parts) + " | " + ", ".join(ratios))
if "pipeline" in modes and "raw" in modes:
    share = min(rate(s, "pipeline") / rate(s, "raw") for s in ("1m", "250k"))
    print(f"goal pipeline >= 70% of raw: {'met' if share >= 0.7 else 'NOT met'} (lowest {100 * share:.0f}%)")
for m in modes:
    growth = peak("1m", m) / peak("250k", m)
    print(f"goal {m} memory flat in file size (4x the rows): {'met' if growth <= 1.1 else 'NOT met'} (peak x{growth:.2f})")
PY
}
summarize "$results"

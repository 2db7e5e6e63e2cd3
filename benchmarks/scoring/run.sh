#!/usr/bin/env bash
# Batch scoring benchmark (see benchmarks/README.md, "Batch scoring"). Not run in CI: it wants a quiet machine.
# Every figure comes from this one run; each scoring mode runs in its own process (peak memory is per process).
#
#   bash benchmarks/scoring/run.sh          # ~2 minutes on 2 cores
#   REPEAT=3 bash ...                       # runs per mode and size (default 3; the summary takes medians)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source_csv="${SOURCE_CSV:-/work/shared/datasets/flights_3m.csv}"
cache="${CD4ML_BENCH_CACHE:-/var/tmp/cd4ml-bench}/scoring"
repeat="${REPEAT:-3}"
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
    for mode in raw pipeline; do
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
for size in ("1m", "250k"):
    raw, pipeline = runs[(size, "raw")], runs[(size, "pipeline")]
    r, p = statistics.median(x[0] for x in raw), statistics.median(x[0] for x in pipeline)
    print(f"{size} rows: raw {r:,.0f} rows/s, pipeline {p:,.0f} rows/s ({100 * p / r:.0f}% of raw); "
          f"peak MiB raw {max(x[1] for x in raw)}, pipeline {max(x[1] for x in pipeline)}")
PY
}
summarize "$results"

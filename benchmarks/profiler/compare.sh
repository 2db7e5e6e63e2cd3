#!/usr/bin/env bash
# Profiler contenders side by side on one file (see benchmarks/README.md): `cd4ml profile` (the built command, blocks of
# rows on every core), the same command on one thread (`--threads 1`), DuckDB SUMMARIZE (npm @duckdb/node-api, pinned in duckdb/),
# and pandas. Each contender is one whole process timed from outside (process start included) by /usr/bin/time; the
# contenders alternate within each round, and every ratio is taken within a round, so other work on the machine hits
# them alike. Then cd4ml's peak memory on ~100 MB against ~1 GB of the same rows.
#
#   bash benchmarks/profiler/compare.sh                 # REPEAT=3 rounds on flights_3m.csv
#   REPEAT=5 FILE=/path/x.csv SKIP_LARGE=1 bash ...     # more rounds, another file, no 1 GB memory check
#   OUT=/tmp/mine bash ...                              # where the outputs go (default: the cache folder's compare/)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
file="${FILE:-/work/shared/datasets/flights_3m.csv}"
cache="${CD4ML_BENCH_CACHE:-/var/tmp/cd4ml-bench}"
python=/usr/bin/python3 # Debian's, with python3-pandas
out="${OUT:-$cache/compare}"
mkdir -p "$out"
"$python" -c 'import pandas' 2> /dev/null || { echo "compare.sh: $python needs pandas: apt-get install python3-pandas" >&2; exit 1; }

(cd "$repo/benchmarks/profiler/duckdb" && npm ci --silent --no-audit --no-fund > /dev/null)
dotnet build "$repo/src/Cd4ml.Cli/Cd4ml.Cli.csproj" -p:RestoreLockedMode=true -c Release --nologo -v quiet > /dev/null
cli="$repo/src/Cd4ml.Cli/bin/Release/net10.0/cd4ml"

echo "# machine"
echo "cpu: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) cores; ram: $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "os: $(. /etc/os-release; echo "$PRETTY_NAME"); .NET $(dotnet --version); node $(node --version);" \
  "duckdb $(node -p 'require(process.argv[1]).version' "$repo/benchmarks/profiler/duckdb/node_modules/@duckdb/node-api/package.json");" \
  "pandas $("$python" -c 'import pandas; print(pandas.__version__)')"
echo "commit: $(git -C "$repo" rev-parse --short HEAD); file: $file $(stat -c %s "$file") bytes"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

results="$out/results.jsonl"
: > "$results"
# One timed process: name, then the command. Prints and records {contender, round, wall, cpu, rssMb}.
measure() {
  local name="$1" round="$2"; shift 2
  cat "$file" > /dev/null # every contender starts from the page cache
  /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" "$@" > "$out/$name.out"
  read -r wall user sys rss < "$out/time.txt"
  printf '{"contender":"%s","round":%d,"wall":%s,"cpu":%.2f,"rssMb":%.1f}\n' \
    "$name" "$round" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)" | tee -a "$results"
}

echo "# rounds (whole processes; wall and CPU seconds, peak RSS)"
for round in $(seq "${REPEAT:-3}"); do
  echo "round $round, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  measure cd4ml "$round" "$cli" profile "$file"
  measure duckdb "$round" node "$repo/benchmarks/profiler/duckdb/duckdb_profile.mjs" "$file"
  measure cd4ml-1-thread "$round" "$cli" profile --threads 1 "$file"
  measure pandas "$round" "$python" "$repo/benchmarks/profiler/pandas_profile.py" "$file"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "${SKIP_LARGE:-0}" != 1 ]]; then
  large="$cache/flights_1gb.csv"
  if [[ ! -f "$large" ]]; then
    {
      head -n 1 "$file"
      for _ in $(seq 11); do tail -n +2 "$file"; done
    } > "$large.tmp"
    mv "$large.tmp" "$large"
  fi
  echo "# cd4ml profile peak memory: $(stat -c %s "$file") bytes, then $(stat -c %s "$large") bytes"
  measure cd4ml-memory 1 "$cli" profile "$file"
  file="$large" measure cd4ml-memory 2 "$cli" profile "$large"
fi

echo "# summary"
"$python" "$repo/benchmarks/profiler/compare_summary.py" "$results"

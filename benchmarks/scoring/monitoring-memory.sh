#!/usr/bin/env bash
# Monitoring memory in file size (benchmarks/RESULTS.md, "Monitoring: memory in file size"). Not run in CI.
# Trains a small credit champion with `cd4ml run`, scores a 100k-row and a 1M-row file with `cd4ml score`, puts each
# where batch scoring would (one pipeline each, the same 5,000 labelled rows), and measures the peak resident memory of
# `cd4ml monitor --evaluate` on each with /usr/bin/time. Needs Azurite: AZURITE_CONNECTION_STRING (infra/azurite-env.sh).
#
#   bash benchmarks/scoring/monitoring-memory.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${CD4ML_BENCH_CACHE:-/var/tmp/cd4ml-bench}/monitoring"
conn="${AZURITE_CONNECTION_STRING:?source infra/azurite-env.sh first}"
mkdir -p "$cache"

configuration="${CONFIGURATION:-Release}" # of the CLI; the peak memory of Debug and Release builds differs little
dotnet build "$repo/src/Cd4ml.Cli/Cd4ml.Cli.csproj" -p:RestoreLockedMode=true -c "$configuration" --nologo -v quiet > /dev/null
dotnet build "$repo/benchmarks/scoring/Cd4ml.Benchmarks.Scoring.csproj" -p:RestoreLockedMode=true -c Release --nologo -v quiet > /dev/null
cli=(dotnet "$repo/src/Cd4ml.Cli/bin/$configuration/net10.0/cd4ml.dll")
bench="$repo/benchmarks/scoring/bin/Release/net10.0/Cd4ml.Benchmarks.Scoring"

# Scoring files: the credit rows repeated (with their labels) to 100,000 and 1,000,000 rows.
for rows in 100000 1000000; do
  [[ -f "$cache/credit-$rows.csv" ]] || awk -v n="$rows" 'NR == 1 { print; next } { r[++k] = $0 } END { for (i = 0; i < n; i++) print r[(i % k) + 1] }' \
    "$repo/samples/credit-risk/credit-batch-2.csv" > "$cache/credit-$rows.csv"
done

echo "# machine"
echo "cpu: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); .NET $(dotnet --version)"
echo "# evaluations: rows input-MiB predictions-MiB seconds peak-MiB windows"
stamp="$(date +%s)"
for rows in 100000 1000000; do
  pipeline="monmem-$rows-$stamp"
  python3 - "$repo/samples/credit-risk/credit-risk.json" "$pipeline" > "$cache/$pipeline.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["name"] = sys.argv[2]
spec["trainers"] = [{"name": "SdcaLogisticRegression"}]
spec["monitoring"] = {"window": 50000, "minRows": 200}
print(json.dumps(spec))
PY
  "${cli[@]}" run -p "$cache/$pipeline.json" -d "$repo/samples/credit-risk/credit-batch-1.csv" --storage "$conn" > /dev/null
  "${cli[@]}" score -p "$pipeline" -d "$cache/credit-$rows.csv" --out "$cache/predictions-$rows.csv" --storage "$conn" > /dev/null
  "$bench" monitor-seed "$conn" "$pipeline" batch "$cache/credit-$rows.csv" "$cache/predictions-$rows.csv" 5000 Status > /dev/null
  /usr/bin/time -f "%e %M" -o "$cache/time-$rows.txt" "${cli[@]}" monitor -p "$pipeline" --evaluate --json --storage "$conn" > "$cache/report-$rows.json"
  read -r seconds kib < "$cache/time-$rows.txt"
  windows="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["windows"]))' "$cache/report-$rows.json")"
  echo "$rows $(( $(stat -c %s "$cache/credit-$rows.csv") >> 20 )) $(( $(stat -c %s "$cache/predictions-$rows.csv") >> 20 )) $seconds $(( kib >> 10 )) $windows"
done

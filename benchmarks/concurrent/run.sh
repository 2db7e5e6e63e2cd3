#!/usr/bin/env bash
# Twelve concurrent runs of one pipeline, end to end, as a new user would start them: push the credit-risk spec, start
# `cd4ml serve`, drop 12 different 3,000-row samples of credit_data.csv into datasets/{pipeline}/ at once, and time
# until all 12 run reports are written. Prints wall time, runs per minute, versions published and alias moves.
#   CD4ML_CLI             a built cd4ml.dll to measure (default: this checkout, built in Release)
#   CD4ML_BENCH_DATASETS  folder with credit_data.csv (default /work/shared/datasets)
#   BENCH_STORAGE         an Azurite connection string to use instead of starting one (port 10320)
#   BENCH_HTTP_PORT       where `cd4ml serve` listens (default 7390)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${BENCH_OUT:-$repo/artifacts/bench-concurrent}"
rm -rf "$out" && mkdir -p "$out"
serve_pid="" own_azurite=""
if [ -n "${BENCH_STORAGE:-}" ]; then
  AZURITE_CONNECTION_STRING="$BENCH_STORAGE"
else
  export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10320}" AZURITE_DIR="$out/azurite"
  source "$repo/infra/azurite-env.sh"
  bash "$repo/infra/start-azurite.sh" >/dev/null
  own_azurite=1
fi
export AzureWebJobsStorage="$AZURITE_CONNECTION_STRING"
cleanup() { [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null; [ -n "$own_azurite" ] && bash "$repo/infra/stop-azurite.sh" >/dev/null; true; }
trap cleanup EXIT

cli="${CD4ML_CLI:-}"
if [ -z "$cli" ]; then
  dotnet build "$repo/src/Cd4ml.Cli" -c Release -p:RestoreLockedMode=true -nologo -v quiet -clp:ErrorsOnly
  cli="$repo/src/Cd4ml.Cli/bin/Release/net10.0/cd4ml.dll"
fi

pipeline="bench12-$RANDOM"
sed "s/\"credit-risk\"/\"$pipeline\"/" "$repo/samples/credit-risk/credit-risk.json" > "$out/$pipeline.json"
python3 - "${CD4ML_BENCH_DATASETS:-/work/shared/datasets}/credit_data.csv" "$out" <<'PY'
import random, sys
lines = open(sys.argv[1]).read().splitlines()
header, rows = lines[0], lines[1:]
for i in range(12):
    sample = random.Random(i + 1).sample(rows, 3000)
    open(f"{sys.argv[2]}/drop-{i:02}.csv", "w").write("\n".join([header] + sample) + "\n")
PY
dotnet "$cli" pipelines push "$out/$pipeline.json" > "$out/push.log" 2>&1
export Cd4ml__Durable__TaskHub="bench12h$RANDOM" Cd4ml__DatasetPoller__Interval="00:00:01"
dotnet "$cli" serve --urls "http://127.0.0.1:${BENCH_HTTP_PORT:-7390}" > "$out/serve.log" 2>&1 &
serve_pid=$!
until curl -fs "http://127.0.0.1:${BENCH_HTTP_PORT:-7390}/api/models/$pipeline" >/dev/null 2>&1; do sleep 0.5; done
echo "machine: $(nproc) cores; load at start: $(cut -d' ' -f1-3 /proc/loadavg); cli: $cli"

start=$(date +%s.%N)
uploads=()
for i in $(seq -w 0 11); do
  python3 -c "import sys; sys.path.insert(0, '$here'); import blobs; blobs.put('$AZURITE_CONNECTION_STRING', 'datasets', '$pipeline/drop-$i.csv', open('$out/drop-$i.csv','rb').read())" &
  uploads+=($!)
done
wait "${uploads[@]}"
until [ "$(python3 "$here/blobs.py" "$AZURITE_CONNECTION_STRING" count runs "$pipeline/" report.json)" -ge 12 ]; do sleep 0.5; done
end=$(date +%s.%N)
wall=$(python3 -c "print(round($end - $start, 1))")
versions=$(python3 "$here/blobs.py" "$AZURITE_CONNECTION_STRING" count models "$pipeline/versions/" manifest.json)
moves=$(dotnet "$cli" models history --pipeline "$pipeline" --json | python3 -c "import json,sys; print(sum(1 for e in json.load(sys.stdin)['entries'] if e['action'] in ('promote','rollback')))")
echo "12 runs: wall ${wall} s, $(python3 -c "print(round(12 * 60 / $wall, 1))") runs/minute; versions published: $versions; alias moves: $moves; load at end: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# One `cd4ml run` per runtime setting, alternating in rounds, so settings that are per process (tiered compilation,
# GC modes) are compared side by side on the same data and spec. Prints, per run: wall and process CPU seconds, peak
# resident memory, and each candidate's final fit, selection fit and first metric (equal metrics: same models).
#   bash benchmarks/training/alternate-env.sh DATA.csv SPEC.json ROUNDS SETTING...
#   bash benchmarks/training/alternate-env.sh /work/shared/datasets/fertility.csv spec.json 2 X=1 DOTNET_TieredPGO=0
# A SETTING is NAME=VALUE put in the run's environment (X=1 changes nothing: the default). Every run gets a new
# pipeline name and task hub. Starts its own Azurite (AZURITE_BLOB_PORT, default 10400); uses the Release CLI build.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,8p' "$0"; exit 2; }
data="$1"; spec="$2"; rounds="$3"; shift 3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/benchmarks/training/out/alternate"
rm -rf "$out" && mkdir -p "$out"
export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10400}" AZURITE_DIR="$out/azurite"
source "$root/infra/azurite-env.sh"
export AzureWebJobsStorage="$AZURITE_CONNECTION_STRING" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
bash "$root/infra/start-azurite.sh" >/dev/null
trap 'bash "$root/infra/stop-azurite.sh" >/dev/null' EXIT
dotnet build "$root/src/Cd4ml.Cli" -c Release -p:RestoreLockedMode=true -nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }

echo "machine: $(nproc) cores; load at start: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$root" rev-parse --short HEAD)"
n=0
for round in $(seq "$rounds"); do
  for setting in "$@"; do
    n=$((n + 1))
    # The spec's first "name" is the pipeline's.
    sed "0,/\"name\": *\"[^\"]*\"/s//\"name\": \"alternate$n\"/" "$spec" > "$out/spec-$n.json"
    env "$setting" Cd4ml__Durable__TaskHub="alternate$n$RANDOM" /usr/bin/time -o "$out/time-$n.txt" -f "%e %U %S %M" \
      dotnet "$root/src/Cd4ml.Cli/bin/Release/net10.0/cd4ml.dll" run -p "$out/spec-$n.json" -d "$data" --json \
      > "$out/run-$n.json" 2> "$out/run-$n.log" || true
    python3 - "$round" "$setting" "$out/time-$n.txt" "$out/run-$n.json" "$out/run-$n.log" <<'PY'
import json, sys
round_, setting, time_file, record_file, log_file = sys.argv[1:]
wall, user, system, peak_kb = open(time_file).read().split()[-4:]
try:
    candidates = json.load(open(record_file))["candidates"]
except (OSError, ValueError):
    print(f"round {round_} {setting}: FAILED\n{open(log_file).read()[-600:]}")
    sys.exit()
fits = [round(c["trainingSeconds"], 2) for c in candidates]
selection = [round(c.get("steps", {}).get("validation", 0), 2) for c in candidates]
metric = [round(next(iter(c["metrics"].values())), 5) for c in candidates]
print(f"round {round_} {setting:28s} wall {float(wall):6.2f} s  cpu {float(user) + float(system):6.2f} s  "
      f"peak {int(peak_kb) // 1024} MiB  fits {fits}  selection fits {selection}  metric {metric}")
PY
  done
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"

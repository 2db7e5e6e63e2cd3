#!/usr/bin/env bash
# Runs every test of the solution against Azurite, then the docs check (scripts/check-docs.sh), and ends with the line
# "N passed, N failed" (each bash block of the docs that ran counts as one test).
# Starts the pinned Azurite (installing it with npm ci when missing) unless one already answers on
# AZURITE_BLOB_PORT (default 10000), and stops it again if this script started it.
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Registry).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib/preflight.sh
require_dotnet
require_node
# The dashboard's browser tests fail (they never skip) without it.
require_chromium || true
# Packages come from the committed lock files only; a mismatch stops here with one line.
restore_locked || { echo "0 passed, 1 failed"; exit 1; }

export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
export AZURITE_DIR="${AZURITE_DIR:-$root/infra/.azurite-test}"
source infra/azurite-env.sh
export CD4ML_TEST_STORAGE="$AZURITE_CONNECTION_STRING"

started_here=0
if ! (exec 3<>"/dev/tcp/127.0.0.1/$AZURITE_BLOB_PORT") 2>/dev/null; then
  bash infra/start-azurite.sh || { echo "0 passed, 1 failed"; exit 1; }
  started_here=1
fi
cleanup() { if [ "$started_here" = 1 ]; then bash infra/stop-azurite.sh >/dev/null; fi; }
trap cleanup EXIT

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet test Cd4ml.Functions.sln "${locked_build_args[@]}" --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

# The docs check (scripts/check-docs.sh) runs every bash block of README.md and docs/*.md; each block that ran counts as
# passed, each failed block as failed. It runs on a full run (no arguments) or with DOCS_CHECK=1; DOCS_CHECK=0 leaves it
# out. Its Azurite is a fresh one on the same ports, so the blocks do not see what the tests left behind.
docs_ran=0; docs_failed=0
if [ "${DOCS_CHECK:-$([ $# -eq 0 ] && echo 1 || echo 0)}" = 1 ]; then
  if [ "$started_here" = 1 ]; then bash infra/stop-azurite.sh >/dev/null; started_here=0; fi
  cli_dll="$root/src/Cd4ml.Cli/bin/Debug/net10.0/cd4ml.dll"
  [ -f "$cli_dll" ] && export CD4ML_DLL="$cli_dll"
  bash scripts/check-docs.sh | tee "$results/docs-check.txt"
  summary="$(grep -E '^docs-check: [0-9]+ ran' "$results/docs-check.txt" | tail -1)"
  docs_ran="$(sed -n 's/^docs-check: \([0-9]*\) ran.*/\1/p' <<<"$summary")"
  docs_failed="$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$summary")"
  if [ -z "$summary" ]; then docs_ran=0; docs_failed=1; fi
fi

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done

# The names of failed tests, last, so a log that keeps only its tail still says which ones.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/FAILED  \1/p'
done

passed=$((passed + ${docs_ran:-0})); failed=$((failed + ${docs_failed:-0}))

# A build failure or a crashed test host produces no (or fewer) TRX counts: it still fails the run.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]

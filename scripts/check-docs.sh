#!/usr/bin/env bash
# Runs every fenced ```bash block of README.md and docs/*.md, as written, in a temporary copy of the repository,
# against Azurite, with the real Azure CLI (installed from Debian's azure-cli when missing) and the cd4ml built from
# this tree. A block passes when it exits 0 (it runs with `set -eo pipefail`, so every command counts).
#
# Marking a block that cannot run here: put one HTML comment on the line just before its opening fence
# (blank lines between are allowed), with the reason after the keyword:
#   <!-- docs-check: skip needs an Azure subscription -->    never run here; the reason is printed
#   <!-- docs-check: slow builds and trains three times -->   run only with DOCS_CHECK_SLOW=1
# Skipped blocks are still read by the parser tests (tests/Cd4ml.Cli.Tests/Docs): their cd4ml command lines
# must parse, and their JSON pipeline specs must be valid.
#
# What the check changes for a block, so that it runs beside other work on one machine:
#   - `cd4ml …` and `dotnet run --project src/Cd4ml.Cli … -- …` run the cd4ml built from this tree;
#   - AZURITE_BLOB_PORT/QUEUE/TABLE and AzureWebJobsStorage point at the check's Azurite (blocks should use
#     `source infra/azurite-env.sh` and "$AZURITE_CONNECTION_STRING" rather than a port);
#   - `cd4ml serve` and `cd4ml worker` (long-running) are started in the background; the command returns once the
#     process says it is ready, and the check stops it after the block (SIGTERM) and fails the block if it died
#     early. serve listens on a free port, and 127.0.0.1:7071 / localhost:7071 in the block are rewritten to it.
#
# Usage: bash scripts/check-docs.sh [FILE.md ...]      (default: README.md docs/*.md)
#   CD4ML_DLL        a built cd4ml.dll to use instead of building src/Cd4ml.Cli
#   DOCS_CHECK_SLOW  1 also runs the blocks marked slow
#   AZURITE_*        as in infra/azurite-env.sh; when nothing answers there, the check starts (and stops) its own
# Prints one line per block and ends with "docs-check: N ran, N skipped, N failed"; exits 1 when a block failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib/preflight.sh

block_timeout="${DOCS_CHECK_BLOCK_TIMEOUT:-300}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cd4ml-docs-check.XXXXXX")"
azurite_started=0

cleanup() {
  if [ -d "$work/procs" ]; then stop_long_running >/dev/null 2>&1; fi
  if [ "$azurite_started" = 1 ]; then AZURITE_DIR="$work/azurite" bash infra/stop-azurite.sh >/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM

fail_setup() { echo "docs-check: $*" >&2; echo "docs-check: 0 ran, 0 skipped, 1 failed"; exit 1; }

# The Azure CLI: Debian's azure-cli package (2.45 on Debian 12), as a user following the docs would install it.
ensure_az() {
  command -v az >/dev/null 2>&1 && return 0
  local apt
  if [ "$(id -u)" = 0 ]; then apt=(apt-get)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then apt=(sudo -n apt-get)
  else fail_setup "the Azure CLI (az) is missing and cannot be installed here (not root, no passwordless sudo); install azure-cli"; fi
  echo "docs-check: installing the Azure CLI (apt-get install azure-cli); this takes a few minutes once"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${apt[@]}" install -y -q --no-install-recommends azure-cli >"$work/apt.log" 2>&1; then
    "${apt[@]}" update -q >>"$work/apt.log" 2>&1
    "${apt[@]}" install -y -q --no-install-recommends azure-cli >>"$work/apt.log" 2>&1 \
      || { tail -20 "$work/apt.log" >&2; fail_setup "apt-get install azure-cli failed"; }
  fi
  az version >/dev/null 2>&1 || fail_setup "az was installed but does not run"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 10000))
}

# --- Blocks: one file per ```bash block, and an index line "file<TAB>line<TAB>kind<TAB>block file<TAB>reason".
extract_blocks() {
  local index="$work/blocks.tsv" n=0 file
  : >"$index"
  for file in "$@"; do
    awk -v file="$file" -v dir="$work/blocks" -v start="$n" '
      BEGIN { n = start; marker = "" }
      !inblock && /^[ \t]*```/ {
        indent = index($0, "```") - 1
        lang = substr($0, indent + 4); sub(/[ \t].*/, "", lang)
        inblock = 1; line = NR
        if (lang == "bash") {
          n++; out = sprintf("%s/%04d.sh", dir, n); printf "" > out
          kind = "run"; reason = ""
          if (match(marker, /docs-check: *(skip|slow)/)) {
            m = substr(marker, RSTART, RLENGTH); kind = (m ~ /skip$/) ? "skip" : "slow"
            reason = substr(marker, RSTART + RLENGTH); sub(/-->.*/, "", reason); gsub(/^[ \t]+|[ \t]+$/, "", reason)
          }
          printf "%s\t%d\t%s\t%s\t%s\n", file, line, kind, out, reason
        } else { out = "" }
        marker = ""; next
      }
      inblock && /^[ \t]*```[ \t]*$/ { if (out != "") close(out); inblock = 0; out = ""; next }
      inblock {
        # A block inside a list item is indented like its fence: the commands start after that indentation.
        text = $0
        for (k = 0; k < indent && substr(text, 1, 1) == " "; k++) text = substr(text, 2)
        if (out != "") print text > out
        next
      }
      /^[ \t]*$/ { next }
      { marker = ($0 ~ /^[ \t]*<!-- *docs-check:/) ? $0 : "" }
      END { if (inblock && out != "") printf "%s:%d: unclosed ```bash block\n", file, line > "/dev/stderr" }
    ' "$file" >>"$index"
    n="$(wc -l <"$index")"
  done
}

# The commands a block sees: cd4ml from the build, and `dotnet run --project src/Cd4ml.Cli … --` mapped to it.
write_shims() {
  mkdir -p "$work/bin" "$work/procs"
  cat >"$work/bin/cd4ml" <<'SHIM'
#!/usr/bin/env bash
# cd4ml from the build. serve and worker run in the background until the docs check stops them.
case "${1:-}" in
  serve|worker) ;;
  *) exec dotnet "$CD4ML_DLL" "$@" ;;
esac
args=("$@")
ready="joined task hub"
if [ "$1" = serve ]; then
  ready="cd4ml serve: API on"
  case " $* " in *" --urls "*|*" --urls="*) ;; *) args+=(--urls "http://127.0.0.1:$DOCS_SERVE_PORT") ;; esac
fi
log="$(mktemp "$DOCS_CHECK_PROCS/$1.XXXXXX")"
( dotnet "$CD4ML_DLL" "${args[@]}" >"$log" 2>&1 & echo $! >"$log.pid"; wait $!; echo $? >"$log.rc" ) &
for _ in $(seq 1 360); do
  if grep -q "$ready" "$log" 2>/dev/null; then echo "docs-check: cd4ml $1 is running (pid $(cat "$log.pid")), started in the background"; exit 0; fi
  if [ -f "$log.rc" ]; then echo "docs-check: cd4ml $1 exited with $(cat "$log.rc") before it was ready:" >&2; tail -20 "$log" >&2; exit 1; fi
  sleep 0.5
done
echo "docs-check: cd4ml $1 was not ready within 180 s:" >&2; tail -20 "$log" >&2
exit 1
SHIM
  chmod +x "$work/bin/cd4ml"
  cat >"$work/prelude.sh" <<'PRELUDE'
dotnet() {
  if [ "${1:-}" = run ]; then
    local args=("$@") i project=""
    for ((i = 1; i < ${#args[@]}; i++)); do
      case "${args[i]}" in --project) project="${args[i + 1]:-}" ;; --) break ;; esac
    done
    case "$project" in src/Cd4ml.Cli|src/Cd4ml.Cli/|./src/Cd4ml.Cli) cd4ml "${args[@]:i+1}"; return ;; esac
  fi
  command dotnet "$@"
}
# A command started with & (serve &, worker &) still reports whether it became ready before the block ends.
trap wait EXIT
set -eo pipefail
PRELUDE
}

# Stops what a block left running (by pid), and fails when one of them had already died.
stop_long_running() {
  local status=0 pidfile pid log name
  for pidfile in "$work/procs"/*.pid; do
    [ -f "$pidfile" ] || continue
    log="${pidfile%.pid}"; pid="$(cat "$pidfile")"; name="$(basename "$log")"; name="${name%%.*}"
    if [ -f "$log.rc" ]; then
      echo "    cd4ml $name (pid $pid) died during the block with exit code $(cat "$log.rc"):"
      tail -15 "$log" | sed 's/^/    | /'
      status=1
      continue
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do [ -f "$log.rc" ] && break; sleep 0.5; done
    if [ ! -f "$log.rc" ]; then
      echo "    cd4ml $name (pid $pid) did not stop within 30 s of SIGTERM; killed"
      kill -KILL "$pid" 2>/dev/null || true
      status=1
    fi
  done
  rm -f "$work/procs"/*
  return $status
}

run_block() {
  local file="$1" line="$2" block="$3" started status out="$work/out.txt"
  export DOCS_SERVE_PORT
  DOCS_SERVE_PORT="$(free_port)"
  sed -e "s/127\.0\.0\.1:7071/127.0.0.1:$DOCS_SERVE_PORT/g" -e "s/localhost:7071/localhost:$DOCS_SERVE_PORT/g" "$block" \
    | cat "$work/prelude.sh" - >"$work/current.sh"
  started=$SECONDS
  (cd "$work/repo" && timeout -k 10 "$block_timeout" bash "$work/current.sh") </dev/null >"$out" 2>&1
  status=$?
  stop_long_running </dev/null >>"$out" || { [ "$status" = 0 ] && status=1; }
  if [ "$status" = 0 ]; then
    echo "  ok    $file:$line ($((SECONDS - started)) s)"
    return 0
  fi
  [ "$status" = 124 ] && echo "  FAIL  $file:$line: timed out after $block_timeout s" \
    || echo "  FAIL  $file:$line: exit code $status ($((SECONDS - started)) s); the block:"
  sed 's/^/    > /' "$block"
  echo "    output (last 40 lines):"
  tail -40 "$out" | sed 's/^/    | /'
  return 1
}

# --- Setup
files=("$@")
if [ ${#files[@]} -eq 0 ]; then files=(README.md docs/*.md); fi
for f in "${files[@]}"; do [ -f "$f" ] || fail_setup "no such file: $f"; done
mkdir -p "$work/blocks"
extract_blocks "${files[@]}"

require_dotnet
command -v curl >/dev/null 2>&1 || fail_setup "curl is required"
ensure_az

if [ -z "${CD4ML_DLL:-}" ]; then
  restore_locked || fail_setup "restore failed"
  dotnet build src/Cd4ml.Cli "${locked_build_args[@]}" -nologo -v q -clp:ErrorsOnly >"$work/build.log" 2>&1 \
    || { tail -20 "$work/build.log" >&2; fail_setup "dotnet build src/Cd4ml.Cli failed"; }
  CD4ML_DLL="$root/src/Cd4ml.Cli/bin/Debug/net10.0/cd4ml.dll"
fi
[ -f "$CD4ML_DLL" ] || fail_setup "no cd4ml at $CD4ML_DLL"
export CD4ML_DLL

export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
source infra/azurite-env.sh
if ! (exec 3<>"/dev/tcp/127.0.0.1/$AZURITE_BLOB_PORT") 2>/dev/null; then
  AZURITE_DIR="$work/azurite" bash infra/start-azurite.sh >/dev/null || fail_setup "Azurite did not start"
  azurite_started=1
fi

# The temporary copy: tracked and new files as they are in the work tree, without build output.
mkdir -p "$work/repo"
git ls-files -z -co --exclude-standard | xargs -0 tar -cf - | tar -xf - -C "$work/repo"

write_shims
export PATH="$work/bin:$PATH" DOCS_CHECK_PROCS="$work/procs"
export AZURITE_DIR="$work/azurite-blocks" AzureWebJobsStorage="$AZURITE_CONNECTION_STRING"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 AZURE_CORE_COLLECT_TELEMETRY=no AZURE_CORE_NO_COLOR=1

# --- Run
ran=0; skipped=0; failed=0; begin=$SECONDS
echo "docs-check: $(wc -l <"$work/blocks.tsv") bash blocks in ${#files[@]} files; Azurite on 127.0.0.1:$AZURITE_BLOB_PORT; $(az version --query '"azure-cli"' -o tsv 2>/dev/null | sed 's/^/az /')"
while IFS=$'\t' read -r file line kind block reason; do
  if [ "$kind" = skip ] || { [ "$kind" = slow ] && [ "${DOCS_CHECK_SLOW:-0}" != 1 ]; }; then
    [ -n "$reason" ] || { echo "  FAIL  $file:$line: the docs-check: $kind marker gives no reason"; failed=$((failed + 1)); continue; }
    echo "  skip  $file:$line ($kind: $reason)"
    skipped=$((skipped + 1))
    continue
  fi
  if run_block "$file" "$line" "$block"; then ran=$((ran + 1)); else failed=$((failed + 1)); fi
done <"$work/blocks.tsv"

echo "docs-check: $ran ran, $skipped skipped, $failed failed ($((SECONDS - begin)) s)"
[ "$failed" -eq 0 ]

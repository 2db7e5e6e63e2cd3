# Sourced by scripts/*.sh: checks the tools they need and restores .NET packages from the committed lock files.
# Each check stops the script with one line that says what is missing and what to do.

# The .NET SDK that global.json asks for (10.0.x, any later feature band).
require_dotnet() {
  local version
  if ! version="$(dotnet --version 2>/dev/null)"; then
    echo "preflight: the .NET 10 SDK is required (dotnet not found on PATH); see global.json" >&2
    exit 1
  fi
  case "$version" in
    10.0.*) ;;
    *) echo "preflight: the .NET SDK $version does not satisfy global.json (10.0.100 or a later 10.0 feature band)" >&2
       exit 1 ;;
  esac
}

# Node 20 or newer with npm, for the pinned Azurite in infra/.
require_node() {
  local major
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "preflight: Node.js 20 or newer with npm is required for Azurite (infra/package.json); install it, e.g. apt-get install nodejs npm" >&2
    exit 1
  fi
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -lt 20 ]; then
    echo "preflight: Node.js $(node --version) is too old; Azurite $(sed -n 's/.*"azurite": "\(.*\)".*/\1/p' "$root/infra/package.json") needs Node 20 or newer" >&2
    exit 1
  fi
}

# Restores every project of the solution from its packages.lock.json and never resolves anew.
# When a project and its lock disagree (a package was added or changed without updating the lock), or a locked
# package is not served, it prints one line naming the project and the fix instead of NuGet's whole output.
restore_locked() {
  local log="$root/artifacts/restore.log" line projects
  mkdir -p "$root/artifacts"
  if dotnet restore "$root/Cd4ml.Functions.sln" --locked-mode -nologo -v q >"$log" 2>&1; then
    return 0
  fi
  projects="$(grep -E 'error NU1004' "$log" | sed -E 's/^([^ :]+\.csproj).*/\1/; s#^'"$root"'/##' | sort -u | paste -sd ' ' || true)"
  if [ -n "$projects" ]; then
    echo "restore: packages.lock.json out of date for $projects; after changing packages run: bash scripts/update-locks.sh (full log: artifacts/restore.log)" >&2
    return 1
  fi
  line="$(grep -m1 -E 'error NU1[0-9]{3}' "$log" || true)"
  if [ -n "$line" ]; then
    echo "restore: $(sed -E 's#^'"$root"'/##; s/ \[[^]]*\]$//' <<<"$line") (full log: artifacts/restore.log)" >&2
  else
    echo "restore: dotnet restore --locked-mode failed; see artifacts/restore.log" >&2
  fi
  return 1
}

# Build and test after restore_locked: no restore, and the Functions SDK's generated extensions project
# (which the build restores on its own) is held to its lock file too.
locked_build_args=(--no-restore -p:RestoreLockedMode=true)

# Chromium for the dashboard's browser tests (Debian's chromium package, driven by Playwright through
# CD4ML_CHROMIUM). Installs it with apt-get when missing and this script may (root, or sudo without a password).
require_chromium() {
  local found
  found="$(command -v chromium || command -v chromium-browser || true)"
  if [ -z "$found" ]; then
    local as_root=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root="sudo -n"; else
        echo "preflight: chromium is missing and cannot be installed without root; install it (apt-get install chromium) for the dashboard's browser tests" >&2
        return 1
      fi
    fi
    echo "preflight: installing chromium for the dashboard's browser tests" >&2
    $as_root apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 \
      || { $as_root apt-get update >/dev/null 2>&1 && $as_root apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; } \
      || { echo "preflight: apt-get install chromium failed" >&2; return 1; }
    found="$(command -v chromium)"
  fi
  export CD4ML_CHROMIUM="${CD4ML_CHROMIUM:-$found}"
}

#!/usr/bin/env bash
# Re-resolves every package and rewrites the packages.lock.json files, after a change to
# Directory.Packages.props or a project's PackageReferences. Commit the lock files it changes.
# See docs/dependencies.md for how versions are chosen and pinned.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib/preflight.sh
require_dotnet

dotnet restore Cd4ml.Functions.sln --force-evaluate -nologo
# The Functions SDK restores its generated extensions project during the build, outside the solution.
dotnet build src/Cd4ml.Functions --no-restore -p:RestoreForceEvaluate=true -nologo -v q -clp:ErrorsOnly
git status --short -- '*packages.lock.json'

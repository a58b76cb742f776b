#!/usr/bin/env bash
# The release path on a throwaway clone: changesets bumps versions and writes changelogs, then every public
# package goes through `pnpm publish --dry-run` (nothing is uploaded).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$root" "$work/repo"
cd "$work/repo"
pnpm install --frozen-lockfile --prefer-offline >/dev/null
pnpm -s build >/dev/null
pnpm -s changeset version >/dev/null
git diff --stat -- '*/package.json' '*/CHANGELOG.md' | tail -1
pnpm -r publish --dry-run --no-git-checks 2>&1 | grep -E '^npm notice (name|version):' | paste - - | sed 's/npm notice //g'

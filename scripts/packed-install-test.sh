#!/usr/bin/env bash
# Packs every package as it would be published, installs the tarballs with plain npm into a fresh project
# outside the workspace, and uses them there: list, a quick benchmark, validate.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tarballs" "$work/project"
for package in packages/core packages/backends packages/probes packages/engine packages/kit packages/resnet packages/bench-cli examples/highway; do
  (cd "$root/$package" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done
cd "$work/project"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz
npx --no-install skipbench list --json > list.json
node -e '
  const listing = require("./list.json");
  const found = listing.plugins.map((p) => `${p.name}@${p.version} (${p.source})`).sort();
  const expected = ["@skipbench/probes@1.0.0 (node_modules)", "@skipbench/resnet@1.0.0 (node_modules)", "skipbench-plugin-highway@1.0.0 (node_modules)"];
  if (JSON.stringify(found) !== JSON.stringify(expected)) { console.error("installed plugins found:", found); process.exit(1); }
  console.log("packed install: found " + found.join(", "));
'
npx --no-install skipbench run gradient --preset quick --depths 4 --norm none --init glorot --out gradient.json > /dev/null
npx --no-install skipbench validate gradient.json
node -e '
  const d = require("./gradient.json");
  const arches = [...new Set(d.cases.map((c) => c.arch))].sort().join(",");
  if (arches !== "highway.dense,resnet.basic,resnet.mlp" || d.cases.some((c) => c.status !== "ok")) { console.error("unexpected cases:", arches, d.cases.map((c) => c.status)); process.exit(1); }
  console.log("packed install: " + d.cases.length + " cases ok from node_modules plugins");
'

# An offline pack made from the npm install (the layout users have), with its own Node, copied elsewhere and
# run with an empty PATH: nothing outside the folder is used.
npx --no-install skipbench pack --out "$work/pack" --node > /dev/null
offline=$(mktemp -d)
cp -r "$work/pack" "$offline/skipbench"
rm -rf "$work/pack"
(cd "$offline" && env -i "$offline/skipbench/skipbench" run gradient --arch resnet.basic --variant plain --depths 4 --norm none --init glorot --out pack.json > /dev/null)
env -i "$offline/skipbench/skipbench" validate "$offline/pack.json"
rm -rf "$offline"

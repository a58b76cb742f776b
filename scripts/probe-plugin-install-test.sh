#!/usr/bin/env bash
# A probe-only plugin (examples/update-ratio: a probe and a benchmark, no architecture) packed as published and
# installed with plain npm outside the workspace, next to every packed skipbench package: it is listed, its
# benchmark and `--probe` run it on every family, and the results validate.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tarballs" "$work/project"
for package in packages/* examples/update-ratio; do
  (cd "$root/$package" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done
cd "$work/project"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz
npx --no-install skipbench list --json > list.json
node -e '
  const listing = require("./list.json");
  const plugin = listing.plugins.find((p) => p.name === "skipbench-plugin-update-ratio");
  const probe = listing.probes.find((p) => p.id === "update-ratio");
  const benchmark = listing.benchmarks.find((b) => b.id === "updates");
  const seen = JSON.stringify([plugin && [plugin.version, plugin.source, plugin.architectures.length, plugin.probes, plugin.benchmarks], probe && probe.source, benchmark && [benchmark.source, benchmark.probes]]);
  const expected = JSON.stringify([["1.0.0", "node_modules", 0, ["update-ratio"], ["updates"]], "skipbench-plugin-update-ratio", ["skipbench-plugin-update-ratio", ["update-ratio"]]]);
  if (seen !== expected || listing.problems.length > 0) { console.error("probe plugin listed as", seen, "problems", listing.problems); process.exit(1); }
  console.log("probe plugin: listed with its probe and benchmark, from node_modules");
'
families="gan.mixture,gnn.gcn,gru.recurrent,resnet.basic,resnet.mlp,transformer.block,unet.segment"
npx --no-install skipbench run updates --depths 2 --out updates.json > /dev/null
npx --no-install skipbench run depth --probe update-ratio --depths 3 --out depth.json > /dev/null
npx --no-install skipbench validate updates.json depth.json
node -e '
  for (const [file, benchmark, depth] of [["updates.json", "updates", 2], ["depth.json", "depth", 3]]) {
    const d = require("./" + file);
    const arches = [...new Set(d.cases.map((c) => c.arch))].sort().join(",");
    const wrong = d.cases.filter((c) => c.status !== "ok" || c.probe !== "update-ratio" || c.benchmark !== benchmark || c.depth !== depth || c.series["update-ratio"].length !== depth);
    if (arches !== process.argv[1] || wrong.length > 0 || !d.complete) { console.error(file, "unexpected:", arches, wrong.map((c) => c.id + " " + c.status + " " + (c.error || ""))); process.exit(1); }
    const source = JSON.stringify(d.sources.probes["update-ratio"]);
    if (source !== JSON.stringify({ package: "skipbench-plugin-update-ratio", version: "1.0.0" })) { console.error(file, "probe source", source); process.exit(1); }
    console.log("probe plugin: " + file + " " + d.cases.length + " cases ok on " + arches);
  }
' "$families"

#!/usr/bin/env bash
# The webgpu backend end to end on a machine without a GPU: Dawn on Mesa's software Vulkan device
# (lavapipe; Debian 12's own lacks features Dawn needs, so it comes from bookworm-backports). Speeds mean
# nothing here; every probe must run and the gradients must match wasm's.
set -euo pipefail
cd "$(dirname "$0")/.."
skipbench() { node packages/bench-cli/bin/skipbench.js "$@"; }
webgpu_ready() { skipbench doctor --json | node -e 'const d=JSON.parse(require("fs").readFileSync(0,"utf8")); process.exit(d.backends.find((b)=>b.id==="webgpu").available?0:1)'; }

if ! webgpu_ready; then
  if ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release; then
    echo "webgpu software test: needs Debian 12 (bookworm) to install a software Vulkan device; this is $(. /etc/os-release && echo "$PRETTY_NAME")" >&2
    exit 1
  fi
  as_root=$([ "$(id -u)" = 0 ] || echo sudo)
  echo 'deb http://deb.debian.org/debian bookworm-backports main' | $as_root tee /etc/apt/sources.list.d/bookworm-backports.list >/dev/null
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends libvulkan1 >/dev/null
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends -t bookworm-backports mesa-vulkan-drivers >/dev/null
  webgpu_ready
fi
skipbench doctor | grep '^webgpu'

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
regime=(--arch resnet.basic --variant plain,preact --depths 2,8 --norm batch --init he)
skipbench run gradient --backend webgpu "${regime[@]}" --out "$out/webgpu.json" >/dev/null 2>&1
skipbench run gradient --backend wasm "${regime[@]}" --out "$out/wasm.json" >/dev/null 2>&1
# Every probe of every benchmark, once, on webgpu: none may fail (e.g. by reading a tensor synchronously).
skipbench run all --backend webgpu --arch resnet.basic --variant preact --depths 2 --norm batch --init he --out "$out/all.json" >/dev/null 2>&1 || true
node -e '
  const [webgpu, wasm, all] = process.argv.slice(1).map((f) => require(f));
  let worst = 0;
  webgpu.cases.forEach((c, i) => c.series["stream-grad-log10"].forEach((v, l) => (worst = Math.max(worst, Math.abs(v - wasm.cases[i].series["stream-grad-log10"][l])))));
  const failed = all.cases.filter((c) => c.status === "failed").map((c) => `${c.probe}: ${c.error}`);
  console.log(`webgpu on ${webgpu.environment.accelerator.name}: gradient log10 norms within ${worst.toExponential(1)} of wasm; ${all.cases.length - failed.length} of ${all.cases.length} probe cases ran`);
  if (worst > 1e-3 || failed.length > 0 || webgpu.cases.some((c) => c.status !== "ok")) { console.error(failed.join("\n")); process.exit(1); }
' "$out/webgpu.json" "$out/wasm.json" "$out/all.json"

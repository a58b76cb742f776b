#!/usr/bin/env bash
# Regenerates every committed results file in docs/results with the commands the findings pages (docs/findings/)
# quote beside their tables (after a change of the results schema, or of what the probes measure), then the
# generated tables of those pages and of the README. A file a claim reads runs at 5 seeds, so its verdicts and tables carry intervals; the
# quick preset's file stays at its one seed (what CI runs). Run from a built checkout. `--only NAME` runs one file's.
set -euo pipefail
cd "$(dirname "$0")/.."
only=""
if [ "${1:-}" = "--only" ]; then only="${2:?--only needs a file name, e.g. quick}"; fi
run() {
  local name=$1
  shift
  if [ -n "$only" ] && [ "$only" != "$name" ]; then return; fi
  echo "docs/results/$name.json: skipbench $*" >&2
  node packages/bench-cli/bin/skipbench.js "$@" --out "docs/results/$name.json" --force
}
run quick run all --preset quick --jobs 2
run error-correction run claims --probe error-correction --arch resnet.mlp --depths 1,4,16 --train-steps 1000 --seeds 5
run gradient-resnet-basic run gradient --arch resnet.basic --depths 8,32,64 --seeds 5
run rank-collapse run representation --probe rank-collapse --arch 'transformer.*' --depths 1,4,8,32 --width 64 --input-size 32 --seeds 5
run spectrum-trained run representation --arch transformer.block --variant preln,postln,attention-skip,plain --norm layer --probe spectrum,spectrum-trained --depths 2,8 --train-steps 300
run gru-gradient-plain run gradient --probe gradient-profile --arch 'gru.*' --depths 16,64,256 --width 64 --init pytorch --variant plain --seeds 5
run gru-gradient-gate-bias run gradient --probe gradient-profile --arch 'gru.*' --depths 16,64,256 --width 64 --init pytorch --variant gru --option gate-bias=0,1,2,4 --seeds 5
run gru-gradient-residual-rnn run gradient --probe gradient-profile --arch 'gru.*' --depths 16,64,256 --width 64 --init pytorch --variant residual-rnn --branch-scale 0.1 --seeds 5
run gradient-split-no-norm run claims --probe gradient-split --arch '{transformer.block,resnet.basic}' --norm none --seeds 5
run gcn-smoothing run representation --arch 'gnn.*' --probe smoothing --depths 2,8,32,64 --input-size 400 --seeds 5
run gcn-horizon-chain run representation --arch gnn.gcn --task chain --probe horizon,horizon-trained --depths 4,16 --train-steps 100
run gcn-horizon-sbm run representation --arch gnn.gcn --probe horizon,horizon-trained --depths 4,16 --train-steps 100
run gcn-trainability run depth --probe trainability --arch gnn.gcn --depths 2,4,8,16,32,64 --train-steps 100 --seeds 5
run unet-trainability run depth --probe trainability --arch unet.segment --depths 3,8 --train-steps 200 --seeds 5
if [ -z "$only" ]; then
  node scripts/readme-generated.mjs
  node scripts/report-figure.mjs gradient-stays-healthy resnet docs/results/quick.json docs/figures/gradient-stays-healthy-resnet.svg
fi

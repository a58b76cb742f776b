#!/bin/sh
# Run on the GPU machine (device tool, carry .gpu and .gl; see prepare.sh): doctor, the throughput and
# gradient benchmarks on webgpu, the same throughput case on wasm, and the same ResNet train step in
# PyTorch on CUDA, side by side in one session. Everything lands in $OUT.
set -u
out=${OUT:-results/gpu}
mkdir -p "$out"
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_DRIVER_FILES="$icd"
tar xzf .gpu/skipbench.tgz -C /tmp
skipbench=/tmp/skipbench/skipbench
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$out/nvidia-smi.txt"
"$skipbench" doctor 2>&1 | tee "$out/doctor.txt"
# The reference step of ENGINE.md: 8 pre-activation blocks, width 16, 32x32, batch 32, no normalisation.
step='--arch resnet.basic --variant preact --norm none --init he --depths 8 --batch 32 --input-size 32 --width 16 --repeat 3'
# shellcheck disable=SC2086 # $step is a list of words
"$skipbench" run throughput --backend webgpu $step --out "$out/throughput-webgpu.json" 2>&1 | tail -3
# shellcheck disable=SC2086
"$skipbench" run throughput --backend wasm $step --out "$out/throughput-wasm.json" 2>&1 | tail -3
"$skipbench" run gradient --backend webgpu --arch resnet.basic --out "$out/gradient-webgpu.json" 2>&1 | tail -3
python3 scripts/reference/resnet_train_step.py --device cuda 2>&1 | tee "$out/pytorch-cuda.txt"

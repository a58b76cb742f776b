// What bounds the conv train step's ratio to PyTorch: the same two kernels, the same shapes, timed on wasm
// (TF.js, one thread) and in PyTorch on one thread, interleaved in rounds, best of each.
//   node scripts/reference/kernel_peak.mjs [rounds]      (after pnpm build; needs /usr/bin/python3 with torch)
// matMul 512³, and the resnet reference step's conv: 3×3, 16 → 16 channels, 32×32, batch 32, same padding.
import { execFileSync } from 'node:child_process';
import { selectBackend, tf } from '../../packages/core/dist/index.js';

const rounds = Number(process.argv[2] ?? 3);
const kernels = [
  { name: 'matMul 512x512x512', flops: 2 * 512 ** 3 },
  { name: 'conv2d 3x3 16->16, 32x32, batch 32', flops: 2 * 32 * 32 * 32 * 16 * 16 * 9 },
];
await selectBackend('wasm');
const a = tf.randomNormal([512, 512]);
const b = tf.randomNormal([512, 512]);
const x = tf.randomNormal([32, 32, 32, 16]);
const w = tf.randomNormal([3, 3, 16, 16]);
const ops = [() => tf.matMul(a, b), () => tf.conv2d(x, w, 1, 'same')];

/** Best ms of 20 calls, each read back, after 3 warm-up calls. */
function bestMs(op) {
  let best = Infinity;
  for (let i = 0; i < 23; i++) {
    const start = performance.now();
    const out = op();
    out.dataSync();
    const ms = performance.now() - start;
    out.dispose();
    if (i >= 3) best = Math.min(best, ms);
  }
  return best;
}

const torch = `
import time, torch
torch.set_num_threads(1)
a, b = torch.randn(512, 512), torch.randn(512, 512)
x, w = torch.randn(32, 16, 32, 32), torch.randn(16, 16, 3, 3)
def best(op):
    times = []
    for i in range(23):
        start = time.perf_counter(); op(); times.append((time.perf_counter() - start) * 1e3)
    return min(times[3:])
with torch.no_grad():
    print(best(lambda: a @ b), best(lambda: torch.nn.functional.conv2d(x, w, padding=1)))
`;
const best = kernels.map(() => ({ wasm: Infinity, torch: Infinity }));
for (let round = 0; round < rounds; round++) {
  ops.forEach((op, k) => {
    best[k].wasm = Math.min(best[k].wasm, bestMs(op));
  });
  const torchMs = execFileSync('/usr/bin/python3', ['-c', torch], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  torchMs.forEach((ms, k) => {
    best[k].torch = Math.min(best[k].torch, ms);
  });
}
const gflops = (flops, ms) => (flops / ms / 1e6).toFixed(1);
console.log('kernel | wasm ms | GFLOP/s | PyTorch 1 thread ms | GFLOP/s | ratio');
kernels.forEach(({ name, flops }, k) => {
  const { wasm, torch: t } = best[k];
  console.log(`${name} | ${wasm.toFixed(2)} | ${gflops(flops, wasm)} | ${t.toFixed(2)} | ${gflops(flops, t)} | ${(wasm / t).toFixed(2)}x`);
});

// A full gradient-profile (every stream and parameter gradient, one backward pass) against one SGD train step
// of the same model, interleaved, best of 17 after 3 warm-up rounds; batch 32, one model per family:
//   node scripts/reference/gradient_profile_cost.mjs      (after pnpm build)
import { createParamFactory, measureGradientProfile, selectBackend, tf } from '../../packages/core/dist/index.js';

const families = [
  ['resnet', 'resnet.basic', { variant: 'preact', norm: 'none', width: 16, inputSize: 32, depth: 8 }],
  ['transformer', 'transformer.block', { variant: 'preln', depth: 8 }],
  ['unet', 'unet.segment', { variant: 'skip', depth: 3 }],
  ['gru', 'gru.recurrent', { variant: 'gru', depth: 16 }],
  ['gnn', 'gnn.gcn', { variant: 'residual', depth: 8 }],
];
await selectBackend('wasm');
console.log('model | gradient-profile ms | train step ms | ratio');
for (const [folder, id, chosen] of families) {
  const plugin = (await import(`../../packages/${folder}/dist/index.js`)).default;
  const architecture = plugin.architectures.find((a) => a.id === id);
  const config = { ...architecture.defaults, ...chosen, seed: 1, branchScale: 1 };
  const model = architecture.build(config, { tf, params: createParamFactory(tf, config.init, config.seed) });
  const { x, y } = model.task.sample(32, 1);
  const optimizer = tf.train.sgd(1e-3);
  const trainStep = async () => {
    const cost = optimizer.minimize(() => model.task.loss(model.forward(x).out, y), true, model.params);
    await cost.data();
    cost.dispose();
  };
  const best = { profile: Infinity, step: Infinity };
  for (let round = 0; round < 20; round++) {
    for (const [name, run] of [['profile', () => measureGradientProfile(tf, model, x, y)], ['step', trainStep]]) {
      const start = performance.now();
      await run();
      if (round >= 3) best[name] = Math.min(best[name], performance.now() - start);
    }
  }
  console.log(`${id} ${config.variant}, depth ${config.depth} | ${best.profile.toFixed(1)} | ${best.step.toFixed(1)} | ${(best.profile / best.step).toFixed(2)}x`);
  optimizer.dispose();
  tf.dispose([x, y]);
  model.dispose();
}

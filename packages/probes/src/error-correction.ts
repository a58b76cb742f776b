import { defineNames, defineProbe, MeasurementBuilder, deriveSeed, ERROR_CORRECTION_TASK, isErrorCorrectionTask, type Tensor, readBack, evaluateHeldOut, trainOnTask } from '@skipbench/core';

/** Held-out clean signals and pure errors the trained model is read on. */
export const ERROR_CORRECTION_SAMPLES = 32;

/** The names `error-correction` writes in its results. */
export const ERROR_CORRECTION = defineNames({
  metrics: {
    /** ‖G(s)‖ / ‖s‖ for clean s, G = network − identity (for an additive stack, the sum of the branches along the stream). */
    stackCleanChange: { name: 'stack-clean-change', unit: '1' },
    /** ‖G(ε) + ε‖ / ‖ε‖ = ‖network(ε)‖ / ‖ε‖ for pure errors ε. */
    stackErrorResidual: { name: 'stack-error-residual', unit: '1' },
    /** cos(G(ε), ε): −1 where G cancels the error. */
    stackErrorCosine: { name: 'stack-error-cosine', unit: '1' },
    /** ‖network(s + ε) − s‖ / ‖ε‖: the output's distance from the clean signal over the input's (1 for the identity, 0 for a perfect corrector). */
    relativeOutputError: { name: 'relative-output-error', unit: '1' },
    lossFinal: { name: 'loss-final', unit: 'squared input units' },
    trainSteps: { name: 'train-steps', unit: 'steps' },
    dimension: { name: 'dimension', unit: 'features' },
    signalDimension: { name: 'signal-dimension', unit: 'features' },
  },
  series: {
    /** ‖F_l(s)‖ / ‖s‖, block l's branch on the clean signals themselves. */
    branchCleanGain: { name: 'branch-clean-gain', unit: '1' },
    /** ‖F_l(ε) + ε‖ / ‖ε‖. */
    branchErrorResidual: { name: 'branch-error-residual', unit: '1' },
    /** cos(F_l(ε), ε): −1 for a branch that points straight against the error. */
    branchErrorCosine: { name: 'branch-error-cosine', unit: '1' },
  },
});
const { metrics: M, series: S } = ERROR_CORRECTION;

/**
 * The error-correcting-code view (claim: a residual branch can learn F(s) = 0 on clean signals and F(ε) = −ε
 * on errors): train on the `error-correction` task (clean signal in a seeded subspace, error in its orthogonal
 * complement, target the clean signal), then read the stack, G = network − identity, and each block's branch
 * on held-out clean signals s and pure errors ε. Norms and cosines are over the whole batch (Frobenius).
 */
export const errorCorrection = defineProbe({
  id: 'error-correction',
  version: '1',
  summary: 'after training on clean + orthogonal error: ‖F(s)‖/‖s‖ on clean s, ‖F(ε) + ε‖/‖ε‖ and cos(F(ε), ε) on errors, per block and for the stack',
  requires: ['blocks'],
  names: ERROR_CORRECTION,
  task: ERROR_CORRECTION_TASK,
  headline: [M.stackCleanChange, M.stackErrorResidual, M.stackErrorCosine],
  appliesTo(model) {
    if (!isErrorCorrectionTask(model.task)) return `the task '${model.task.id}' does not expose its clean and error parts`;
    const first = model.streamShapes(1)[0]!.join('x');
    return first === `1x${model.task.dimension}` ? undefined : `the stream (${first} per sample) is not in the input's coordinates (1x${model.task.dimension}), where the task's subspaces are`;
  },
  async run(model, { tf, seed, settings, trainedModels }) {
    const { task } = model;
    if (!isErrorCorrectionTask(task)) throw new Error(`Expected the '${ERROR_CORRECTION_TASK}' task, but the model runs '${task.id}'.`);
    await trainOnTask(tf, model, settings, seed, trainedModels);
    const heldOutSeed = deriveSeed(seed, 'held-out');
    const { clean, error } = task.components(ERROR_CORRECTION_SAMPLES, heldOutSeed, 'held-out');
    const heldOut = task.sample(ERROR_CORRECTION_SAMPLES, heldOutSeed, 'held-out');
    let values: number[][];
    let lossFinal: number;
    try {
      lossFinal = (await evaluateHeldOut(tf, model, heldOut)).loss;
      const read = await readBack(tf, () => {
        /** ‖f(s)‖, ‖s‖, ‖f(ε) + ε‖, ‖ε‖, ⟨f(ε), ε⟩, ‖f(ε)‖ for a map f meant to be 0 on s and −ε on ε. */
        const readings = (f: (h: Tensor) => Tensor) => {
          const onError = f(error);
          return tf.stack([tf.norm(f(clean)), tf.norm(clean), tf.norm(tf.add(onError, error)), tf.norm(error), tf.sum(tf.mul(onError, error)), tf.norm(onError)]);
        };
        const out = (x: Tensor) => {
          const result = model.forward(x).out;
          if (result.shape.join('x') !== x.shape.join('x')) throw new Error(`Expected the network's output in the input's coordinates (${x.shape.join('x')}), but got ${result.shape.join('x')}.`);
          return result;
        };
        return [
          readings((x) => tf.sub(out(x), x)),
          tf.stack([tf.norm(tf.sub(out(heldOut.x), clean)), tf.norm(error)]),
          ...Array.from({ length: model.depth }, (_, l) => readings(model.branch(l, heldOut.x))),
        ];
      });
      values = read.map((v) => Array.from(v));
    } finally {
      tf.dispose([clean, error, heldOut.x, heldOut.y]);
    }
    /** Clean gain, error residual and cosine (null where f(ε) = 0 has no direction). */
    const ratios = ([onClean, cleanNorm, residual, errorNorm, dot, onError]: number[]) => ({
      clean: onClean! / cleanNorm!,
      residual: residual! / errorNorm!,
      cosine: onError === 0 ? null : dot! / (onError! * errorNorm!),
    });
    const [stackValues, [outputError, errorNorm], ...blockValues] = values;
    const stack = ratios(stackValues!);
    const blocks = blockValues.map(ratios);
    const builder = new MeasurementBuilder(ERROR_CORRECTION)
      .metric(M.stackCleanChange, stack.clean)
      .metric(M.stackErrorResidual, stack.residual)
      .metric(M.stackErrorCosine, stack.cosine ?? Number.NaN)
      .metric(M.relativeOutputError, outputError! / errorNorm!)
      .metric(M.lossFinal, lossFinal)
      .metric(M.trainSteps, settings.trainSteps)
      .metric(M.dimension, task.dimension)
      .metric(M.signalDimension, task.signalDimension)
      .series(S.branchCleanGain, blocks.map((b) => b.clean))
      .series(S.branchErrorResidual, blocks.map((b) => b.residual))
      .series(S.branchErrorCosine, blocks.map((b) => b.cosine))
      .note(
        `trained ${settings.trainSteps} Adam steps; read on ${ERROR_CORRECTION_SAMPLES} held-out clean signals s and pure errors ε, norms and cosines over the whole batch; ` +
          `stack: G = network − identity (for an additive stack with an identity stem and head, the sum of the branches along the stream); ` +
          `per block: branch l applied to s and ε themselves (not to the stream they become), so F_l(ε) = −ε is a block that cancels the whole error alone`,
      );
    if (blocks.some((b) => b.cosine === null)) builder.note(`${S.branchErrorCosine} is null where a branch maps every error to 0 (no direction)`);
    return builder.build();
  },
});

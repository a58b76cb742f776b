import { defineNames, type Model, defineProbe, MeasurementBuilder, deriveSeed, type Tensor, readBack } from '@skipbench/core';

/** Depth multiples compared (L, 2L, 4L, 8L), and the fine-step reference (16L). */
export const EULER_MULTIPLES = [1, 2, 4, 8];
export const EULER_REFERENCE_MULTIPLE = 16;

/** The names `euler` writes in its results. */
export const EULER = defineNames({
  metrics: {
    convergenceOrder: { name: 'convergence-order', unit: '1' },
    relativeChangeLastDoubling: { name: 'relative-change-last-doubling', unit: '1' },
    referenceDepth: { name: 'reference-depth', unit: 'blocks' },
  },
  series: {
    depths: { name: 'depths', unit: 'blocks' },
    relativeErrorToReference: { name: 'relative-error-to-reference', unit: '1' },
    relativeChangeOnDoubling: { name: 'relative-change-on-doubling', unit: '1' },
    observedOrder: { name: 'observed-order', unit: '1' },
  },
});
const { metrics: M, series: S } = EULER;

/**
 * Residual blocks as forward-Euler steps: with shared weights and step 1/L, h_L approximates the flow of
 * dh/dt = F(h) at t = 1. Doubling L should halve the error (first order); a plain shared-weight stack,
 * which iterates F instead of integrating it, does not converge.
 */
export const euler = defineProbe({
  id: 'euler',
  version: '1',
  summary: 'shared-weight stacks as ODE steps: ‖h_L − h_2L‖ and the error to a 16L reference as L doubles',
  requires: ['sharedWeights'],
  names: EULER,
  headline: [M.convergenceOrder, M.relativeChangeLastDoubling],
  async run(model, { tf, seed, settings, rebuild }) {
    const base = model.depth;
    const { x, y } = model.task.sample(settings.batch, deriveSeed(seed, 'euler'));
    const finalState = (m: Model): Tensor => tf.tidy(() => m.forward(x).stream[m.depth]!);
    const states: Tensor[] = [];
    try {
      for (const multiple of [...EULER_MULTIPLES, EULER_REFERENCE_MULTIPLE]) {
        const m = multiple === 1 ? model : rebuild({ depth: base * multiple });
        try {
          states.push(finalState(m));
        } finally {
          if (m !== model) m.dispose();
        }
      }
    } finally {
      tf.dispose([x, y]);
    }
    const reference = states.at(-1)!;
    const pairs: Array<[Tensor, Tensor]> = [...EULER_MULTIPLES.map((_, i): [Tensor, Tensor] => [states[i]!, reference]), ...EULER_MULTIPLES.slice(0, -1).map((_, i): [Tensor, Tensor] => [states[i]!, states[i + 1]!])];
    let norms: Float32Array[];
    try {
      norms = await readBack(tf, () => pairs.flatMap(([a, b]) => [tf.norm(tf.sub(a, b)), tf.norm(b)]));
    } finally {
      tf.dispose(states);
    }
    const relative = pairs.map((_, i) => norms[2 * i]![0]! / norms[2 * i + 1]![0]!);
    const errors = relative.slice(0, EULER_MULTIPLES.length);
    const changes = relative.slice(EULER_MULTIPLES.length);
    const orders = changes.slice(0, -1).map((c, i) => Math.log2(c / changes[i + 1]!));
    return new MeasurementBuilder(EULER)
      .series(S.depths, EULER_MULTIPLES.map((m) => m * base))
      .series(S.relativeErrorToReference, errors)
      .series(S.relativeChangeOnDoubling, changes)
      .series(S.observedOrder, orders)
      .metric(M.convergenceOrder, orders.at(-1) ?? Number.NaN)
      .metric(M.relativeChangeLastDoubling, changes.at(-1)!)
      .metric(M.referenceDepth, base * EULER_REFERENCE_MULTIPLE)
      .note('order = log2(change at L / change at 2L): 1 for forward Euler; a non-converging stack shows no steady decrease')
      .build();
  },
});

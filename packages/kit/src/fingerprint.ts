import { buildModel, l2Norm, tf, type Architecture, type ModelConfig, type Probe, type Tensor } from '@skipbench/core';
import { type CasePlan, runCase, samplesFor } from '@skipbench/engine';
import { linearOde, toyConv, toyGraph, toyTokens } from '@skipbench/core/toys';
import { selectBackend } from '@skipbench/backends';

/** A few numbers from a small fixed case, by name; a timed probe's are the names of what it measures. */
export type FingerprintValues = Readonly<Record<string, number | string>>;

/** A fingerprint with the version it was taken at: the same version must keep the same numbers. */
export interface Fingerprint {
  readonly version: string;
  readonly values: FingerprintValues;
}

export interface Fingerprints {
  readonly architectures: Readonly<Record<string, Fingerprint>>;
  readonly probes: Readonly<Record<string, Fingerprint>>;
}

/** Relative change a fingerprint value may show without having moved (float32 on the `cpu` backend repeats exactly). */
export const FINGERPRINT_TOLERANCE = 1e-5;
/** Absolute change below which a value near zero has not moved either. */
const ABSOLUTE_TOLERANCE = 1e-9;

const SEED = 1234;
const BATCH = 2;
const plan: CasePlan = { preset: { settings: { batch: BATCH, trainSteps: 2, learningRate: 1e-3, timing: { warmupIterations: 0, iterations: 1 }, repeat: 1 } } };

/**
 * Each variant's task loss, output norm and gradient norm at depth 2, on the `cpu` backend with the
 * architecture's defaults: `residual.loss`, `residual.output-norm`, `residual.gradient-norm`.
 */
export async function architectureFingerprint(architecture: Architecture): Promise<FingerprintValues> {
  await selectBackend('cpu');
  const values: Record<string, number> = {};
  for (const variant of Object.keys(architecture.variants)) {
    const model = buildModel(architecture, { ...architecture.defaults, variant, depth: 2, seed: SEED });
    const { x, y } = model.task.sample(BATCH, SEED);
    let output: Tensor | undefined;
    // One forward pass: its output is kept for its norm, its loss differentiated.
    const { value, grads } = tf.variableGrads(() => {
      output = tf.keep(model.forward(x).out);
      return model.task.loss(output, y);
    }, model.params);
    values[`${variant}.loss`] = value.dataSync()[0]!;
    values[`${variant}.output-norm`] = l2Norm(output!.dataSync());
    values[`${variant}.gradient-norm`] = Math.hypot(...Object.values(grads).map((g) => l2Norm(g.dataSync())));
    tf.dispose([x, y, value, output!, ...Object.values(grads)]);
    model.dispose();
  }
  return values;
}

/** Core's small models, on which probes are fingerprinted before any family's. */
const toyModels: readonly Architecture[] = [toyConv, toyTokens, toyGraph, linearOde(0.5)];

/** Each architecture's variants, its default first: the models a probe is tried on, in order. */
const modelsOf = (architectures: readonly Architecture[]) =>
  architectures.flatMap((architecture) => [architecture.defaults.variant, ...Object.keys(architecture.variants).filter((v) => v !== architecture.defaults.variant)].map((variant) => ({ architecture, variant })));

/**
 * `probe`'s metrics and labels on the first model it applies to, of core's toy models, then of
 * `architectures` (each architecture's default variant first; depth 3, `cpu` backend, batch 2, 2 training
 * steps): `on` names the model. A timed probe's values are the names of its metrics (its numbers are times).
 */
export async function probeFingerprint(probe: Probe, architectures: readonly Architecture[] = []): Promise<FingerprintValues> {
  await selectBackend('cpu');
  for (const { architecture, variant } of modelsOf([...toyModels, ...architectures])) {
    const config: ModelConfig = { ...architecture.defaults, variant, depth: 3, seed: SEED };
    const result = await runCase({ id: `fingerprint/${probe.id}`, index: 0, benchmark: 'fingerprint', architecture, probe: probe.id, batch: BATCH, samples: samplesFor(probe, BATCH), config }, probe, plan);
    if (result.status === 'not-applicable') continue;
    if (result.status === 'failed') throw new Error(`probe ${probe.id} failed on ${architecture.id} ${variant}: ${result.error}`);
    // The host's own version is part of `on`: a host that changes moves the values, not the probe.
    const on = `${architecture.id}${architecture.version === undefined ? '' : `@${architecture.version}`} ${variant}`;
    if (probe.timed) return { on, metrics: Object.keys(result.metrics).sort().join(', ') };
    return { on, ...result.labels, ...result.metrics };
  }
  throw new Error(`probe ${probe.id} applies to no variant of ${[...toyModels, ...architectures].map((a) => a.id).join(', ')}`);
}

const moved = (before: number | string, after: number | string | undefined) =>
  typeof before === 'number' && typeof after === 'number'
    ? Math.abs(after - before) > Math.max(FINGERPRINT_TOLERANCE * Math.max(Math.abs(before), Math.abs(after)), ABSOLUTE_TOLERANCE)
    : before !== after;

/** The first value of `before` that `after` moved, in words, or undefined. */
function firstMove(before: FingerprintValues, after: FingerprintValues): string | undefined {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const name = names.find((n) => !(n in before) || moved(before[n]!, after[n]));
  return name === undefined ? undefined : `${name} ${before[name] ?? 'absent'} → ${after[name] ?? 'absent'}`;
}

/**
 * What keeps "same version" meaning "same numbers": for every architecture and probe, `current` (taken now)
 * against `committed`. A fingerprint that moved while its version stayed is a problem (bump the version);
 * so is a committed file out of date (a new version, a new or removed entry: write it again).
 */
export function fingerprintProblems(committed: Fingerprints, current: Fingerprints, write: string): string[] {
  const problems: string[] = [];
  for (const kind of ['architectures', 'probes'] as const) {
    const what = kind === 'architectures' ? 'architecture' : 'probe';
    for (const [id, now] of Object.entries(current[kind])) {
      const then = committed[kind][id];
      const move = then === undefined ? undefined : firstMove(then.values, now.values);
      if (then === undefined) problems.push(`${what} ${id}: no committed fingerprint; run ${write}`);
      else if (then.values['on'] !== now.values['on']) problems.push(`${what} ${id}: fingerprinted on ${then.values['on']}, now on ${now.values['on']}; run ${write}`);
      else if (move !== undefined && then.version === now.version) problems.push(`${what} ${id}: its fingerprint moved (${move}) while its version stayed ${now.version}; bump its version, then run ${write}`);
      else if (move !== undefined || then.version !== now.version) problems.push(`${what} ${id}: the committed fingerprint is of version ${then.version}, this is ${now.version}; run ${write}`);
    }
    for (const id of Object.keys(committed[kind])) if (!(id in current[kind])) problems.push(`${what} ${id}: fingerprinted but gone; run ${write}`);
  }
  return problems;
}

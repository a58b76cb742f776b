import standardProbes from '@skipbench/probes';
import { type Architecture, type Model, type ModelConfig, type Plugin, OPT_IN_CAPABILITIES, SkipbenchError, UsageError, buildModel as build, validatePlugin, tf, type Tensor } from '@skipbench/core';
import { type PlannedCase, runCase, samplesFor, type CasePlan, createRegistry, type RegisteredProbe, type CaseResult } from '@skipbench/engine';
import { linearOde, toyConv, toyTokens } from '@skipbench/core/toys';
import { selectBackend } from '@skipbench/backends';

/** The promises a plugin makes; each failure names one. */
export const PROMISES = {
  shape: 'the plugin has the shape definePlugin describes',
  builds: 'every variant builds at every depth',
  deterministic: 'the same seed gives the same weights, data and outputs',
  seeded: 'another seed gives other weights',
  stages: 'the stream has one stage per block, plus the stem',
  shapes: 'every stage has the shape streamShapes declares ([batch, tokens, features] when capabilities.tokens), and a sequence input is [batch, positions, features] read at one of them',
  declared: 'every model has the capabilities its architecture declares, and its stream or input layout (tokens, graph, sequence) is declared',
  perturbations: 'a perturbation at every stage reaches the loss (non-zero gradient)',
  bypass: 'bypassing block l leaves stream[l + 1] equal to stream[l], and the same pass given the intact stream has the same output',
  blocks: 'block(l) applied to stream[l] gives stream[l + 1]; every named part has the stream\'s shape; where branchOnly(l), block(l) = branch(l); maps(input) gives block(l, input) and branch(l, input)',
  additive: 'with capabilities.additive, block(l)(h) = h + branch(l)(h)',
  skips: "every block's merge is a kind of skip its variant declares, an ablation's blocks have none, and an additive model's variant declares additive",
  leaks: 'building, running and disposing a model frees every tensor',
  loss: 'the task loss is finite and decreases over a few training steps',
  probes: 'every probe runs on every model that meets its requirements (requires, appliesTo), and records not-applicable on the others',
  units: 'every metric and series a probe records has a unit',
  repeatable: 'a probe gives the same numbers for the same seed (timed probes excepted)',
} as const;

export type PromiseId = keyof typeof PROMISES;

export interface ConformanceFailure {
  /** Where: `architectures[0] (resnet.basic) variant plain depth 3`. */
  path: string;
  promise: PromiseId;
  /** What was expected and what happened. */
  message: string;
}

export interface CheckPluginOptions {
  /** Depths to build each variant at. @default [1, 3] */
  depths?: number[];
  /** Samples per batch. @default 2 */
  batch?: number;
  /** @default 7 */
  seed?: number;
  /** Overrides of each architecture's defaults (e.g. a smaller width to keep the check fast). */
  config?: Partial<Omit<ModelConfig, 'variant' | 'depth' | 'seed'>>;
  /** Adam steps for the loss check. @default 10 */
  trainSteps?: number;
  /** Backend to check on. @default 'wasm' */
  backend?: string;
}

const defaultDepths = [1, 3];
const defaultBatch = 2;
const defaultSeed = 7;
const defaultTrainSteps = 10;

function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]!), Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

const read = (t: Tensor) => Array.from(t.dataSync());

class Checker {
  readonly failures: ConformanceFailure[] = [];

  fail(path: string, promise: PromiseId, message: string): void {
    this.failures.push({ path, promise, message });
  }

  /** Runs `check`, turning a throw into a failure of `promise`. Returns false if it threw. */
  attempt(path: string, promise: PromiseId, check: () => void): boolean {
    try {
      check();
      return true;
    } catch (error) {
      this.fail(path, promise, `threw: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      return false;
    }
  }
}


/** A built model under check, with the batch every check of it reads. */
interface UnderCheck {
  readonly checker: Checker;
  readonly path: string;
  readonly model: Model;
  readonly config: ModelConfig;
  readonly batch: number;
  readonly x: Tensor;
  readonly y: Tensor;
}

function checkModel(checker: Checker, path: string, architecture: Architecture, config: ModelConfig, batch: number, trainSteps: number): Model | undefined {
  let model: Model | undefined;
  if (!checker.attempt(path, 'builds', () => (model = build(architecture, config)))) return undefined;
  const m = model!;
  const { x, y } = m.task.sample(batch, config.seed);
  const under: UnderCheck = { checker, path, model: m, config, batch, x, y };
  const discard = () => {
    tf.dispose([x, y]);
    m.dispose();
    return undefined;
  };
  // Every other check indexes the stream by stage, and probes size their perturbations from the declared
  // shapes: a model failing either is reported for that root cause alone.
  if (!checkStages(under)) return discard();
  const before = checker.failures.length;
  checkShapes(under);
  checkDeclared(under, architecture);
  if (checker.failures.length > before) return discard();
  checkPerturbations(under);
  if (m.capabilities.bypass) checkBypass(under);
  if (m.capabilities.blocks) checkBlocks(under);
  if (m.capabilities.blocks && m.capabilities.additive) checkAdditive(under);
  checkSkips(under, architecture);
  if (trainSteps > 0) checkLoss(under, trainSteps);
  tf.dispose([x, y]);
  return m;
}

/** The merges' kinds (`Model.skipKind`) against the kinds the variant declares. */
function checkSkips({ checker, path, model, config }: UnderCheck, architecture: Architecture): void {
  const declared = architecture.variants[config.variant]!.skips;
  const named = declared.join(', ');
  if (model.capabilities.additive && !declared.includes('additive')) checker.fail(path, 'skips', `capabilities.additive is true, but the variant declares ${named}`);
  if (model.skipKind === undefined) return;
  const kinds = Array.from({ length: model.depth }, (_, l) => model.skipKind!(l));
  const ablation = declared.includes('none');
  const wrong = kinds.findIndex((kind) => (ablation ? kind !== 'none' : kind !== undefined && kind !== 'none' && !declared.includes(kind)));
  const kind = kinds[wrong];
  if (wrong >= 0 && ablation) {
    checker.fail(path, 'skips', `the variant declares no skip, but block ${wrong}'s merge is ${kind === undefined ? "of no declared kind (use skip.none, or skip.rule('none', …) for a hand-written one)" : `a ${kind} skip`}`);
  } else if (wrong >= 0) {
    checker.fail(path, 'skips', `block ${wrong}'s merge is a ${kind} skip, but the variant declares ${named}`);
  }
  // A declared kind no merge has is not a mistake: a skip may live inside a branch or in what a block reads
  // (a U-Net's residual units and long skips, GCNII's initial residual).
}

/** One stage per block plus the stem; false (reported) otherwise. */
function checkStages({ checker, path, model, config, x }: UnderCheck): boolean {
  let stages = 0;
  checker.attempt(path, 'stages', () => {
    stages = tf.tidy(() => model.forward(x).stream.length);
  });
  if (stages === config.depth + 1) return true;
  if (stages > 0) checker.fail(path, 'stages', `expected ${config.depth + 1} stages for depth ${config.depth}, but forward returned ${stages}`);
  return false;
}

function checkShapes({ checker, path, model: m, batch, x }: UnderCheck): void {
  checker.attempt(path, 'shapes', () => {
    const declared = m.streamShapes(batch);
    const actual = tf.tidy(() => m.forward(x).stream.map((s) => s.shape));
    actual.forEach((shape, l) => {
      if (JSON.stringify(shape) !== JSON.stringify(declared[l])) {
        checker.fail(path, 'shapes', `stage ${l}: declared [${declared[l]?.join(', ') ?? ''}], but it is [${shape.join(', ')}]`);
      } else if (m.capabilities.tokens && (shape.length !== 3 || shape[0] !== batch)) {
        checker.fail(path, 'shapes', `capabilities.tokens is true, but stage ${l} is [${shape.join(', ')}], not [${batch}, tokens, features]`);
      }
    });
    if (m.capabilities.sequence) {
      const positions = x.shape.length === 3 ? x.shape[1]! : 0;
      if (positions === 0) checker.fail(path, 'shapes', `capabilities.sequence is true, but the input is [${x.shape.join(', ')}], not [${batch}, positions, features]`);
      else if (!Number.isInteger(m.readsFrom) || m.readsFrom! < 0 || m.readsFrom! >= positions) {
        checker.fail(path, 'shapes', `capabilities.sequence is true, but readsFrom is ${m.readsFrom}, not a position in 0..${positions - 1}`);
      }
    }
  });
}

function checkDeclared({ checker, path, model: m }: UnderCheck, architecture: Architecture): void {
  for (const [capability, value] of Object.entries(architecture.capabilities ?? {})) {
    if (Boolean(m.capabilities[capability as keyof Model['capabilities']]) !== value) {
      checker.fail(path, 'declared', `the architecture declares capabilities.${capability} ${value}, but the model has ${Boolean(m.capabilities[capability as keyof Model['capabilities']])}`);
    }
  }
  for (const layout of OPT_IN_CAPABILITIES) {
    if (m.capabilities[layout] && architecture.capabilities?.[layout] === undefined) {
      checker.fail(path, 'declared', `the model has capabilities.${layout}, but the architecture does not declare it, so benchmarks would never run its probes`);
    }
  }
}

function checkPerturbations({ checker, path, model: m, x, y }: UnderCheck): void {
  checker.attempt(path, 'perturbations', () => {
    const norms = tf.tidy(() => {
      const zeros = m.forward(x).stream.map((s) => tf.zerosLike(s));
      const { grads } = tf.engine().gradients(() => m.task.loss(m.forward(x, { perturb: zeros }).out, y), zeros, undefined, true);
      return grads.map((g) => (g === null || g === undefined ? 0 : tf.norm(g).dataSync()[0]!));
    });
    const dead = norms.flatMap((n, l) => (n > 0 && Number.isFinite(n) ? [] : [l]));
    if (dead.length > 0) checker.fail(path, 'perturbations', `dL/dstream is zero or not finite at stages ${dead.join(', ')}`);
  });
}

function checkBypass({ checker, path, model: m, config, x }: UnderCheck): void {
  checker.attempt(path, 'bypass', () => {
    for (const l of new Set([0, config.depth - 1])) {
      const [before, after] = tf.tidy(() => {
        const { stream } = m.forward(x, { bypass: [l] });
        return [read(stream[l]!), read(stream[l + 1]!)];
      });
      const difference = maxRelativeDifference(before, after);
      if (difference > 1e-6) checker.fail(path, 'bypass', `capabilities.bypass is true, but with bypass [${l}] stream[${l + 1}] differs from stream[${l}] by ${difference.toExponential(2)} (relative)`);
      const resumed = tf.tidy(() => maxRelativeDifference(read(m.forward(x, { bypass: [l], intactStream: m.forward(x).stream }).out), read(m.forward(x, { bypass: [l] }).out)));
      if (resumed > 1e-6) checker.fail(path, 'bypass', `with bypass [${l}], the output given the intact stream differs from the output without it by ${resumed.toExponential(2)} (relative)`);
    }
  });
}

function checkBlocks(under: UnderCheck): void {
  const { checker, path, model: m, config, x } = under;
  checker.attempt(path, 'blocks', () => {
    for (let l = 0; l < config.depth; l++) {
      const { difference, branchOnlyDifference, parts, stage } = tf.tidy(() => {
        const { stream } = m.forward(x);
        return {
          difference: maxRelativeDifference(read(m.block(l, x)(stream[l]!)), read(stream[l + 1]!)),
          branchOnlyDifference: m.branchOnly?.(l) === true ? maxRelativeDifference(read(m.block(l, x)(stream[l]!)), read(m.branch(l, x)(stream[l]!))) : 0,
          parts: Object.entries(m.parts?.(l, x)(stream[l]!) ?? {}).map(([name, part]) => ({ name, shape: part.shape })),
          stage: stream[l]!.shape,
        };
      });
      if (difference > 1e-4) checker.fail(path, 'blocks', `capabilities.blocks is true, but block(${l})(stream[${l}]) differs from stream[${l + 1}] by ${difference.toExponential(2)} (relative)`);
      if (branchOnlyDifference > 1e-4) checker.fail(path, 'blocks', `branchOnly(${l}) is true, but block(${l})(stream[${l}]) differs from branch(${l})(stream[${l}]) by ${branchOnlyDifference.toExponential(2)} (relative)`);
      for (const { name, shape } of parts) {
        if (JSON.stringify(shape) !== JSON.stringify(stage)) checker.fail(path, 'blocks', `part ${name} of block ${l} is [${shape.join(', ')}], not the stream's [${stage.join(', ')}]`);
      }
    }
    checkMaps(under);
  });
}

/** `maps(input)` gives the same maps as `block(l, input)` and `branch(l, input)`. */
function checkMaps({ checker, path, model: m, config, x }: UnderCheck): void {
  if (m.maps === undefined) return;
  const maps = m.maps(x);
  const stream = tf.tidy(() => m.forward(x).stream);
  try {
    for (let l = 0; l < config.depth; l++) {
      for (const which of ['block', 'branch'] as const) {
        const difference = tf.tidy(() => maxRelativeDifference(read(maps[which](l)(stream[l]!)), read(m[which](l, x)(stream[l]!))));
        if (difference > 1e-6) checker.fail(path, 'blocks', `maps(input).${which}(${l}) differs from ${which}(${l}, input) by ${difference.toExponential(2)} (relative)`);
      }
    }
  } finally {
    maps.dispose();
    tf.dispose(stream.filter((t) => t !== x));
  }
}

function checkAdditive({ checker, path, model: m, config, x }: UnderCheck): void {
  checker.attempt(path, 'additive', () => {
    for (let l = 0; l < config.depth; l++) {
      const difference = tf.tidy(() => {
        const h = m.forward(x).stream[l]!;
        return maxRelativeDifference(read(m.block(l, x)(h)), read(tf.add(h, m.branch(l, x)(h))));
      });
      if (difference > 1e-4) checker.fail(path, 'additive', `capabilities.additive is true, but block(${l})(h) differs from h + branch(${l})(h) by ${difference.toExponential(2)} (relative)`);
    }
  });
}

function checkLoss({ checker, path, model: m, x, y }: UnderCheck, trainSteps: number): void {
  checker.attempt(path, 'loss', () => {
    const lossNow = () => tf.tidy(() => m.task.loss(m.forward(x).out, y).dataSync()[0]!);
    const initial = lossNow();
    if (!Number.isFinite(initial)) {
      checker.fail(path, 'loss', `the loss at step 0 is ${initial}`);
      return;
    }
    const optimizer = tf.train.adam(1e-2);
    for (let step = 0; step < trainSteps; step++) optimizer.minimize(() => m.task.loss(m.forward(x).out, y), false, m.params);
    optimizer.dispose();
    const final = lossNow();
    if (!(final < initial)) checker.fail(path, 'loss', `${trainSteps} Adam steps (lr 0.01) on one batch took the loss from ${initial} to ${final}; it must decrease`);
  });
}

function checkDeterminism(checker: Checker, path: string, architecture: Architecture, config: ModelConfig, batch: number): void {
  checker.attempt(path, 'deterministic', () => {
    const fingerprint = (seed: number) => {
      const model = build(architecture, { ...config, seed });
      const values = tf.tidy(() => {
        const { x } = model.task.sample(batch, seed);
        return { params: model.params.flatMap(read), data: read(x), out: read(model.forward(x).out) };
      });
      model.dispose();
      return values;
    };
    const first = fingerprint(config.seed);
    const second = fingerprint(config.seed);
    for (const key of ['params', 'data', 'out'] as const) {
      const difference = maxRelativeDifference(first[key], second[key]);
      if (difference !== 0) checker.fail(path, 'deterministic', `two builds from seed ${config.seed} differ in ${key} by ${difference.toExponential(2)} (relative)`);
    }
    const other = fingerprint(config.seed + 1);
    if (maxRelativeDifference(first.params, other.params) === 0) checker.fail(path, 'seeded', `seeds ${config.seed} and ${config.seed + 1} gave identical weights`);
  });
}

/** Probe settings small enough for the kit: a few steps and iterations, so every probe runs in moments. */
const kitPlan = (batch: number): CasePlan => ({
  preset: { settings: { batch, trainSteps: 2, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 2 }, repeat: 1 } },
});

const measured = (result: CaseResult) => JSON.stringify([result.metrics, result.series, result.labels]);

/**
 * Runs `probe` on a fresh model of `architecture` as the runner would (runCase: build, requirements, run,
 * dispose) and checks what it promises: it runs where it applies, leaks nothing, gives every value a unit and,
 * with `repeat`, the same numbers a second time.
 */
async function checkProbe(checker: Checker, path: string, { probe }: RegisteredProbe, architecture: Architecture, config: ModelConfig, batch: number, repeat: boolean): Promise<void> {
  let samples: number;
  try {
    samples = samplesFor(probe, batch);
  } catch (error) {
    checker.fail(path, 'probes', error instanceof Error ? error.message : String(error));
    return;
  }
  const planned: PlannedCase = { id: `kit/${probe.id}`, index: 0, benchmark: 'kit', architecture, probe: probe.id, batch, samples, config };
  const before = tf.memory().numTensors;
  const result = await runCase(planned, probe, kitPlan(batch));
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) checker.fail(path, 'leaks', `probe ${probe.id} left ${leaked} tensors on this model`);
  if (result.status === 'failed') {
    checker.fail(path, 'probes', `probe ${probe.id} applies (requires ${probe.requires.join(', ') || 'nothing'}) but threw: ${result.error}`);
    return;
  }
  if (result.status === 'not-applicable') return;
  const unitless = [...Object.keys(result.metrics), ...Object.keys(result.series)].filter((name) => !(name in result.units));
  if (unitless.length > 0) checker.fail(path, 'units', `probe ${probe.id} recorded ${unitless.join(', ')} with no unit`);
  if (repeat && !probe.timed) {
    const again = await runCase(planned, probe, kitPlan(batch));
    if (measured(again) !== measured(result)) checker.fail(path, 'repeatable', `probe ${probe.id} gave other numbers on a second run from seed ${config.seed}`);
  }
}

/** Core's small test architectures, on which the kit runs a plugin's own probes: a conv stack, a token stack, a shared-weight ODE. */
const testArchitectures: readonly Architecture[] = [toyConv, toyTokens, linearOde(0.5)];

/**
 * The conformance kit: checks the promises of the plugin contract (not style) and returns every failure,
 * each naming the architecture, variant and depth, the promise and what happened. Works under any test
 * runner; `assertPluginConforms` throws instead.
 */
export async function checkPlugin(plugin: unknown, options: CheckPluginOptions = {}): Promise<ConformanceFailure[]> {
  const depths = options.depths ?? defaultDepths;
  const batch = options.batch ?? defaultBatch;
  const seed = options.seed ?? defaultSeed;
  const trainSteps = options.trainSteps ?? defaultTrainSteps;
  const optionProblems = [
    ...(depths.length > 0 && depths.every((d) => Number.isInteger(d) && d >= 1) ? [] : [`depths: expected positive integers, but got [${depths.join(', ')}]`]),
    ...(Number.isInteger(batch) && batch >= 1 ? [] : [`batch: expected a positive integer, but got ${batch}`]),
  ];
  if (optionProblems.length > 0) throw new UsageError(`checkPlugin options: ${optionProblems.join('; ')}. Accepted: depths, batch, seed, config, trainSteps, backend.`);

  const checker = new Checker();
  for (const problem of validatePlugin(plugin)) {
    const [field, ...rest] = problem.split(': ');
    checker.fail(field!, 'shape', rest.join(': '));
  }
  if (checker.failures.length > 0) return checker.failures;
  await selectBackend(options.backend ?? 'wasm');
  const checked = plugin as Plugin;
  const registry = createRegistry([standardProbes, checked]);
  for (const problem of registry.problems) checker.fail('(plugin)', 'shape', problem);
  const own = new Set((checked.probes ?? []).map((p) => p.id));
  const ownProbes = [...registry.probes.values()].filter((p) => own.has(p.probe.id));
  const firstDepth = Math.min(...depths);

  for (const [i, architecture] of (checked.architectures ?? []).entries()) {
    for (const variant of Object.keys(architecture.variants)) {
      for (const depth of depths) {
        const path = `architectures[${i}] (${architecture.id}) variant ${variant} depth ${depth}`;
        const config: ModelConfig = { ...architecture.defaults, ...options.config, variant, depth, seed };
        const baseline = tf.memory().numTensors;
        const model = checkModel(checker, path, architecture, { ...config }, batch, depth === firstDepth ? trainSteps : 0);
        if (model === undefined) continue;
        model.dispose();
        if (depth === firstDepth) {
          // Core's probes are checked for repeatability by core's own tests; the plugin's are checked here.
          for (const registered of registry.probes.values()) await checkProbe(checker, path, registered, architecture, config, batch, own.has(registered.probe.id));
          checkDeterminism(checker, path, architecture, config, batch);
        }
        const leaked = tf.memory().numTensors - baseline;
        if (leaked !== 0) checker.fail(path, 'leaks', `${leaked} tensors were still alive after model.dispose()`);
      }
    }
  }
  for (const architecture of ownProbes.length > 0 ? testArchitectures : []) {
    for (const variant of Object.keys(architecture.variants)) {
      const path = `core test architecture ${architecture.id} variant ${variant} depth ${firstDepth}`;
      const config: ModelConfig = { ...architecture.defaults, variant, depth: firstDepth, seed };
      for (const registered of ownProbes) await checkProbe(checker, path, registered, architecture, config, batch, true);
    }
  }
  return checker.failures;
}

export function formatFailure(failure: ConformanceFailure): string {
  return `${failure.path}: ${PROMISES[failure.promise]}: ${failure.message}`;
}

/** `checkPlugin`, throwing one error that lists every failure. */
export async function assertPluginConforms(plugin: unknown, options?: CheckPluginOptions): Promise<void> {
  const failures = await checkPlugin(plugin, options);
  if (failures.length > 0) {
    throw new SkipbenchError(`The plugin breaks ${failures.length} promise(s) of the skipbench contract: ${failures.map(formatFailure).join('; ')}.`, 'plugin');
  }
}

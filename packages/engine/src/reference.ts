import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Architecture, type Model, type ModelConfig, buildModel, SkipbenchError, UsageError, readBack, trainStep, type Tensor, type TF } from '@skipbench/core';

/** The format of a reference case folder; a reader refuses another. */
export const REFERENCE_FORMAT = 'skipbench-reference/1';

/** A float32 array as `name.npy` in a case folder: numpy reads it with `numpy.load` and nothing else. */
export interface ExportedArray {
  file: string;
  shape: number[];
}

/**
 * `index.json` of a reference case: the model's config, its parameters in `model.params` order, the batch,
 * and what skipbench computed on it (loss, `dL/dstream[l]` for every stage, `dL/dθ` for every parameter).
 * Layouts are TF.js's: images NHWC, conv filters `[kh, kw, in, out]`, dense kernels `[in, out]`.
 */
export interface ReferenceIndex {
  format: typeof REFERENCE_FORMAT;
  arch: string;
  config: Model['config'];
  batch: number;
  params: ExportedArray[];
  x: ExportedArray;
  y: ExportedArray;
  loss: number;
  streamGrads: ExportedArray[];
  paramGrads: ExportedArray[];
  /**
   * Present when the model has a graph (`Model.graph`, `capabilities.graph`): its node count and its edges as
   * `graph-edges.npy`, float32 `[edges, 2]` (node indices, exact below 2^24), the undirected edges as
   * `Graph.edges` lists them. The family's reference builds its own propagation matrix from them (for a GCN,
   * Â as core's `gcnAdjacency` does: self-loops and duplicates dropped, then self-loops added and normalised);
   * the referee passes the case folder as `index["dir"]` to load them.
   */
  graph?: { nodes: number; edges: ExportedArray };
}

/** numpy's .npy format, version 1.0: magic, header length, a Python dict literal padded to 64 bytes, data. */
export function npyBytes(values: Float32Array, shape: readonly number[]): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix.writeUInt8(1, 6);
  prefix.writeUInt8(0, 7);
  prefix.writeUInt16LE(header.length, 8);
  // Float32Array is little-endian on every platform Node runs on.
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(values.buffer, values.byteOffset, values.byteLength)]);
}

/**
 * Builds what a reference implementation needs to check `model` on one batch and writes it into `dir`:
 * `index.json` and one .npy file per array. Computes the loss and every stream and parameter gradient in one
 * backward pass (zero perturbations at every stage, as the gradient probes do). A model with a graph also
 * gets `graph-edges.npy` (see `ReferenceIndex.graph`).
 */
export async function exportReference(tf: TF, model: Model, options: { arch: string; batch: number; seed: number; dir: string }): Promise<ReferenceIndex> {
  const { dir, batch, seed } = options;
  mkdirSync(dir, { recursive: true });
  const { x, y } = model.task.sample(batch, seed);
  const streamShapes = model.streamShapes(batch);
  const computed = await readBack(tf, () => {
    const zeros = streamShapes.map((shape) => tf.zeros(shape));
    const targets = [...zeros, ...model.params];
    const { value, grads } = tf.engine().gradients(() => model.task.loss(model.forward(x, { perturb: zeros }).out, y), targets, undefined, true);
    // A parameter the loss does not reach has no gradient: it is exactly zero.
    return [value, ...grads.map((g, i) => g ?? tf.zerosLike(targets[i]!))] as Tensor[];
  });
  // The batch and the weights stay alive (readBack disposes what it reads): read them directly.
  const inputs = (await Promise.all([x, y, ...model.params].map((t) => t.data()))) as Float32Array[];
  const values = [computed[0]!, ...inputs, ...computed.slice(1)];
  const shapes = [[], x.shape, y.shape, ...model.params.map((p) => p.shape), ...streamShapes, ...model.params.map((p) => p.shape)];
  tf.dispose([x, y]);
  const loss = values[0]![0]!;
  const write = (name: string, index: number): ExportedArray => {
    const file = `${name}.npy`;
    writeFileSync(path.join(dir, file), npyBytes(Float32Array.from(values[index]!), shapes[index]!));
    return { file, shape: [...shapes[index]!] };
  };
  const paramCount = model.params.length;
  const index: ReferenceIndex = {
    format: REFERENCE_FORMAT,
    arch: options.arch,
    config: model.config,
    batch,
    x: write('x', 1),
    y: write('y', 2),
    params: model.params.map((_, i) => write(`param-${i}`, 3 + i)),
    loss,
    streamGrads: streamShapes.map((_, l) => write(`stream-grad-${l}`, 3 + paramCount + l)),
    paramGrads: model.params.map((_, i) => write(`param-grad-${i}`, 3 + paramCount + streamShapes.length + i)),
  };
  if (model.graph !== undefined) {
    const { nodes, edges } = model.graph;
    const shape = [edges.length, 2];
    writeFileSync(path.join(dir, 'graph-edges.npy'), npyBytes(Float32Array.from(edges.flat()), shape));
    index.graph = { nodes, edges: { file: 'graph-edges.npy', shape } };
  }
  writeFileSync(path.join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

/** The engine's referee script (`reference/referee.py`), which runs a family's PyTorch reference on case folders. */
export const REFEREE_SCRIPT = fileURLToPath(new URL('../reference/referee.py', import.meta.url));

/** What the referee reports of one case (one JSON line of `referee.py`). */
export interface RefereeVerdict {
  loss: number;
  /** |skipbench − PyTorch| / |PyTorch| of the loss. */
  lossRelative: number;
  /** ‖skipbench − PyTorch‖ / ‖PyTorch‖ of dL/dstream[l], stage 0 first. */
  streamGradRelative: number[];
  /** The same of dL/dθ, in `model.params` order. */
  paramGradRelative: number[];
  /**
   * Each float32 side's largest relative disagreement with PyTorch in float64 on the same case: where both are
   * far from it alike, the case's conditioning (a sum that cancels) limits float32, not either side.
   */
  float64: { skipbench: number; torch: number };
  torch: string;
  threads: number;
  /** With timing: PyTorch's train step (SGD) in ms, best repetition, by thread count (`"1"`, `"2"`, …). */
  msPerStep?: Record<string, number>;
}

export interface RefereeOptions {
  /** Samples in the exported batch. */
  batch: number;
  /** Seed of the batch (the model's is in its config). */
  seed: number;
  /** Where the case folders go; the caller removes it. @default a temporary folder, removed afterwards */
  dir?: string;
  /** @default '/usr/bin/python3' (Debian's python3-torch) */
  python?: string;
  /** Time this many PyTorch train steps per repetition at each of `threads`. @default 0: no timing */
  timeSteps?: number;
  /** PyTorch thread counts to time at (0: torch's default, all cores). @default [1] */
  threads?: readonly number[];
}

/** One refereed case: its config, the referee's verdict and, with timing, skipbench's own train step. */
export interface RefereedCase {
  config: ModelConfig;
  verdict: RefereeVerdict;
  /** skipbench's train step (SGD) in ms on the current backend, best repetition, timed as the referee times PyTorch's. */
  msPerStep?: number;
}

/** Repetitions of a timed train step; the best is reported, on both sides. */
const TIMING_REPETITIONS = 5;

/** skipbench's train step (forward, every gradient, SGD update; the loss read back) in ms, best of 5 repetitions of `steps` after 2 warm-up steps. */
export async function trainStepMs(tf: TF, model: Model, options: { batch: number; seed: number; steps: number }): Promise<number> {
  const { x, y } = model.task.sample(options.batch, options.seed);
  const optimizer = tf.train.sgd(1e-3);
  const step = () => trainStep(model, optimizer, x, y);
  try {
    for (let i = 0; i < 2; i++) await step();
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < TIMING_REPETITIONS; r++) {
      const start = performance.now();
      for (let i = 0; i < options.steps; i++) await step();
      best = Math.min(best, (performance.now() - start) / options.steps);
    }
    return best;
  } finally {
    optimizer.dispose();
    tf.dispose([x, y]);
  }
}

/**
 * Builds every case of `architecture` (its defaults overridden by the case), exports it and has the referee
 * rebuild it in the family's PyTorch reference (`architecture.reference`): one verdict per case, in order.
 * With `timeSteps`, both sides' train steps are timed (skipbench's right after the export, on the exported
 * weights). Throws with the referee's last line of error output when the reference fails.
 */
export async function refereeCases(tf: TF, architecture: Architecture, cases: ReadonlyArray<Partial<ModelConfig>>, options: RefereeOptions): Promise<RefereedCase[]> {
  if (architecture.reference === undefined) throw new UsageError(`${architecture.id} ships no PyTorch reference (Architecture.reference).`);
  const root = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'skipbench-referee-'));
  try {
    return await refereeIn(root, tf, architecture, architecture.reference, cases, options);
  } finally {
    if (options.dir === undefined) rmSync(root, { recursive: true, force: true });
  }
}

async function refereeIn(root: string, tf: TF, architecture: Architecture, reference: string, cases: ReadonlyArray<Partial<ModelConfig>>, options: RefereeOptions): Promise<RefereedCase[]> {
  const dirs: string[] = [];
  const built: Array<Omit<RefereedCase, 'verdict'>> = [];
  for (const [i, overrides] of cases.entries()) {
    const model = buildModel(architecture, { ...architecture.defaults, seed: options.seed, ...overrides });
    const dir = path.join(root, `${architecture.id}-${i}`);
    try {
      await exportReference(tf, model, { arch: architecture.id, batch: options.batch, seed: options.seed, dir });
      const msPerStep = options.timeSteps ? await trainStepMs(tf, model, { batch: options.batch, seed: options.seed, steps: options.timeSteps }) : undefined;
      built.push({ config: model.config, ...(msPerStep === undefined ? {} : { msPerStep }) });
    } finally {
      model.dispose();
    }
    dirs.push(dir);
  }
  const timing = options.timeSteps ? ['--time', String(options.timeSteps), '--threads', (options.threads ?? [1]).join(',')] : [];
  const run = spawnSync(options.python ?? '/usr/bin/python3', [REFEREE_SCRIPT, '--family', reference, ...timing, '--case', ...dirs], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (run.status !== 0) throw new SkipbenchError(`The ${architecture.id} PyTorch reference failed: ${(run.stderr ?? String(run.error)).trim().split('\n').at(-1)?.trim()}`, 'internal');
  return run.stdout
    .trim()
    .split('\n')
    .map((line, i) => ({ ...built[i]!, verdict: JSON.parse(line) as RefereeVerdict }));
}

/** The largest of a verdict's relative disagreements (loss, every stream gradient, every parameter gradient). */
export function worstDisagreement(verdict: RefereeVerdict): number {
  return Math.max(verdict.lossRelative, ...verdict.streamGradRelative, ...verdict.paramGradRelative);
}

/** skipbench's distance from float64 may be this many times PyTorch's own before it is skipbench's error. */
export const FLOAT32_LIMITED_FACTOR = 2;

/**
 * `agrees`: within `tolerance` of PyTorch in float32. `float32-limited`: not, but no further from float64 than
 * PyTorch's float32 is (within a factor of 2): the case is ill-conditioned in float32 on both sides.
 * `disagrees`: skipbench is further from the truth than PyTorch is (a fault, or a pre-activation within
 * rounding of a ReLU's kink, where the two sides differentiate different pieces).
 */
export function refereeAgreement(verdict: RefereeVerdict, tolerance: number): 'agrees' | 'float32-limited' | 'disagrees' {
  if (worstDisagreement(verdict) <= tolerance) return 'agrees';
  return verdict.float64.skipbench <= FLOAT32_LIMITED_FACTOR * verdict.float64.torch ? 'float32-limited' : 'disagrees';
}

/** Whether `python` imports torch and numpy, as the referee needs (Debian's python3-torch provides both). */
export function torchAvailable(python = '/usr/bin/python3'): boolean {
  return spawnSync(python, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;
}

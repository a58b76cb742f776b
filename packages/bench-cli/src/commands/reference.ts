import os from 'node:os';
import picomatch from 'picomatch';
import { describeEnvironment, type RefereedCase, refereeAgreement, refereeCases, torchAvailable } from '@skipbench/engine';
import { selectBackend } from '@skipbench/backends';
import { tf, UsageError, unknownChoice } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { formatNumber, table } from '../format.js';
import { outputFile, writeJsonAtomically } from '../output.js';
import { parseArchGlob, parseInteger, parseIntegerList, parseList, parsePositiveInteger, parseThreads } from '../parse-args.js';
import { loadRegistry, reportProblems } from '../registry.js';

export interface ReferenceOptions {
  arch: string;
  variant?: string;
  norm?: string;
  depths: string;
  batch: string;
  width?: string;
  inputSize?: string;
  seed: string;
  backend: string;
  threads: string;
  python: string;
  tolerance: string;
  time?: string;
  out?: string;
  json?: boolean;
}

/** What `--out` writes: every case with its verdict, and what it ran on. */
export const REFERENCE_RESULTS_FORMAT = 'skipbench-reference-results/1';

/**
 * `skipbench reference`: every selected architecture that ships a PyTorch reference is built from the seed,
 * exported with what skipbench computed and rebuilt by the referee on the same weights (core's
 * `refereeCases`); one row per case with the largest relative disagreements and, with `--time`, both train
 * steps side by side. Exit 1 when any case disagrees beyond the tolerance.
 */
export async function referenceCommand(options: ReferenceOptions): Promise<number> {
  const depths = parseIntegerList('--depths', options.depths);
  const batch = parsePositiveInteger('--batch', options.batch);
  const seed = parseInteger('--seed', options.seed);
  const timeSteps = options.time === undefined ? 0 : parsePositiveInteger('--time', options.time);
  const threads = parseThreads(options.threads);
  const sizes = {
    ...(options.width === undefined ? {} : { width: parsePositiveInteger('--width', options.width) }),
    ...(options.inputSize === undefined ? {} : { inputSize: parsePositiveInteger('--input-size', options.inputSize) }),
  };
  const out = options.out === undefined ? undefined : outputFile(options.out, '--out');
  const tolerance = Number(options.tolerance);
  if (!(tolerance > 0)) throw new UsageError(`Expected --tolerance to be a positive number, but got '${options.tolerance}'.`);
  const loaded = await loadRegistry();
  reportProblems(loaded);
  const matches = picomatch(parseArchGlob(options.arch));
  const architectures = [...loaded.registry.architectures.values()].map((a) => a.architecture).filter((a) => matches(a.id) && a.reference !== undefined);
  if (architectures.length === 0) throw new UsageError(`No architecture matching '${options.arch}' ships a PyTorch reference (Architecture.reference).`);
  if (!torchAvailable(options.python)) throw new UsageError(`${options.python} cannot import torch and numpy: install Debian's python3-torch, or name another interpreter with --python.`);
  const plans = architectures.map((architecture) => {
    const variants = options.variant === undefined ? Object.keys(architecture.variants) : parseList(options.variant);
    const norms = options.norm === undefined ? [architecture.defaults.norm] : parseList(options.norm);
    for (const variant of variants) if (!(variant in architecture.variants)) throw unknownChoice('variant', variant, Object.keys(architecture.variants));
    for (const norm of norms) if (!architecture.choices.norm.includes(norm)) throw unknownChoice('normalisation', norm, architecture.choices.norm);
    return { architecture, cases: variants.flatMap((variant) => norms.flatMap((norm) => depths.map((depth) => ({ variant, norm, depth, ...sizes })))) };
  });
  const backend = await selectBackend(options.backend, { threads });
  const cores = Math.max(1, os.cpus().length);
  // PyTorch on the threads skipbench ran on, and on every core.
  const torchThreads = backend.threads === cores ? [cores] : [backend.threads, 0];
  const rows: Array<RefereedCase & { arch: string }> = [];
  for (const { architecture, cases } of plans) {
    const refereed = await refereeCases(tf, architecture, cases, { batch, seed, python: options.python, timeSteps, threads: torchThreads });
    rows.push(...refereed.map((r) => ({ arch: architecture.id, ...r })));
  }
  const cases = rows.map((r) => ({
    arch: r.arch,
    variant: r.config.variant,
    norm: r.config.norm,
    depth: r.config.depth,
    config: r.config,
    agreement: refereeAgreement(r.verdict, tolerance),
    verdict: r.verdict,
    ...(r.msPerStep === undefined ? {} : { msPerStep: r.msPerStep, ratioSameThreads: r.msPerStep / r.verdict.msPerStep![String(backend.threads)]!, ratioAllCores: r.msPerStep / r.verdict.msPerStep![String(cores)]! }),
  }));
  const document = { format: REFERENCE_RESULTS_FORMAT, createdAt: new Date().toISOString(), tolerance, batch, seed, timeSteps, environment: describeEnvironment(backend, {}), torch: rows[0]?.verdict.torch, cases };
  if (out !== undefined) writeJsonAtomically(out, document);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    const timed = timeSteps > 0;
    const ms = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(1));
    process.stdout.write(
      `${table(
        ['arch', 'variant', 'norm', 'depth', 'loss', 'stream grads (max)', 'param grads (max)', 'vs float64: skipbench', 'torch', 'verdict', ...(timed ? ['skipbench ms', `torch ${backend.threads} thread${backend.threads === 1 ? '' : 's'}`, `torch ${cores} threads`, 'ratio (same threads)', `ratio (${cores} cores)`] : [])],
        cases.map((c) => [
          c.arch,
          c.variant,
          c.norm,
          String(c.depth),
          formatNumber(c.verdict.lossRelative),
          formatNumber(Math.max(...c.verdict.streamGradRelative)),
          formatNumber(Math.max(...c.verdict.paramGradRelative)),
          formatNumber(c.verdict.float64.skipbench),
          formatNumber(c.verdict.float64.torch),
          c.agreement,
          ...(timed ? [ms(c.msPerStep), ms(c.verdict.msPerStep?.[String(backend.threads)]), ms(c.verdict.msPerStep?.[String(cores)]), `${c.ratioSameThreads!.toFixed(2)}×`, `${c.ratioAllCores!.toFixed(2)}×`] : []),
        ]),
      )}\n\nlargest relative disagreement ‖skipbench − PyTorch‖ / ‖PyTorch‖ on identical weights, float32 (${backend.id}, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}; torch ${document.torch ?? '?'}); ` +
        `'agrees': within ${options.tolerance}; 'float32-limited': beyond it, but no further from PyTorch's float64 than PyTorch's float32 is (the case is ill-conditioned)` +
        `${timed ? `; train step (SGD, batch ${batch}): best of 5 repetitions of ${timeSteps} steps on each side` : ''}\n`,
    );
  }
  const disagreeing = cases.filter((c) => c.agreement === 'disagrees');
  if (disagreeing.length > 0) {
    process.stderr.write(
      `skipbench: ${disagreeing.length} of ${rows.length} cases disagree with their PyTorch reference beyond ${options.tolerance}, further from float64 than PyTorch is ` +
        `(where a pre-activation lies within rounding of a ReLU's kink the two sides differentiate different pieces: another --seed tells)\n`,
    );
  }
  return disagreeing.length > 0 ? EXIT.failures : EXIT.ok;
}

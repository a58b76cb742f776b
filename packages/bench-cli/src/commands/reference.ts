import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { buildModel, exportReference, selectBackend, tf, UsageError, unknownChoice } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { formatNumber, table } from '../format.js';
import { parseArchGlob, parseInteger, parseIntegerList, parseList, parsePositiveInteger } from '../parse-args.js';
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
  python: string;
  tolerance: string;
  json?: boolean;
}

interface Verdict {
  lossRelative: number;
  streamGradRelative: number[];
  paramGradRelative: number[];
  torch: string;
}

/**
 * `skipbench reference`: every selected architecture that ships a PyTorch reference is built from the seed,
 * exported with what skipbench computed (`exportReference`) and rebuilt by the referee on the same weights;
 * one row per case with the largest relative disagreements. Exit 1 when any exceeds the tolerance.
 */
export async function referenceCommand(options: ReferenceOptions): Promise<number> {
  const depths = parseIntegerList('--depths', options.depths);
  const batch = parsePositiveInteger('--batch', options.batch);
  const seed = parseInteger('--seed', options.seed);
  const sizes = {
    ...(options.width === undefined ? {} : { width: parsePositiveInteger('--width', options.width) }),
    ...(options.inputSize === undefined ? {} : { inputSize: parsePositiveInteger('--input-size', options.inputSize) }),
  };
  const tolerance = Number(options.tolerance);
  if (!(tolerance > 0)) throw new UsageError(`Expected --tolerance to be a positive number, but got '${options.tolerance}'.`);
  const loaded = await loadRegistry();
  reportProblems(loaded);
  const matches = picomatch(parseArchGlob(options.arch));
  const architectures = [...loaded.registry.architectures.values()].map((a) => a.architecture).filter((a) => matches(a.id) && a.reference !== undefined);
  if (architectures.length === 0) throw new UsageError(`No architecture matching '${options.arch}' ships a PyTorch reference (Architecture.reference).`);
  const probe = spawnSync(options.python, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new UsageError(`${options.python} cannot import torch and numpy: install Debian's python3-torch, or name another interpreter with --python.`);
  await selectBackend(options.backend);
  const referee = createRequire(import.meta.url).resolve('@skipbench/core/reference/referee.py');
  const root = mkdtempSync(path.join(os.tmpdir(), 'skipbench-reference-'));
  const rows: Array<{ arch: string; variant: string; norm: string; depth: number; verdict: Verdict }> = [];
  try {
    for (const architecture of architectures) {
      const variants = options.variant === undefined ? Object.keys(architecture.variants) : parseList(options.variant);
      const norms = options.norm === undefined ? [architecture.defaults.norm] : parseList(options.norm);
      for (const variant of variants) if (!(variant in architecture.variants)) throw unknownChoice('variant', variant, Object.keys(architecture.variants));
      for (const norm of norms) if (!architecture.choices.norm.includes(norm)) throw unknownChoice('normalisation', norm, architecture.choices.norm);
      const cases = variants.flatMap((variant) => norms.flatMap((norm) => depths.map((depth) => ({ variant, norm, depth }))));
      const dirs: string[] = [];
      for (const c of cases) {
        const model = buildModel(architecture, { ...architecture.defaults, ...c, ...sizes, seed });
        const dir = path.join(root, `${architecture.id}-${c.variant}-${c.norm}-${c.depth}`);
        await exportReference(tf, model, { arch: architecture.id, batch, seed, dir });
        model.dispose();
        dirs.push(dir);
      }
      const run = spawnSync(options.python, [referee, '--family', architecture.reference!, '--case', ...dirs], { encoding: 'utf8' });
      if (run.status !== 0) throw new UsageError(`The ${architecture.id} reference failed: ${(run.stderr.trim().split('\n').at(-1) ?? '').trim()}`);
      for (const [i, line] of run.stdout.trim().split('\n').entries()) rows.push({ arch: architecture.id, ...cases[i]!, verdict: JSON.parse(line) as Verdict });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const worst = (r: (typeof rows)[number]) => Math.max(r.verdict.lossRelative, ...r.verdict.streamGradRelative, ...r.verdict.paramGradRelative);
  const disagreeing = rows.filter((r) => !(worst(r) <= tolerance));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ tolerance, backend: options.backend, cases: rows.map((r) => ({ ...r, agrees: worst(r) <= tolerance })) }, null, 2)}\n`);
  } else {
    const shown = (v: number) => formatNumber(v);
    process.stdout.write(
      `${table(
        ['arch', 'variant', 'norm', 'depth', 'loss', 'stream grads (max)', 'param grads (max)', `within ${options.tolerance}`],
        rows.map((r) => [r.arch, r.variant, r.norm, String(r.depth), shown(r.verdict.lossRelative), shown(Math.max(...r.verdict.streamGradRelative)), shown(Math.max(...r.verdict.paramGradRelative)), worst(r) <= tolerance ? 'yes' : 'NO']),
      )}\n\nrelative disagreement ‖skipbench − PyTorch‖ / ‖PyTorch‖ on identical weights (${options.backend}; torch ${rows[0]?.verdict.torch ?? '?'})\n`,
    );
  }
  if (disagreeing.length > 0) process.stderr.write(`skipbench: ${disagreeing.length} of ${rows.length} cases disagree with their PyTorch reference beyond ${options.tolerance}\n`);
  return disagreeing.length > 0 ? EXIT.failures : EXIT.ok;
}

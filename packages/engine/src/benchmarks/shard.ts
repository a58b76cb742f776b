import { OptionError, type SpellOption } from '@skipbench/core';
import type { Shard } from './plan.js';

const SHARD_HELP = "'i/n' (1 <= i <= n), 'auto' (Slurm array job) or 'auto/n' (Slurm array or Kubernetes indexed Job, index 0..n-1)";
const SHARD_FORMS = ['i/n', 'auto', 'auto/n'] as const;

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** A refused shard spec; a malformed one also lists the forms accepted. */
const refuse = (spec: string, phrase: (spell: SpellOption) => string) => new OptionError({ option: 'shard', received: spec }, phrase);
const malformed = (spec: string) => new OptionError({ option: 'shard', received: spec, accepted: SHARD_FORMS }, (spell) => `Expected ${spell('shard')} ${SHARD_HELP}, but got '${spec}'.`);

/**
 * Parses `--shard`: `i/n`; `auto/n`, the 0-based index read from a Kubernetes indexed Job (JOB_COMPLETION_INDEX)
 * or a Slurm array (SLURM_ARRAY_TASK_ID), the count given, so a task resubmitted alone (`sbatch --array=1`)
 * is still shard 2 of n; or `auto` from a Slurm array job, its count read too (SLURM_ARRAY_TASK_MIN with
 * _COUNT or _MAX).
 */
export function parseShard(spec: string, env: Record<string, string | undefined> = process.env): Shard {
  const explicit = /^(\d+)\/(\d+)$/.exec(spec);
  if (explicit) {
    const shard = { index: Number(explicit[1]), count: Number(explicit[2]) };
    if (shard.index < 1 || shard.index > shard.count) throw malformed(spec);
    return shard;
  }
  const auto = /^auto(?:\/(\d+))?$/.exec(spec);
  if (!auto) throw malformed(spec);
  if (auto[1] !== undefined) return indexedShard(spec, Number(auto[1]), env);
  const taskId = integer(env['SLURM_ARRAY_TASK_ID']);
  if (taskId === undefined) throw refuse(spec, (spell) => `${spell('shard')} auto found no SLURM_ARRAY_TASK_ID; in a Kubernetes indexed Job use ${spell('shard')} auto/<completions>.`);
  const min = integer(env['SLURM_ARRAY_TASK_MIN']) ?? 0;
  const max = integer(env['SLURM_ARRAY_TASK_MAX']);
  const count = integer(env['SLURM_ARRAY_TASK_COUNT']) ?? (max !== undefined ? max - min + 1 : undefined);
  if (count === undefined) throw refuse(spec, (spell) => `${spell('shard')} auto needs SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MAX beside SLURM_ARRAY_TASK_ID.`);
  const index = taskId - min + 1;
  if (index < 1 || index > count) throw refuse(spec, () => `SLURM_ARRAY_TASK_ID ${taskId} is outside the array ${min}..${min + count - 1}.`);
  return { index, count };
}

/** `auto/n`: shard index + 1 of `count`, the index from a Kubernetes indexed Job or else a Slurm array task. */
function indexedShard(spec: string, count: number, env: Record<string, string | undefined>): Shard {
  if (count < 1) throw malformed(spec);
  const kubernetes = integer(env['JOB_COMPLETION_INDEX']);
  const [variable, index] = kubernetes !== undefined ? ['JOB_COMPLETION_INDEX', kubernetes] : ['SLURM_ARRAY_TASK_ID', integer(env['SLURM_ARRAY_TASK_ID'])];
  if (index === undefined) throw refuse(spec, (spell) => `${spell('shard')} auto/n found no JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm).`);
  if (index >= count) throw refuse(spec, (spell) => `${variable} is ${index}, but ${spell('shard')} ${spec} allows 0..${count - 1}.`);
  return { index: index + 1, count };
}

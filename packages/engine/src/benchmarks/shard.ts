import { OptionError, type SpellOption } from '@skipbench/core';
import type { Shard } from './plan.js';

const SHARD_HELP = "'i/n' (1 <= i <= n), 'auto' (Slurm array job) or 'auto/n' (Kubernetes indexed Job with n completions)";
const SHARD_FORMS = ['i/n', 'auto', 'auto/n'] as const;

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** A refused shard spec; a malformed one also lists the forms accepted. */
const refuse = (spec: string, phrase: (spell: SpellOption) => string) => new OptionError({ option: 'shard', received: spec }, phrase);
const malformed = (spec: string) => new OptionError({ option: 'shard', received: spec, accepted: SHARD_FORMS }, (spell) => `Expected ${spell('shard')} ${SHARD_HELP}, but got '${spec}'.`);

/**
 * Parses `--shard`: `i/n`, or `auto` from a Slurm array job (SLURM_ARRAY_TASK_ID with _MIN and _COUNT or
 * _MAX), or `auto/n` from a Kubernetes indexed Job (JOB_COMPLETION_INDEX, 0-based, with n given).
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
  const kubernetesIndex = integer(env['JOB_COMPLETION_INDEX']);
  if (auto[1] !== undefined && kubernetesIndex !== undefined) {
    const count = Number(auto[1]);
    if (kubernetesIndex >= count) {
      throw refuse(spec, (spell) => `JOB_COMPLETION_INDEX is ${kubernetesIndex}, but ${spell('shard')} auto/${count} allows 0..${count - 1}.`);
    }
    return { index: kubernetesIndex + 1, count };
  }
  const taskId = integer(env['SLURM_ARRAY_TASK_ID']);
  if (taskId !== undefined) {
    const min = integer(env['SLURM_ARRAY_TASK_MIN']) ?? 0;
    const max = integer(env['SLURM_ARRAY_TASK_MAX']);
    const count = integer(env['SLURM_ARRAY_TASK_COUNT']) ?? (max !== undefined ? max - min + 1 : undefined);
    if (count === undefined) throw refuse(spec, (spell) => `${spell('shard')} auto needs SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MAX beside SLURM_ARRAY_TASK_ID.`);
    if (auto[1] !== undefined && Number(auto[1]) !== count) {
      throw refuse(spec, (spell) => `${spell('shard')} auto/${auto[1]} disagrees with the Slurm array of ${count} tasks.`);
    }
    const index = taskId - min + 1;
    if (index < 1 || index > count) throw refuse(spec, () => `SLURM_ARRAY_TASK_ID ${taskId} is outside the array ${min}..${min + count - 1}.`);
    return { index, count };
  }
  throw refuse(spec, (spell) =>
    auto[1] === undefined
      ? `${spell('shard')} auto found no SLURM_ARRAY_TASK_ID; in a Kubernetes indexed Job use ${spell('shard')} auto/<completions>.`
      : `${spell('shard')} auto/n found no JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm).`,
  );
}

/** Where a run's results file goes: `--out`, a new default-named file, or with --resume the unfinished run's. */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { displayPath, journalPath } from '@skipbench/engine';
import { UsageError } from '@skipbench/core';
import type { RunCommandOptions } from './run-plan.js';

/**
 * `--start-or-resume` as `--resume` or not: resume when `--out` or its journal exists (a run that holds every
 * case then runs nothing), else start. Refused beside `--resume` or `--force`, and without `--out`.
 */
export function startOrResume(options: RunCommandOptions): RunCommandOptions {
  if (!options.startOrResume) return options;
  if (options.resume || options.force) throw new UsageError('--start-or-resume chooses between starting and resuming by itself: leave out --resume and --force.');
  if (options.out === undefined) throw new UsageError('--start-or-resume needs --out: the results file that the first start and every requeue write.');
  const out = path.resolve(options.out);
  return { ...options, resume: existsSync(journalPath(out)) || existsSync(out) };
}

export function defaultOutputPrefix(benchmark: string, options: RunCommandOptions): string {
  const shard = options.shard === undefined ? '' : `-shard${options.shard.replace('/', 'of')}`;
  return `${benchmark}-${options.preset}-${options.backend}${shard}-`;
}

/**
 * The newest default-named results file of the same benchmark, preset and backend in `folder`: of an
 * unfinished run (its journal beside it) or, with `finished`, of one whose journal is gone.
 */
export function newestRun(folder: string, prefix: string, { finished = false } = {}): string | undefined {
  // An unfinished run killed before its first write has only its journal: unfinished runs are found by it.
  const suffix = finished ? '.json' : `.json${journalPath('')}`;
  const candidates = existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => name.startsWith(prefix) && name.endsWith(suffix))
        .map((name) => path.join(folder, name))
        .filter((file) => !finished || !existsSync(journalPath(file)))
    : [];
  return candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]?.slice(0, finished ? undefined : -journalPath('').length);
}

/** The results file: `--out`, else a new default-named one in `folder` (created if missing), or with --resume the newest unfinished one there. */
export function resolveOutput(benchmark: string, options: RunCommandOptions, folder = path.resolve('results')): string {
  if (options.out !== undefined) return path.resolve(options.out);
  const prefix = defaultOutputPrefix(benchmark, options);
  if (options.resume) {
    const previous = newestRun(folder, prefix);
    if (previous === undefined) throw new UsageError(`Nothing to resume: no ${displayPath(path.join(folder, prefix))}*.json.partial.jsonl; name the run's file with --out.`);
    return previous;
  }
  mkdirSync(folder, { recursive: true });
  return path.join(folder, `${prefix}${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
}


import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { selectBackend, type BackendInfo } from '@skipbench/backends';
import { type Architecture, type Plugin, SkipbenchError } from '@skipbench/core';
import { createRegistry, type Registry } from '../registry.js';
import type { CaseResult } from '../results/schema.js';
import type { PlannedCase } from './plan.js';
import { failedCase, oneLine, runCase, type CaseLimits, type CasePlan } from './run-case.js';
import { obeyOnlyTheParent } from './worker-process.js';

/** A planned case as it travels to a worker: the architecture by id (the worker has imported its plugin). */
export type CaseMessage = Omit<PlannedCase, 'architecture'> & { arch: string };

export type ToWorker =
  | { type: 'init'; backend: string; threads: number; plugins: readonly string[] }
  | { type: 'case'; planned: CaseMessage; plan: CasePlan; limits: CaseLimits };

export type FromWorker =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'init-failed'; message: string; code: SkipbenchError['code'] }
  | { type: 'result'; result: CaseResult };

/** A module specifier or a file path, as `import()` takes it. */
const importable = (module: string) => (path.isAbsolute(module) ? pathToFileURL(module).href : module);

async function importPlugin(module: string): Promise<Plugin> {
  const loaded = (await import(importable(module))) as { default?: Plugin };
  if (loaded.default === undefined) throw new SkipbenchError(`${module} has no default export (a plugin made with definePlugin).`, 'plugin');
  return loaded.default;
}

function send(message: FromWorker): void {
  process.send?.(message);
}

/**
 * The worker's side of an isolated run: started by the runner with `child_process.fork`, it selects the
 * backend, imports the plugins it is told (besides `bundled` ones, in a packed bundle), then runs the cases
 * it is sent, one at a time, and sends each result back. The parent times cases out and replaces a worker
 * whose case failed; a signal to the whole group is the parent's to act on (see `obeyOnlyTheParent`).
 */
export function serveCases(bundled: readonly Plugin[] = []): void {
  if (process.send === undefined) throw new SkipbenchError('serveCases runs in a worker forked with an IPC channel.', 'internal');
  obeyOnlyTheParent();
  process.on('disconnect', () => process.exit(0));
  let registry: Registry = createRegistry([]);
  process.on('message', async (message: ToWorker) => {
    if (message.type === 'init') {
      try {
        const backend = await selectBackend(message.backend, { threads: message.threads });
        const plugins = [...bundled, ...(await Promise.all(message.plugins.map(importPlugin)))];
        registry = createRegistry(plugins);
        send({ type: 'ready', backend });
      } catch (error) {
        send({ type: 'init-failed', message: oneLine(error), code: error instanceof SkipbenchError ? error.code : 'internal' });
      }
      return;
    }
    const { arch, ...rest } = message.planned;
    const architecture = registry.architectures.get(arch)?.architecture;
    const probe = registry.probes.get(rest.probe)?.probe;
    const planned: PlannedCase = { ...rest, architecture: architecture ?? ({ id: arch } as Architecture) };
    const result =
      architecture === undefined || probe === undefined
        ? failedCase(planned, `the worker has no ${architecture === undefined ? `architecture ${arch}` : `probe ${rest.probe}`}`, 0)
        : await runCase(planned, probe, message.plan, message.limits);
    send({ type: 'result', result });
  });
}

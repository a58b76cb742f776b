import { Worker } from 'node:worker_threads';

/** Signals sent to a whole process group (Ctrl-C, a scheduler's cancel, a closed terminal): the parent's to act on. */
const LEFT_TO_THE_PARENT = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let settled = false;

/**
 * Makes this process a case worker that only its parent stops: a signal to the whole group is ignored (killed by
 * it, the worker would record a cancelled case as failed), and the process ends once its parent is gone, even
 * in a case that never yields to the event loop, where the IPC channel's 'disconnect' would wait: a thread of
 * its own compares the parent's pid every second. Called again, it does nothing.
 */
export function obeyOnlyTheParent(): void {
  if (settled) return;
  settled = true;
  for (const signal of LEFT_TO_THE_PARENT) process.on(signal, () => {});
  const watch = `const { workerData } = require('node:worker_threads');
setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, 1000);`;
  new Worker(watch, { eval: true, workerData: process.ppid }).unref();
}

import { cliVersion as version } from './version.js';
import { displayPath, runPlan, type Plan, type ResultsDocument } from '@skipbench/engine';
import { workerLaunch, type Discovery } from './discovery.js';
import type { ParsedRunOptions, RunCommandOptions } from './run-plan.js';
import { Progress } from './progress.js';

/** The same signal again within this time is one signal delivered twice: a launcher passing on what a terminal sent the whole group. */
const REPEAT_MS = 1000;

/**
 * What a signal does to a run: SIGINT (Ctrl-C) stops starting cases and lets the running ones finish; SIGTERM
 * and SIGHUP (a scheduler's cancel, a stopped service, a closed terminal), or any second signal, stop the
 * running ones too, which are left out (never failed) for --resume, so the file is written within a
 * scheduler's grace period.
 */
function signalHandler(progress: Progress, stop: AbortController, kill: AbortController): (signal: NodeJS.Signals) => void {
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  return (signal) => {
    const at = performance.now();
    if (kill.signal.aborted || (first?.signal === signal && at - first.at < REPEAT_MS)) return;
    if (first === undefined && signal === 'SIGINT') {
      first = { signal, at };
      progress.say(`skipbench: SIGINT: stopping; no new case starts, ${progress.runningCount()} running finish first (Ctrl-C again to stop them now)`);
      stop.abort();
      return;
    }
    const now = first === undefined ? `stopping now; ${progress.runningCount()} running left out (--resume runs them),` : 'stopping the running cases now and';
    progress.say(`skipbench: ${signal}${signal === first?.signal ? ' again' : ''}: ${now} writing what is done`);
    stop.abort();
    kill.abort();
  };
}

const STOPPING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `plan` into `out` (passed by `checkOutput`), streaming each case to `<out>.partial.jsonl`, with
 * progress on stderr; a signal stops it (see `signalHandler`).
 */
export async function executeRun(plan: Plan, out: string, options: RunCommandOptions, parsed: ParsedRunOptions, discovery: Discovery): Promise<{ document: ResultsDocument; interrupted: boolean }> {
  const progress = new Progress(plan.cases, parsed.jobs, process.stderr, (c) => plan.registry.probes.get(c.probe)?.probe.timed === true);
  const stop = new AbortController();
  const kill = new AbortController();
  const interrupt = signalHandler(progress, stop, kill);
  for (const signal of STOPPING_SIGNALS) process.on(signal, interrupt);
  let document: ResultsDocument;
  try {
    document = await runPlan(plan, {
      backend: options.backend,
      packages: {
        '@skipbench/bench-cli': version,
        ...Object.fromEntries(discovery.plugins.map((p) => [p.packageName, p.version])),
      },
      workers: workerLaunch(discovery),
      jobs: parsed.jobs,
      threads: parsed.threads,
      caseTimeoutMs: parsed.caseTimeoutMs,
      maxMemoryBytes: parsed.maxMemoryBytes,
      out,
      resume: options.resume,
      force: options.force,
      signal: stop.signal,
      killSignal: kill.signal,
      onStart: (_plan, environment, done) => {
        progress.say(`backend ${environment.backend} (${environment.backendReason ?? 'requested'}) on ${environment.device}`);
        if (options.resume && done.length === plan.cases.length) progress.say(`skipbench: ${displayPath(out)} holds every case of this run (${done.length}): nothing to run`);
        else if (options.resume) progress.say(`skipbench: resuming ${displayPath(out)}: ${done.length} of ${plan.cases.length} cases done`);
        progress.begin(done);
      },
      onCaseStart: (planned, lane) => progress.start(planned, lane),
      onCase: (result) => progress.finished(result),
    });
  } finally {
    for (const signal of STOPPING_SIGNALS) process.off(signal, interrupt);
    progress.finish();
  }
  return { document, interrupted: stop.signal.aborted && document.cases.length < plan.cases.length };
}


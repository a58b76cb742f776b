import { cliVersion as version } from './version.js';
import { displayPath, runPlan, type Plan, type ResultsDocument } from '@skipbench/engine';
import { workerLaunch, type Discovery } from './discovery.js';
import type { ParsedRunOptions, RunCommandOptions } from './run-plan.js';
import { Progress } from './progress.js';

/**
 * Runs `plan` into `out` (passed by `checkOutput`), streaming each case to `<out>.partial.jsonl`, with
 * progress on stderr; SIGINT/SIGTERM stop it, a second one stops the running cases.
 */
export async function executeRun(plan: Plan, out: string, options: RunCommandOptions, parsed: ParsedRunOptions, discovery: Discovery): Promise<{ document: ResultsDocument; interrupted: boolean }> {
  const progress = new Progress(plan.cases, parsed.jobs, process.stderr, (c) => plan.registry.probes.get(c.probe)?.probe.timed === true);
  const stop = new AbortController();
  const kill = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      progress.say(`skipbench: ${signal} again: stopping the running cases now and writing what is done`);
      kill.abort();
      return;
    }
    progress.say(`skipbench: ${signal}: stopping; no new case starts, ${progress.runningCount()} running finish first (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to stop them now)`);
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
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
        if (options.resume) progress.say(`skipbench: resuming ${displayPath(out)}: ${done.length} of ${plan.cases.length} cases done`);
        progress.begin(done);
      },
      onCaseStart: (planned, lane) => progress.start(planned, lane),
      onCase: (result) => progress.finished(result),
    });
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    progress.finish();
  }
  return { document, interrupted: stop.signal.aborted && document.cases.length < plan.cases.length };
}


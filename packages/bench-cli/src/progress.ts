import type { CaseResult, PlannedCase } from '@skipbench/engine';
import { formatDuration } from './format.js';

/** A case's size for the cost model: most probes' work grows with depth times batch. */
const size = (c: Pick<PlannedCase, 'batch' | 'config'>) => c.config.depth * c.batch;

/**
 * Progress on stderr: on a terminal one line, redrawn every second (cases done, elapsed, ETA, and what each
 * worker runs); in logs one line per finished case. stdout stays clean for --json. The ETA comes from the
 * measured cost in this run (milliseconds per depth × batch) of each probe on each architecture, else of the
 * probe, else of every case, so a lipschitz case on a U-Net counts for what those took, not for an average case;
 * the other cases share the workers, the timing cases run one after another.
 */
export class Progress {
  private readonly started = performance.now();
  private readonly tty: boolean;
  private readonly pending = new Map<string, PlannedCase>();
  private readonly running = new Map<number, { planned: PlannedCase; since: number }>();
  /** Measured cost by probe, and by probe and architecture (`probe architecture`). */
  private readonly cost = new Map<string, { ms: number; size: number }>();
  private readonly costOnArchitecture = new Map<string, { ms: number; size: number }>();
  private done = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    cases: readonly PlannedCase[],
    private readonly lanes: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    /** Which cases run alone, after the others (the runner's timing cases). */
    private readonly runsAlone: (c: PlannedCase) => boolean = () => false,
  ) {
    this.tty = Boolean(stream.isTTY);
    for (const c of cases) this.pending.set(c.id, c);
  }

  /** The run starts with these cases already done (resumed). */
  begin(doneIds: Iterable<string>): void {
    for (const id of doneIds) {
      if (this.pending.delete(id)) this.done += 1;
    }
    if (this.tty) this.timer ??= setInterval(() => this.draw(), 1000).unref();
  }

  /** How many cases run now. */
  runningCount(): number {
    return this.running.size;
  }

  private estimateMs(c: PlannedCase): number | undefined {
    const all = [...this.cost.values()].reduce((sum, v) => ({ ms: sum.ms + v.ms, size: sum.size + v.size }), { ms: 0, size: 0 });
    const rate = this.costOnArchitecture.get(`${c.probe} ${c.architecture.id}`) ?? this.cost.get(c.probe) ?? (all.size > 0 ? all : undefined);
    return rate === undefined ? undefined : (rate.ms / rate.size) * size(c);
  }

  private eta(): string {
    if (this.cost.size === 0) return '?';
    const now = performance.now();
    const remaining = { shared: 0, alone: 0 };
    let sharing = 0;
    for (const c of this.pending.values()) {
      const estimate = this.estimateMs(c) ?? 0;
      const run = [...this.running.values()].find((r) => r.planned.id === c.id);
      const alone = this.runsAlone(c);
      if (!alone) sharing += 1;
      remaining[alone ? 'alone' : 'shared'] += run === undefined ? estimate : Math.max(0, estimate - (now - run.since));
    }
    return formatDuration(remaining.shared / Math.max(1, Math.min(this.lanes, sharing)) + remaining.alone);
  }

  private status(): string {
    return `[${this.done}/${this.done + this.pending.size}] ${formatDuration(performance.now() - this.started)} elapsed, ETA ${this.eta()}`;
  }

  private draw(): void {
    const now = performance.now();
    const lanes = [...this.running.entries()].sort(([a], [b]) => a - b).map(([lane, r]) => `${this.lanes > 1 ? `${lane + 1}: ` : ''}${r.planned.id} ${formatDuration(now - r.since)}`);
    const width = this.stream.columns ?? 120;
    this.stream.write(`\r\x1b[2K${`${this.status()}  running ${lanes.join(' | ')}`.slice(0, width - 1)}`);
  }

  start(planned: PlannedCase, lane: number): void {
    this.running.set(lane, { planned, since: performance.now() });
    if (this.tty) this.draw();
  }

  finished(result: CaseResult): void {
    for (const [lane, r] of this.running) if (r.planned.id === result.id) this.running.delete(lane);
    const planned = this.pending.get(result.id);
    this.pending.delete(result.id);
    this.done += 1;
    if (planned !== undefined && result.status !== 'failed') {
      for (const [costs, key] of [[this.cost, result.probe], [this.costOnArchitecture, `${result.probe} ${planned.architecture.id}`]] as const) {
        const cost = costs.get(key) ?? { ms: 0, size: 0 };
        costs.set(key, { ms: cost.ms + result.durationMs, size: cost.size + size(planned) });
      }
    }
    const failure = result.status === 'failed' ? `: ${result.error}` : '';
    const line = `${this.status()}  ${result.id} ${result.status}${failure}`;
    if (!this.tty) this.stream.write(`${line}\n`);
    else if (result.status === 'failed') this.say(line);
  }

  /** A line of its own, above the redrawn status line on a terminal. */
  say(line: string): void {
    this.stream.write(this.tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }

  finish(): void {
    clearInterval(this.timer);
    if (this.tty) this.stream.write('\r\x1b[2K');
  }
}

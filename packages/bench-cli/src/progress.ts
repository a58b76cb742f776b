import type { CaseResult } from '@skipbench/core';
import { formatDuration } from './format.js';

/**
 * Progress on stderr: on a terminal one line, redrawn every second while a case runs (case k of n, elapsed,
 * ETA, the case); in logs one line per finished case. stdout stays clean for --json.
 */
export class Progress {
  private readonly started = performance.now();
  private readonly tty: boolean;
  private done = 0;
  private total = 0;
  private current = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(stream.isTTY);
  }

  private status(): string {
    const elapsed = performance.now() - this.started;
    const eta = this.done === 0 ? '?' : formatDuration((elapsed / this.done) * (this.total - this.done));
    return `[${this.done}/${this.total}] ${formatDuration(elapsed)} elapsed, ETA ${eta}`;
  }

  private draw(): void {
    const width = this.stream.columns ?? 120;
    this.stream.write(`\r\x1b[2K${`${this.status()}  running ${this.current}`.slice(0, width - 1)}`);
  }

  start(caseId: string, index: number, total: number): void {
    this.current = caseId;
    this.total = total;
    this.done = index;
    if (!this.tty) return;
    this.draw();
    this.timer ??= setInterval(() => this.draw(), 1000).unref();
  }

  finished(result: CaseResult): void {
    this.done += 1;
    const failure = result.status === 'failed' ? `: ${result.error}` : '';
    const line = `${this.status()}  ${result.id} ${result.status}${failure}`;
    if (!this.tty) this.stream.write(`${line}\n`);
    else if (result.status === 'failed') this.stream.write(`\r\x1b[2K${line}\n`);
  }

  finish(): void {
    clearInterval(this.timer);
    if (this.tty) this.stream.write('\r\x1b[2K');
  }
}

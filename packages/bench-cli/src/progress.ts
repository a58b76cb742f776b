import type { CaseResult } from '@skipbench/core';
import { formatDuration } from './format.js';

/**
 * Progress on stderr: one rewritten line on a terminal (case k of n, elapsed, ETA), one line per case in
 * logs, so long runs show life either way and stdout stays clean for --json.
 */
export class Progress {
  private readonly started = performance.now();
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(stream.isTTY);
  }

  update(result: CaseResult, index: number, total: number): void {
    const done = index + 1;
    const elapsed = performance.now() - this.started;
    const eta = (elapsed / done) * (total - done);
    const status = result.status === 'ok' ? '' : ` ${result.status}${result.error ? `: ${result.error}` : ''}`;
    const text = `[${done}/${total}] ${result.id}${status}  elapsed ${formatDuration(elapsed)}  ETA ${formatDuration(eta)}`;
    if (this.tty) {
      const width = this.stream.columns ?? 120;
      this.stream.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
      if (result.status === 'failed') this.stream.write('\n');
    } else {
      this.stream.write(`${text}\n`);
    }
  }

  finish(): void {
    if (this.tty) this.stream.write('\r\x1b[2K');
  }
}

import { AXES, formatNumber, type CaseResult } from '@skipbench/engine';

export { formatNumber } from '@skipbench/engine';

/** Plain-text tables and numbers for the terminal. */

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** An interval as `[low, high]`, each end as `formatNumber` writes it. */
export function formatInterval({ low, high }: { readonly low: number; readonly high: number }): string {
  return `[${formatNumber(low)}, ${formatNumber(high)}]`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** The variant with the architecture options it ran with, as its case id spells them, e.g. `gru gate-bias=2`. */
export function variantLabel(c: Pick<CaseResult, 'variant' | 'config'>): string {
  return [c.variant, ...AXES.options.sweep.idPart(c.config.options)].join(' ');
}

export function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  return max;
}

/** `10 ** log10` where float64 can hold it; beyond ±300 decades only the log is meaningful. */
export function fromLog10(log10: number): number | null {
  return Math.abs(log10) <= 300 ? 10 ** log10 : null;
}

/** The preset lists a benchmark may sweep. */
export const SWEEPS = ['depths', 'gradientDepths', 'batches', 'branchScales'] as const;

/** A named set of probes and the sweep they run over; core ships some, plugins may add more. */
export interface BenchmarkDefinition {
  /** Lower-case words joined by `-`; `all` is reserved (every benchmark). */
  id: string;
  summary: string;
  /** Probe ids, core's or any plugin's. */
  probes: readonly string[];
  /** What the cases sweep besides architectures and variants: one of the preset's lists (see `Preset`). */
  sweep: (typeof SWEEPS)[number];
  /** Regime axes swept over every choice the architecture offers (unless the user names some); the others take its default. */
  sweepRegimes: ReadonlyArray<'norm' | 'init'>;
}

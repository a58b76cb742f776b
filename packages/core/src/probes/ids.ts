/** Probes core ships. Plugins may add probes with other ids. */
export const PROBE_IDS = [
  'activation-profile',
  'gradient-profile',
  'trainability',
  'throughput',
  'lipschitz',
  'lesion',
  'paths',
  'euler',
  'noise',
  'shattered',
  'bound',
  'rank-collapse',
  'spectrum',
  'smoothing',
  'horizon',
  'graph-paths',
  'robustness',
  'error-correction',
] as const;
export type ProbeId = (typeof PROBE_IDS)[number];

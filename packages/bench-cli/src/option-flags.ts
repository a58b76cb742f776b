/** Engine options whose flag is not their name in kebab case. */
const IRREGULAR_FLAGS: Readonly<Record<string, string>> = {
  variants: '--variant',
  norms: '--norm',
  inits: '--init',
  batches: '--batch',
  probeIds: '--probe',
  options: '--option',
  caseTimeoutMs: '--case-timeout',
  maxMemoryBytes: '--max-memory',
};

/** The flag that sets an engine option: how the CLI words an `OptionError`. */
export const flagOf = (option: string): string => IRREGULAR_FLAGS[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

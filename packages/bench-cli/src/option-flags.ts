import { OptionError } from '@skipbench/core';
import { axisFlagOf } from './axis-flags.js';

/** Engine options that are no config axis, where their flag is not their name in kebab case (the benchmark is `run`'s argument). */
const IRREGULAR_FLAGS: Readonly<Record<string, string>> = {
  benchmark: 'skipbench run',
  probeIds: '--probe',
  caseTimeoutMs: '--case-timeout',
  maxMemoryBytes: '--max-memory',
};

/** The flag that sets an engine option: how the CLI words an `OptionError`. An axis's comes from the axis table. */
export const flagOf = (option: string): string =>
  axisFlagOf(option) ?? IRREGULAR_FLAGS[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** An error's message as the CLI says it: an `OptionError` in its flags. */
export const worded = (error: Error): string => (error instanceof OptionError ? error.wordedFor(flagOf) : error.message);

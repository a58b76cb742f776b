import { expect } from 'vitest';
import { OptionError } from '@skipbench/core';

/** The `OptionError` that `action` throws; the test fails if it throws nothing or something else. */
export function refusal(action: () => unknown): OptionError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(OptionError);
    return error as OptionError;
  }
  throw new Error('expected an OptionError, but nothing was thrown');
}

/** How a command line words an `OptionError`: each option as `--<name>`. */
export const asFlags = (error: OptionError) => error.wordedFor((option) => `--${option}`);

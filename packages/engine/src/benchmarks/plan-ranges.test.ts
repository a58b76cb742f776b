import { describe, expect, it } from 'vitest';
import { type Architecture, OptionError, UsageError } from '@skipbench/core';
import { toyConv } from '@skipbench/core/toys';
import { planBenchmark } from './plan.js';

const base = { benchmark: 'gradient', architectures: [toyConv] };

describe('planBenchmark: seeds are integers in [0, 2^32), the domain the generators do not fold', () => {
  it.each([-1, 4294967296, 2 ** 53])('refuses %d', (seed) => {
    expect(() => planBenchmark({ ...base, seeds: [seed] })).toThrowError(new UsageError(`Expected each seed to be an integer in [0, 4294967296), but got ${seed}.`));
  });

  it.each([0, 4294967295])('accepts %d', (seed) => {
    expect(planBenchmark({ ...base, seeds: [seed] }).seeds[0]).toBe(seed);
  });
});

describe('planBenchmark: a list names each value once, and at least one', () => {
  it.each([
    [{ depths: [4, 4] }, 'Expected depths to list each value once, but got 4 twice.'],
    [{ batches: [8, 2, 8] }, 'Expected batches to list each value once, but got 8 twice.'],
    [{ variants: ['plain', 'plain'] }, "Expected variants to list each value once, but got 'plain' twice."],
    [{ norms: ['batch', 'none', 'batch'] }, "Expected norms to list each value once, but got 'batch' twice."],
    [{ inits: ['he', 'he'] }, "Expected inits to list each value once, but got 'he' twice."],
    [{ probeIds: ['gradient-profile', 'gradient-profile'] }, "Expected probeIds to list each value once, but got 'gradient-profile' twice."],
    [{ variants: [] }, 'Expected variants to name at least one value, but got none.'],
    [{ probeIds: [] }, 'Expected probeIds to name at least one value, but got none.'],
  ])('refuses %j, naming the option and what it received', (options, message) => {
    const [[option, received]] = Object.entries(options);
    expect(() => planBenchmark({ ...base, ...options })).toThrowError(new OptionError({ option: option!, received }, () => message));
    try {
      planBenchmark({ ...base, ...options });
    } catch (error) {
      expect(error).toMatchObject({ option, received });
      // A caller words it in its own terms: a command line by its flags.
      expect((error as OptionError).wordedFor((name) => `--${name}`)).toBe(message.replace(option!, `--${option}`));
    }
  });
});

const withOptions: Architecture = {
  ...toyConv,
  options: {
    levels: { summary: 'down-steps, at most the depth', default: 3, min: 1, max: 'depth', integer: true },
    valid: { summary: 'a switch', default: 0, values: [0, 1] },
    gain: { summary: 'a weight', default: 0.5, min: 0, max: 1 },
  },
};
const plan = (options: Record<string, number[]>, depths = [2, 8]) => planBenchmark({ ...base, architectures: [withOptions], depths, options });

describe('planBenchmark: an architecture option outside its declared range is refused before anything runs', () => {
  it.each([
    [{ gain: [0.5, 0.5] }, [8], 'Expected options gain to list each value once, but got 0.5 twice.'],
    [{ valid: [2] }, [8], 'Expected option valid of toy.conv to be one of 0, 1, but got 2.'],
    [{ gain: [1.5] }, [8], 'Expected option gain of toy.conv to be a number from 0 to 1, but got 1.5.'],
    [{ levels: [2.5] }, [8], 'Expected option levels of toy.conv to be an integer from 1 to the depth, but got 2.5.'],
    [{ levels: [0] }, [8], 'Expected option levels of toy.conv to be an integer from 1 to the depth, but got 0.'],
    // Depends on the case: levels=3 is fine at depth 8 but not at depth 2.
    [{ levels: [3] }, [2, 8], 'Expected option levels of toy.conv to be an integer from 1 to the depth, but got 3 at depth 2.'],
    [{ levels: [10] }, [8], 'Expected option levels of toy.conv to be an integer from 1 to the depth, but got 10 at depth 8.'],
  ])('refuses %j at depths %j', (options, depths, message) => {
    expect(() => plan(options, depths)).toThrowError(expect.objectContaining({ message, code: 'usage' }));
  });

  it('plans values inside the range, and records them as given', () => {
    const cases = plan({ levels: [1, 2], valid: [1] }).cases;
    expect(cases.map((c) => `${c.config.depth}:${c.config.options?.levels}`)).toEqual(expect.arrayContaining(['2:1', '2:2', '8:1', '8:2']));
  });
});

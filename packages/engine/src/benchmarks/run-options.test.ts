import { describe, expect, it } from 'vitest';
import { OptionError } from '@skipbench/core';
import { toyConv } from '@skipbench/core/toys';
import { asFlags } from '../test-errors.js';
import { planBenchmark } from './plan.js';
import { runPlan } from './runner.js';

const plan = planBenchmark({ benchmark: 'gradient', architectures: [toyConv], depths: [2] });

describe('runPlan refuses its own options before anything runs, naming the option and what it received', () => {
  it.each([
    [{ jobs: 0 }, { option: 'jobs', received: 0 }, 'Expected jobs to be a positive integer, but got 0.', 'Expected --jobs to be a positive integer, but got 0.'],
    [{ jobs: 2 }, { option: 'jobs', received: 2 }, 'jobs and caseTimeoutMs need isolated workers: pass workers ({ plugins: [...] }).', '--jobs and --caseTimeoutMs need isolated workers: pass --workers ({ plugins: [...] }).'],
    [{ caseTimeoutMs: 1000 }, { option: 'caseTimeoutMs', received: 1000 }, 'jobs and caseTimeoutMs need isolated workers: pass workers ({ plugins: [...] }).', '--jobs and --caseTimeoutMs need isolated workers: pass --workers ({ plugins: [...] }).'],
  ])('refuses %j', async (options, problem, message, worded) => {
    const error: unknown = await runPlan(plan, options).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OptionError);
    expect(error).toMatchObject({ ...problem, message });
    expect(asFlags(error as OptionError)).toBe(worded);
  });
});

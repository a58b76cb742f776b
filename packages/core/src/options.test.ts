import { describe, expect, it } from 'vitest';
import type { Architecture } from './architecture.js';
import type { ModelConfig } from './config.js';
import { optionValue } from './build.js';
import { UsageError } from './errors.js';
import { describeOptionRange } from './options.js';
import { validatePlugin } from './plugin.js';
import { toyConv } from './toys.js';

const architecture: Architecture = {
  ...toyConv,
  options: { levels: { summary: 'at most the depth', default: 3, min: 1, max: 'depth', integer: true }, bias: { summary: 'any', default: 0 } },
};
const config = (depth: number, options?: Record<string, number>): ModelConfig => ({ ...toyConv.defaults, seed: 1, depth, ...(options ? { options } : {}) });

describe('describeOptionRange: what an option accepts, in words', () => {
  it.each([
    [{ values: [0, 1] }, 'one of 0, 1'],
    [{ min: 1, max: 'depth' as const, integer: true }, 'an integer from 1 to the depth'],
    [{ min: 0 }, 'a number of at least 0'],
    [{ max: 4, integer: true }, 'an integer of at most 4'],
    [{}, 'a finite number'],
  ])('%j: %s', (range, words) => {
    expect(describeOptionRange({ summary: '', default: 0, ...range })).toBe(words);
  });
});

describe('optionValue: a set value outside the range throws; a default above a config bound is lowered to it', () => {
  it('returns a set value inside the range unchanged', () => {
    expect(optionValue(architecture, config(8, { levels: 4 }), 'levels')).toBe(4);
  });

  it('throws a UsageError for a set value above the depth instead of capping it', () => {
    expect(() => optionValue(architecture, config(2, { levels: 10 }), 'levels')).toThrowError(
      new UsageError('Expected option levels of toy.conv to be an integer from 1 to the depth, but got 10 at depth 2.'),
    );
  });

  it('lowers the default 3 to the depth at depth 2, as its summary says, and keeps it at depth 8', () => {
    expect(optionValue(architecture, config(2), 'levels')).toBe(2);
    expect(optionValue(architecture, config(8), 'levels')).toBe(3);
  });
});

describe('validatePlugin: option declarations', () => {
  const plugin = (options: Architecture['options']) => ({ name: 'p', version: '1.0.0', apiVersion: 1, architectures: [{ ...toyConv, options }] });

  it('names a default outside its own range and an unknown bound', () => {
    expect(validatePlugin(plugin({ a: { summary: 'a', default: 2, values: [0, 1] }, b: { summary: 'b', default: 1, max: 'height' as never } }))).toEqual([
      'architectures[0].options.a.default: 2 is not one of 0, 1',
      "architectures[0].options.b.max: expected a number or one of depth, width, inputSize, but got 'height'",
    ]);
  });

  it('accepts a default above a config bound (it is lowered per case)', () => {
    expect(validatePlugin(plugin({ levels: { summary: 'l', default: 3, min: 1, max: 'depth', integer: true } }))).toEqual([]);
  });
});

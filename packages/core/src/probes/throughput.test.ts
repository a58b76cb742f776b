import { describe, expect, it } from 'vitest';
import { summariseRepetitions } from './throughput.js';

describe('summariseRepetitions', () => {
  it('takes the median and spread of all repetitions below five', () => {
    expect(summariseRepetitions([12, 10, 11])).toEqual({ median: 11, spreadPercent: (2 / 11) * 100, kept: 3 });
    expect(summariseRepetitions([10, 14])).toEqual({ median: 12, spreadPercent: (4 / 12) * 100, kept: 2 });
  });

  it('drops the fastest and the slowest from five repetitions on', () => {
    expect(summariseRepetitions([5, 1, 3, 2, 4])).toEqual({ median: 3, spreadPercent: (2 / 3) * 100, kept: 3 });
  });
});

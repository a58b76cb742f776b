import { checkPlugin, formatFailure } from '@skipbench/kit';
import { expect, it } from 'vitest';
import plugin from './index.js';

it('keeps every promise of the plugin contract (conformance kit), with same padding', async () => {
  const failures = await checkPlugin(plugin, { depths: [1, 3], config: { width: 2, inputSize: 16 } });
  expect(failures.map(formatFailure)).toEqual([]);
});

it('keeps every promise with valid padding and cropped long skips', async () => {
  // 44 px is the smallest input two valid-padded levels keep positive: every level's long skip is cropped.
  const failures = await checkPlugin(plugin, { depths: [1, 2], config: { width: 2, inputSize: 44, options: { valid: 1 } } });
  expect(failures.map(formatFailure)).toEqual([]);
});

import { checkPlugin, formatFailure } from '@skipbench/kit';
import { expect, it } from 'vitest';
import plugin from './index.js';

it('keeps every promise of the plugin contract (conformance kit)', async () => {
  const failures = await checkPlugin(plugin, { depths: [1, 3], config: { width: 6, inputSize: 2 } });
  expect(failures.map(formatFailure)).toEqual([]);
});

import { selectBackend } from '@skipbench/backends';
import { buildToyConv } from '@skipbench/core/toys';
import { errorCorrection } from '@skipbench/probes';
import { beforeAll, describe, expect, it } from 'vitest';
import { notApplicableReason } from './run-case.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('notApplicableReason', () => {
  it('is not applicable to a model on another task', () => {
    const model = buildToyConv();
    expect(notApplicableReason(errorCorrection, model)).toBe("the probe reads the task 'error-correction', and the model runs 'random-images'");
    model.dispose();
  });
});

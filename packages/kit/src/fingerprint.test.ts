import { defineProbe, MeasurementBuilder, type Architecture } from '@skipbench/core';
import { toyConv } from '@skipbench/core/toys';
import { describe, expect, it } from 'vitest';
import { architectureFingerprint, fingerprintProblems, probeFingerprint, type Fingerprints } from './fingerprint.js';

/** A probe whose number a person can derive: the model's depth times `factor`. */
const depthProbe = (factor: number, version = '1') =>
  defineProbe({ id: 'scaled-depth', summary: 'depth × factor', requires: [], version, run: async (model) => new MeasurementBuilder().metric('scaled', model.depth * factor, '1').build() });

const WRITE = 'node scripts/fingerprints.mjs --write';
const of = async (factor: number, version = '1', architecture: Architecture = toyConv): Promise<Fingerprints> => ({
  architectures: { 'toy.conv': { version, values: await architectureFingerprint(architecture) } },
  probes: { 'scaled-depth': { version, values: await probeFingerprint(depthProbe(factor, version)) } },
});

describe('fingerprints', () => {
  it("take a probe's numbers on the first toy model it applies to, at depth 3", async () => {
    expect(await probeFingerprint(depthProbe(2))).toEqual({ on: 'toy.conv residual', scaled: 6 });
  });

  it('take the loss, output norm and gradient norm of every variant, the same twice', async () => {
    const values = await architectureFingerprint(toyConv);
    expect(Object.keys(values)).toEqual(['plain.loss', 'plain.output-norm', 'plain.gradient-norm', 'residual.loss', 'residual.output-norm', 'residual.gradient-norm']);
    expect(await architectureFingerprint(toyConv)).toEqual(values);
  });

  it('pass when nothing moved', async () => {
    expect(fingerprintProblems(await of(2), await of(2), WRITE)).toEqual([]);
  });

  it('fail when a planted change moves a fingerprint and the version stays', async () => {
    // The planted change: the probe's arithmetic doubles, and the architecture's loss reads its output tripled.
    const tripled: Architecture = {
      ...toyConv,
      build: (config, context) => {
        const model = toyConv.build(config, context);
        return { ...model, task: { ...model.task, loss: (out, y) => model.task.loss(out.mul(3), y) } };
      },
    };
    expect(fingerprintProblems(await of(2), await of(4, '1', tripled), WRITE)).toEqual([
      expect.stringMatching(/^architecture toy\.conv: its fingerprint moved \(plain\.loss [\d.]+ → [\d.]+\) while its version stayed 1; bump its version, then run node scripts\/fingerprints\.mjs --write$/),
      'probe scaled-depth: its fingerprint moved (scaled 6 → 12) while its version stayed 1; bump its version, then run node scripts/fingerprints.mjs --write',
    ]);
  });

  it("ask for the file to be written again, not for the probe's version, when the model it was taken on changed", async () => {
    const committed = await of(2);
    const rehosted = { ...committed, probes: { 'scaled-depth': { version: '1', values: { ...committed.probes['scaled-depth']!.values, on: 'toy.conv@2 residual', scaled: 8 } } } };
    expect(fingerprintProblems(committed, rehosted, WRITE)).toEqual([`probe scaled-depth: fingerprinted on toy.conv residual, now on toy.conv@2 residual; run ${WRITE}`]);
  });

  it('ask for the committed file to be written again when the version moved, or an entry is new or gone', async () => {
    const committed = await of(2);
    expect(fingerprintProblems(committed, await of(4, '2'), WRITE)).toEqual([
      `architecture toy.conv: the committed fingerprint is of version 1, this is 2; run ${WRITE}`,
      `probe scaled-depth: the committed fingerprint is of version 1, this is 2; run ${WRITE}`,
    ]);
    expect(fingerprintProblems({ ...committed, probes: {} }, committed, WRITE)).toEqual([`probe scaled-depth: no committed fingerprint; run ${WRITE}`]);
    expect(fingerprintProblems(committed, { ...committed, probes: {} }, WRITE)).toEqual([`probe scaled-depth: fingerprinted but gone; run ${WRITE}`]);
  });
});

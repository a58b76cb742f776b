import { selectBackend } from '@skipbench/backends';
import { dense, relu, sequence, skip, stackModel, type Architecture, type Block, type Claim } from '@skipbench/core';
import { linearReadoutTask } from '@skipbench/core/toys';
import standardProbes from '@skipbench/probes';
import { describe, expect, it } from 'vitest';
import { planBenchmark, recordedVariants } from '../benchmarks/plan.js';
import { runCase } from '../benchmarks/run-case.js';
import { createRegistry } from '../registry.js';
import { document, measured } from '../results/test-documents.js';
import { buildScorecard, describeVerdict } from './scorecard.js';

const FEATURES = 4;
const GROWTH = 2;

/**
 * A DenseNet-style family: `dense` concatenates each block's k = 2 new features to the stream
 * (h ↦ concat(h, F(h)), 4 → 6 → 8 features), `dense-cut` is its own ablation (F(h) alone), `residual` an
 * additive skip and `plain` the ablation of that one.
 */
const denseNet: Architecture = {
  id: 'dense.k2',
  summary: 'a concatenating stack',
  variants: {
    plain: { summary: 'relu(W h)', skips: ['none'] },
    residual: { summary: 'h + relu(W h)', skips: ['additive'] },
    dense: { summary: 'concat(h, relu(W h))', skips: ['concatenation'] },
    'dense-cut': { summary: 'relu(W h), k features', skips: ['none'], ablates: ['dense'] },
  },
  defaults: { variant: 'dense', depth: 2, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1 },
  choices: { norm: ['none'], init: ['glorot'] },
  inputSizeMeaning: 'unused',
  task: { id: 'linear-readout', summary: 'L = sum(out * c)' },
  capabilities: { additive: false },
  build(config, { tf: t, params }) {
    const widening = config.variant === 'dense' || config.variant === 'dense-cut';
    const widthIn = (l: number) => (config.variant === 'dense' ? FEATURES + GROWTH * l : widening && l > 0 ? GROWTH : FEATURES);
    const blocks: Block<unknown>[] = Array.from({ length: config.depth }, (_, l) => {
      const branch = sequence(dense(t, params, widthIn(l), widening ? GROWTH : FEATURES), relu(t));
      const merge = { plain: skip.none, 'dense-cut': skip.none, residual: skip.add, dense: skip.rule('concatenation', (h, f) => t.concat([h, f], -1)) }[config.variant]!;
      return { branch: branch.apply, merge, params: branch.params };
    });
    const head = dense(t, params, widthIn(config.depth), FEATURES);
    const identity = { apply: (x: ReturnType<typeof t.zeros>) => x, params: [] };
    return stackModel({ tf: t, config, stem: identity, blocks, head, task: linearReadoutTask(config.seed), stageShape: (batch, stage) => [batch, widthIn(stage)] });
  },
};

/** A probe-only plugin's claim that names no ablations: the declarations pick them. */
const cka: Claim = { id: 'stages-similar', statement: 'skips keep stages similar', probe: 'cka', rule: { kind: 'versus-plain', metric: 'cka-first-last', better: 'higher' } };
const { claims } = createRegistry([standardProbes, { apiVersion: 2, name: 'skipbench-plugin-cka', claims: [cka], probes: [{ ...standardProbes.probes![0]!, id: 'cka' }] }]);
const declared = { 'dense.k2': recordedVariants(denseNet) };

function verdictAndFindings(cases: ReturnType<typeof measured>[], claim: string) {
  const [row] = buildScorecard([document(cases, {}, declared)], [claims.get(claim)!]).claims[0]!.rows;
  return [describeVerdict(row!.verdict), ...row!.findings.map((f) => `${f.regime}: ${f.status}: ${f.detail}`)];
}

describe('a concatenation family judged by its declarations', () => {
  const similarity = (variant: string, value: number) => measured('cka', 'dense.k2', variant, 8, { metrics: { 'cka-first-last': value } });

  it("compares each skip variant with its own ablation, for a claim that names none", () => {
    const cases = [similarity('dense', 0.9), similarity('dense-cut', 0.2), similarity('residual', 0.5), similarity('plain', 0.7)];
    expect(verdictAndFindings(cases, 'stages-similar')).toEqual([
      'holds only when variant is dense (held in 1, not held in 1 of 2 regimes; 1 seed, no interval)',
      'dense: held: dense cka-first-last 0.9 vs dense-cut cka-first-last 0.2: difference 0.7 at depth 8',
      'residual: not-held: residual cka-first-last 0.5 vs plain cka-first-last 0.7: difference -0.2 at depth 8',
    ]);
  });

  it('gets not-applicable from every additive-only claim, with the reason', () => {
    const bound = measured('lipschitz', 'dense.k2', 'dense', 8, { labels: { 'bound-held': 'no' }, metrics: { 'bound-violations': 3 } });
    const split = measured('gradient-split', 'dense.k2', 'dense', 8, { metrics: { 'mean-identity-share': 0.1 } });
    const reason = 'dense declares concatenation skips, and the claim is about additive ones';
    expect(verdictAndFindings([bound], 'lipschitz-bound')).toEqual([`not applicable: ${reason}`, `dense: not-applicable: ${reason}`]);
    expect(verdictAndFindings([split], 'identity-carries-gradient')).toEqual([`not applicable: ${reason}`, `dense: not-applicable: ${reason}`]);
  });

  it('gets not-applicable from every additive-only probe, with the reason', async () => {
    await selectBackend('cpu');
    const additiveOnly = ['paths', 'bound', 'gradient-split'];
    const { probes } = createRegistry([standardProbes]);
    const config = { ...denseNet.defaults, seed: 1 };
    for (const id of additiveOnly) {
      const result = await runCase({ id, index: 0, benchmark: 'test', architecture: denseNet, probe: id, batch: 2, samples: 2, config }, probes.get(id)!.probe, { preset: { settings: { batch: 2, trainSteps: 1, learningRate: 1e-3, timing: { warmupIterations: 0, iterations: 1 }, repeat: 1 } } });
      expect([id, result.status, result.notes, result.error]).toEqual([id, 'not-applicable', ['model lacks: additive'], undefined]);
    }
    // And a benchmark plans none of them: the architecture declares no model of it additive.
    expect(planBenchmark({ benchmark: 'claims', architectures: [denseNet], registry: createRegistry([standardProbes]) }).cases.filter((c) => additiveOnly.includes(c.probe))).toEqual([]);
  });
});

describe('resnet-like declarations', () => {
  const resnetDeclared: Parameters<typeof document>[2] = { 'resnet.basic': { plain: { skips: ['none'] }, preact: { skips: ['additive'] }, ode: { skips: ['additive'] }, 'ode-plain': { skips: ['none'], ablates: ['ode'] } } };
  const healthy = (variant: string, verdict: string) => measured('gradient-profile', 'resnet.basic', variant, 16, { labels: { verdict }, metrics: { 'log10-rms-ratio-first-last': verdict === 'healthy' ? 0.5 : -9 } });

  it('hold a claim of every skip variant where only the ode-plain ablation fails its rule', () => {
    // A plugin's claim that leaves its ablations to the declarations: every skip variant's gradient is healthy.
    const staysHealthy: Claim = { id: 'stays-healthy', statement: 'every skip variant is healthy', probe: 'gradient-profile', rule: { kind: 'each', test: { op: 'one-of', label: 'verdict', values: ['healthy'] } } };
    const { claims: own } = createRegistry([standardProbes, { apiVersion: 2, claims: [staysHealthy] }]);
    const cases = [healthy('plain', 'healthy'), healthy('preact', 'healthy'), healthy('ode', 'healthy'), healthy('ode-plain', 'vanishing')];
    const [row] = buildScorecard([document(cases, {}, resnetDeclared)], [own.get('stays-healthy')!]).claims[0]!.rows;
    expect(describeVerdict(row!.verdict)).toBe('held in both regimes (1 seed, no interval)');
  });

  it('are read from every file, and a variant none declares is undecided', () => {
    const [preact, plain, ode, odePlain] = [healthy('preact', 'healthy'), healthy('plain', 'vanishing'), healthy('ode', 'healthy'), healthy('ode-plain', 'exploding')];
    const first = document([preact, plain], {}, { 'resnet.basic': { plain: { skips: ['none'] }, preact: { skips: ['additive'] } } });
    const second = document([ode, odePlain, { ...healthy('wide', 'healthy'), id: 'wide' }], {}, { 'resnet.basic': { ode: { skips: ['additive'] }, 'ode-plain': { skips: ['none'], ablates: ['ode'] } } });
    const [row] = buildScorecard([first, second], [claims.get('gradient-stays-healthy')!]).claims[0]!.rows;
    expect(row!.findings.map((f) => `${f.regime}: ${f.status}: ${f.detail}`)).toEqual([
      'preact: held: preact healthy (log10-rms-ratio-first-last 0.5) vs plain vanishing (log10-rms-ratio-first-last -9) at depth 16',
      'ode: held: ode healthy (log10-rms-ratio-first-last 0.5) vs ode-plain exploding (log10-rms-ratio-first-last -9) at depth 16',
      'wide: not-enough-data: no results file declares the skips of resnet.basic wide',
    ]);
  });

  it('pair ode with its declared ablation ode-plain, and preact with plain', () => {
    const cases = [healthy('plain', 'vanishing'), healthy('preact', 'healthy'), healthy('ode', 'healthy'), healthy('ode-plain', 'vanishing')];
    const [row] = buildScorecard([document(cases, {}, resnetDeclared)], [claims.get('gradient-stays-healthy')!]).claims[0]!.rows;
    expect(row!.findings.map((f) => f.detail)).toEqual([
      'preact healthy (log10-rms-ratio-first-last 0.5) vs plain vanishing (log10-rms-ratio-first-last -9) at depth 16',
      'ode healthy (log10-rms-ratio-first-last 0.5) vs ode-plain vanishing (log10-rms-ratio-first-last -9) at depth 16',
    ]);
  });
});


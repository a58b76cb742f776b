import { describe, expect, it } from 'vitest';
import { type Architecture, type Model, MeasurementBuilder, type Probe, tf } from '@skipbench/core';
import { toyConv } from '@skipbench/core/toys';
import { assertPluginConforms, checkPlugin, formatFailure, type PromiseId } from './check-plugin.js';

const pluginOf = (architecture: Architecture) => ({ name: 'fixture', version: '1.0.0', apiVersion: 1, architectures: [architecture] });

/** toy.conv with its models changed by `modify`: a deliberately broken plugin. */
function broken(modify: (model: Model) => Partial<Model>, architecture: Partial<Architecture> = {}): Architecture {
  return {
    ...toyConv,
    ...architecture,
    build(config, context) {
      const model = toyConv.build(config, context);
      return { ...model, ...modify(model) };
    },
  };
}

const options = { depths: [2], config: { width: 3, inputSize: 5 } };
const promisesBroken = async (architecture: Architecture) => [...new Set((await checkPlugin(pluginOf(architecture), options)).map((f) => f.promise))];

describe('checkPlugin', () => {
  it('passes a plugin that keeps every promise', async () => {
    expect(await checkPlugin(pluginOf(toyConv), { depths: [1, 3], config: { width: 3, inputSize: 5 } })).toEqual([]);
  });

  it.each<[string, Architecture, PromiseId[]]>([
    ['no plain variant', { ...toyConv, variants: { residual: { summary: 'identity skip', skips: ['additive'] } } }, ['shape']],
    [
      'weights from Math.random',
      broken((m) => {
        tf.tidy(() => m.params[0]!.assign(tf.add(m.params[0]!, Math.random())));
        return {};
      }),
      ['deterministic'],
    ],
    ['a stream without its last stage', broken((m) => ({ forward: (x, o) => ({ ...m.forward(x, o), stream: m.forward(x, o).stream.slice(0, -1) }) })), ['stages']],
    ['wrongly declared shapes', broken((m) => ({ streamShapes: (b) => m.streamShapes(b).map(() => [b, 1]) })), ['shapes']],
    [
      'a stage the perturbation never reaches',
      broken((m) => ({ forward: (x, o) => m.forward(x, o?.perturb ? { ...o, perturb: o.perturb.map((p, l) => (l === 1 ? tf.zerosLike(p) : p)) } : o) })),
      ['perturbations'],
    ],
    ['bypass claimed but ignored', broken((m) => ({ forward: (x, o) => m.forward(x, { perturb: o?.perturb }) })), ['bypass']],
    [
      'an intact stream read at the wrong stages',
      broken((m) => ({ forward: (x, o) => m.forward(x, o?.intactStream ? { ...o, intactStream: o.intactStream.map((s) => tf.mul(s, 2)) } : o) })),
      ['bypass'],
    ],
    // 2h is neither stream[l + 1] nor, for the residual variant that declares itself additive, h + F(h).
    ['block(l) that is not the forward pass', broken(() => ({ block: () => (h) => tf.mul(h, 2) })), ['blocks', 'additive']],
    ['branchOnly claimed for a block with a skip', broken(() => ({ branchOnly: () => true })), ['blocks']],
    [
      'maps that are not block(l, input)',
      broken((m) => ({ maps: (input) => ({ ...m.maps!(input), block: () => (h) => tf.mul(h, 2) }) })),
      ['blocks'],
    ],
    ['additive claimed for a merge that is not h + F(h)', broken((m) => ({ capabilities: { ...m.capabilities, additive: true } }), { variants: { plain: { summary: 'no skip', skips: ['none'] } } }), ['additive', 'skips']],
    ['a gated merge where the variants declare additive and none', broken(() => ({ skipKind: () => 'gated' as const })), ['skips']],
    ['an additive merge in a variant declared without skips', { ...toyConv, variants: { ...toyConv.variants, residual: { summary: 'identity skip', skips: ['none'] } } }, ['skips']],
    ['a variant that declares no skips', { ...toyConv, variants: { ...toyConv.variants, residual: { summary: 'identity skip', skips: [] } } }, ['shape']],
    ['a declared capability the model lacks', broken(() => ({}), { capabilities: { graph: true } }), ['declared']],
    ['a stream layout the architecture does not declare', broken((m) => ({ capabilities: { ...m.capabilities, graph: true } })), ['declared']],
    // toy.conv's input is an image [batch, 5, 5, 2], not a sequence [batch, positions, features].
    ['a sequence input that is not one', broken((m) => ({ capabilities: { ...m.capabilities, sequence: true }, readsFrom: 4 }), { capabilities: { sequence: true } }), ['shapes']],
    [
      'a forward pass that leaks a tensor',
      broken((m) => ({
        forward: (x, o) => {
          tf.keep(tf.ones([1]));
          return m.forward(x, o);
        },
      })),
      ['leaks'],
    ],
  ])('fails %s, naming the broken promise', async (_name, architecture, expected) => {
    expect(await promisesBroken(architecture)).toEqual(expected);
  });

  it('explains a failure with its path, the promise and what happened', async () => {
    const failures = await checkPlugin(pluginOf(broken((m) => ({ streamShapes: (b) => m.streamShapes(b).map(() => [b, 1]) }))), options);
    expect(formatFailure(failures[0]!)).toBe(
      'architectures[0] (toy.conv) variant plain depth 2: every stage has the shape streamShapes declares ([batch, tokens, features] when capabilities.tokens), and a sequence input is [batch, positions, features] read at one of them: stage 0: declared [2, 1], but it is [2, 5, 5, 3]',
    );
    await expect(assertPluginConforms(pluginOf(toyConv), options)).resolves.toBeUndefined();
  });

  it('fails a loss that cannot decrease', async () => {
    const constantLoss = broken((m) => ({ task: { ...m.task, loss: (out) => tf.add(tf.mul(tf.sum(out), 0), 1) as tf.Scalar } }));
    const failures = await checkPlugin(pluginOf(constantLoss), options);
    expect(failures.map((f) => f.promise)).toContain('loss');
    expect(failures.find((f) => f.promise === 'loss')!.message).toBe('10 Adam steps (lr 0.01) on one batch took the loss from 1 to 1; it must decrease');
  });

  it('checks its own options first', async () => {
    await expect(checkPlugin(pluginOf(toyConv), { depths: [0] })).rejects.toThrowError(
      'checkPlugin options: depths: expected positive integers, but got [0]. Accepted: depths, batch, seed, config, trainSteps, backend.',
    );
  });
});

describe('checkPlugin on plugin probes', () => {
  /** A probe-only plugin around one probe, checked on core's test architectures. */
  const probePlugin = (probe: Partial<Probe>) => ({ apiVersion: 1, probes: [{ id: 'fixture-probe', summary: 'a fixture', requires: [], ...probe } as Probe] });
  const stageCount = async (model: Model) => new MeasurementBuilder().metric('stages', model.streamShapes(1).length, 'stages').build();
  const probeOptions = { depths: [2] };
  const brokenPromises = async (probe: Partial<Probe>) => [...new Set((await checkPlugin(probePlugin(probe), probeOptions)).map((f) => `${f.promise}: ${f.path}`))];

  it('passes a probe-only plugin whose probe keeps every promise', async () => {
    expect(await checkPlugin(probePlugin({ run: stageCount }), probeOptions)).toEqual([]);
  });

  it.each<[string, Partial<Probe>, string[]]>([
    [
      'a value with no unit',
      { run: async () => ({ metrics: { stages: 3 }, series: {}, units: {}, labels: {}, notes: [] }) },
      ['units: core test architecture toy.conv variant plain depth 2', 'units: core test architecture toy.conv variant residual depth 2'],
    ],
    [
      'numbers from Math.random',
      { run: async () => new MeasurementBuilder().metric('noise', Math.random(), '1').build() },
      ['repeatable: core test architecture toy.conv variant plain depth 2', 'repeatable: core test architecture toy.conv variant residual depth 2'],
    ],
    [
      'a tensor kept past the run',
      {
        run: async (model: Model) => {
          tf.keep(tf.ones([1]));
          return stageCount(model);
        },
      },
      ['leaks: core test architecture toy.conv variant plain depth 2', 'leaks: core test architecture toy.conv variant residual depth 2'],
    ],
    [
      // It reads tokens without saying so in requires or appliesTo: it throws on the token-less conv stack.
      'an undeclared requirement',
      { run: async (model: Model) => new MeasurementBuilder().metric('tokens', model.capabilities.tokens ? 8 : Number(model.params[Number.NaN]!.size), 'tokens').build() },
      ['probes: core test architecture toy.conv variant plain depth 2', 'probes: core test architecture toy.conv variant residual depth 2'],
    ],
  ])('fails a probe with %s, on every test architecture it breaks on', async (_name, probe, expected) => {
    expect((await brokenPromises(probe)).filter((line) => line.includes('toy.conv'))).toEqual(expected);
  });

  it('passes the same probe once appliesTo declares what it needs, and says why it was left out', async () => {
    const tokens = async (model: Model) => new MeasurementBuilder().metric('tokens', model.streamShapes(1)[0]![1]!, 'tokens').build();
    expect(await checkPlugin(probePlugin({ run: tokens, appliesTo: (m) => (m.capabilities.tokens ? undefined : 'no tokens') }), probeOptions)).toEqual([]);
  });
});

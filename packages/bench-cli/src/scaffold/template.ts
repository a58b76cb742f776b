/**
 * The files of a new plugin package, which builds, passes the kit and is discovered: a residual MLP family, or
 * (probe-only) one probe and one claim.
 */

export interface TemplateValues {
  packageName: string;
  /** The family id (`gated`), or, for a probe-only plugin, the probe's id. */
  family: string;
  coreVersion: string;
  kitVersion: string;
  apiVersion: number;
}

/** The files every plugin package has: package.json, tsconfig.json and .gitignore. */
function packageFiles({ packageName, coreVersion, kitVersion, apiVersion }: TemplateValues, description: string, keywords: readonly string[]): Record<string, string> {
  const packageJson = {
    name: packageName,
    version: '0.1.0',
    description,
    license: 'MIT',
    type: 'module',
    keywords: ['skipbench', 'skipbench-plugin', ...keywords],
    skipbench: { apiVersion },
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './package.json': './package.json' },
    types: './dist/index.d.ts',
    files: ['dist'],
    engines: { node: '>=20.19' },
    scripts: { build: 'tsc -p tsconfig.json', test: 'node --test test/' },
    peerDependencies: { '@skipbench/core': `^${coreVersion}` },
    devDependencies: { '@skipbench/core': `^${coreVersion}`, '@skipbench/kit': `^${kitVersion}`, typescript: '~5.9.3' },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      declaration: true,
      skipLibCheck: true,
      rootDir: 'src',
      outDir: 'dist',
    },
    include: ['src'],
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    '.gitignore': 'node_modules/\ndist/\n',
  };
}

/** The conformance test, on the build output, run by `node --test test/`. */
const conformanceTest = `import { test } from 'node:test';
import { assertPluginConforms } from '@skipbench/kit';
import plugin from '../dist/index.js';

test('keeps every promise of the skipbench plugin contract', async () => {
  await assertPluginConforms(plugin, { depths: [1, 3] });
});
`;

/** How the generated README installs the package's dependencies, before and after skipbench is on the npm registry. */
const installLines = `npm install -D /path/to/skipbench-tarballs/*.tgz   # packed from a clone, as skipbench's docs/authoring-plugins.md shows
                                          # (once @skipbench is on the npm registry: npm install)`;

export function pluginFiles(values: TemplateValues): Record<string, string> {
  const { packageName, family } = values;
  return {
    ...packageFiles(values, `skipbench plugin: the ${family} family`, []),
    'src/index.ts': `import { API_VERSION, definePlugin, dense, deriveSeed, normalization, relu, seededRandom, sequence, skip, stackModel, type Architecture, type Task } from '@skipbench/core';

/**
 * ${family}.mlp: blocks h ↦ merge(h, relu(W norm(h) + b)). Replace the block with your family's, and keep a
 * \`plain\` variant without skips: it is the ablation every skipbench result is compared against.
 */
export const ${camel(family)}Mlp: Architecture = {
  id: '${family}.mlp',
  summary: 'residual MLP blocks on a seeded regression task',
  variants: { plain: { summary: 'relu(W norm(h) + b), no skip', skips: ['none'] }, residual: { summary: 'h + relu(W norm(h) + b)', skips: ['additive'] } },
  defaults: { variant: 'residual', depth: 4, width: 16, inputSize: 8, norm: 'none', init: 'he', branchScale: 1 },
  choices: { norm: ['none', 'layer'], init: ['glorot', 'he'] },
  inputSizeMeaning: 'input features',
  task: { id: 'seeded-regression', summary: 'regress tanh of a fixed random projection of the input' },
  build(config, { tf, params }) {
    const { width, inputSize, depth, norm } = config;
    const task: Task = {
      id: 'seeded-regression',
      summary: 'regress tanh of a fixed random projection of the input',
      sample(batchSize, seed) {
        const data = seededRandom(deriveSeed(seed, '${family}-data'));
        // The projection depends on the shapes only, so every batch poses the same problem.
        const projection = seededRandom(deriveSeed(0, '${family}-projection'));
        const draw = (rng: typeof data, n: number) => Float32Array.from({ length: n }, () => rng.normal());
        return tf.tidy(() => {
          const x = tf.tensor2d(draw(data, batchSize * inputSize), [batchSize, inputSize]);
          const m = tf.tensor2d(draw(projection, inputSize * width), [inputSize, width]);
          return { x, y: tf.tanh(tf.matMul(x, m)) };
        });
      },
      loss: (out, y) => tf.losses.meanSquaredError(y, out) as ReturnType<Task['loss']>,
    };
    const blocks = Array.from({ length: depth }, () => {
      const branch = sequence(normalization(tf, params, norm, width), dense(tf, params, width, width), relu(tf));
      return { branch: branch.apply, merge: config.variant === 'plain' ? skip.none : skip.add, params: branch.params };
    });
    const stem = dense(tf, params, inputSize, width);
    const head = { apply: (h: Parameters<typeof stem.apply>[0]) => h, params: [] };
    return stackModel({ tf, config, stem, blocks, head, task, stageShape: (batch) => [batch, width] });
  },
};

// Name and version come from package.json: discovery reads them there.
export default definePlugin({
  apiVersion: API_VERSION,
  architectures: [${camel(family)}Mlp],
});
`,
    'test/conformance.test.js': conformanceTest,
    'README.md': `# ${packageName}

A [skipbench](https://www.npmjs.com/package/@skipbench/bench-cli) plugin: the \`${family}\` family.

\`\`\`sh
${installLines}
npm run build && npm test                 # builds and runs the conformance kit
npx skipbench list                        # shows ${family}.mlp
npx skipbench run gradient --arch '${family}.*' --preset quick
\`\`\`

The plugin declares itself with the \`skipbench\` field and the \`skipbench-plugin\` keyword in package.json,
so \`skipbench\` finds it here and in any project that installs it.
`,
  };
}

/** The id of the probe-only scaffold's claim on its probe `id`. */
export const probeClaimId = (id: string) => `${id}-scale-kept`;

/** The files of a probe-only plugin: one probe, `id`, and one claim its results decide; no architecture. */
export function probePluginFiles(values: TemplateValues): Record<string, string> {
  const { packageName, family: id } = values;
  const name = camel(id);
  return {
    ...packageFiles(values, `skipbench plugin: the ${id} probe`, ['probe']),
    'src/index.ts': `import { API_VERSION, defineClaim, defineNames, definePlugin, defineProbe, MeasurementBuilder, readBack } from '@skipbench/core';

/** The names \`${id}\` writes in its results, with their units: a claim, a reader or a test imports these rather than spell them. */
export const ${constant(id)} = defineNames({
  metrics: { growth: { name: 'log10-rms-growth', unit: 'log10' } },
  series: { rms: { name: 'stream-rms', unit: '1' } },
});
const { metrics: M, series: S } = ${constant(id)};

/**
 * ${id}: the root mean square of every stage of the stream, and log10 of the last stage's over stream[0]'s.
 * Replace it with what your probe measures. It reads only \`forward\`'s stream, which every model has, so it
 * requires no capability; one that calls \`model.branch(l, x)\` requires \`blocks\`.
 */
export const ${name} = defineProbe({
  id: '${id}',
  // Of what it measures: bump it when its numbers change (the benchmark version hashes it).
  version: '1',
  summary: "root mean square of every stream stage, and log10 of the last stage's over the first's",
  requires: [],
  headline: [M.growth],
  names: ${constant(id)},
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    // One scope: the stream's tensors are freed once their numbers are read.
    const values = await readBack(tf, () => model.forward(x).stream.map((h) => tf.sqrt(tf.mean(tf.square(h)))));
    tf.dispose([x, y]);
    const rms = values.map((value) => value[0]!);
    // A non-finite growth (stream[0] exactly zero) becomes a note, not a number.
    return new MeasurementBuilder(${constant(id)})
      .series(S.rms, rms)
      .metric(M.growth, Math.log10(rms[rms.length - 1]! / rms[0]!))
      .build();
  },
});

/**
 * An example claim on the probe's results, decided by \`skipbench scorecard\`: replace it with what your
 * probe should show. \`each\`: every skip variant passes the test at its deepest depth (\`within\`: |value| ≤ 2).
 */
export const ${name}Claim = defineClaim(${constant(id)}, {
  id: '${probeClaimId(id)}',
  statement: "Skip connections keep the stream's scale: its root mean square at the last stage is within two decades of stream[0]'s.",
  probe: ${name}.id,
  rule: { kind: 'each', test: { op: 'within', metric: M.growth, value: 2 } },
});

// No architectures: a probe-only plugin. Name and version come from package.json: discovery reads them there.
export default definePlugin({
  apiVersion: API_VERSION,
  probes: [${name}],
  claims: [${name}Claim],
});
`,
    'test/conformance.test.js': conformanceTest,
    'README.md': `# ${packageName}

A [skipbench](https://www.npmjs.com/package/@skipbench/bench-cli) plugin: the \`${id}\` probe and a claim its
results decide, for every family.

\`\`\`sh
${installLines}
npm run build && npm test                 # builds and runs the conformance kit (on core's test architectures)
npx skipbench list                        # shows the probe ${id} and the claim ${probeClaimId(id)}
npx skipbench run depth --probe ${id} --arch 'resnet.*' --preset quick --out depth.json   # any installed family
npx skipbench scorecard depth.json        # the claim's verdict per family
\`\`\`

The plugin declares itself with the \`skipbench\` field and the \`skipbench-plugin\` keyword in package.json,
so \`skipbench\` finds it here and in any project that installs it.
`,
  };
}

function camel(family: string): string {
  return family.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `stream-norm` → `STREAM_NORM`: the name of a probe's measurement names. */
function constant(id: string): string {
  return id.toUpperCase().replace(/-/g, '_');
}

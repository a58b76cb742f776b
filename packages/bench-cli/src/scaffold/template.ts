/** The files of a new plugin package: a residual MLP family that builds, passes the kit and is discovered. */

export interface TemplateValues {
  packageName: string;
  family: string;
  coreVersion: string;
  kitVersion: string;
  apiVersion: number;
}

export function pluginFiles({ packageName, family, coreVersion, kitVersion, apiVersion }: TemplateValues): Record<string, string> {
  const packageJson = {
    name: packageName,
    version: '0.1.0',
    description: `skipbench plugin: the ${family} family`,
    license: 'MIT',
    type: 'module',
    keywords: ['skipbench', 'skipbench-plugin'],
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
    'test/conformance.test.js': `import { test } from 'node:test';
import { assertPluginConforms } from '@skipbench/kit';
import plugin from '../dist/index.js';

test('keeps every promise of the skipbench plugin contract', async () => {
  await assertPluginConforms(plugin, { depths: [1, 3] });
});
`,
    'README.md': `# ${packageName}

A [skipbench](https://www.npmjs.com/package/@skipbench/bench-cli) plugin: the \`${family}\` family.

\`\`\`sh
npm install && npm run build && npm test   # builds and runs the conformance kit
npx skipbench list                        # shows ${family}.mlp
npx skipbench run gradient --arch '${family}.*' --preset quick
\`\`\`

The plugin declares itself with the \`skipbench\` field and the \`skipbench-plugin\` keyword in package.json,
so \`skipbench\` finds it here and in any project that installs it.
`,
  };
}

function camel(family: string): string {
  return family.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

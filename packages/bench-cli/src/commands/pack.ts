import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { dawnBindingPath, dawnBindingRelativePath, threadedWasmScripts } from '@skipbench/backends';
import { UsageError } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { discoverPlugins } from '../discovery.js';

const BUNDLE = 'skipbench.mjs';
/** What the bundle must not contain: native addons loaded only where installed. */
const EXTERNAL = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'esbuild'];

/**
 * Reads of a package's own package.json (`createRequire(import.meta.url)('../package.json')`,
 * `readFileSync(new URL('../../package.json', import.meta.url))`) would look beside the bundle at run time:
 * they are replaced by the file's text when bundling.
 */
const PACKAGE_JSON_READ = /createRequire\(import\.meta\.url\)\((['"])([^'"]*package\.json)\1\)|readFileSync\(new URL\((['"])([^'"]*package\.json)\3, import\.meta\.url\), 'utf8'\)/g;

function inlinePackageJsonReads(source: string, file: string): string {
  return source.replace(PACKAGE_JSON_READ, (match, _q1, required: string | undefined, _q2, url: string | undefined) => {
    let text: string;
    try {
      text = readFileSync(required !== undefined ? createRequire(file).resolve(required) : path.resolve(path.dirname(file), url!), 'utf8');
    } catch {
      return match; // not a read of a real file (e.g. this comment's own example)
    }
    return match.startsWith('createRequire') ? `(${text.trim()})` : JSON.stringify(text);
  });
}

/** Core's entry file: its dependencies (TF.js's wasm backend) resolve from there. */
function coreEntry(): string {
  return fileURLToPath(import.meta.resolve('@skipbench/core'));
}

function ownPath(relative: string): string {
  return fileURLToPath(new URL(relative, import.meta.url));
}

export interface PackOptions {
  out: string;
  arch: string;
  node?: boolean;
}

/** `skipbench pack`: one folder that runs with no registry and no install (see docs/engine.md). */
export async function packCommand(options: PackOptions): Promise<number> {
  const out = path.resolve(options.out);
  if (existsSync(out) && readdirSync(out).length > 0) throw new UsageError(`--out ${options.out} exists and is not empty: name a new or empty folder.`);
  const matches = picomatch(options.arch);
  const { plugins } = await discoverPlugins(process.cwd());
  const architecturesOf = (p: (typeof plugins)[number]) => p.plugin.architectures ?? [];
  if (!plugins.some((p) => architecturesOf(p).some((a) => matches(a.id)))) {
    throw new UsageError(`No plugin has an architecture matching '${options.arch}'. Available: ${plugins.flatMap((p) => architecturesOf(p).map((a) => a.id)).join(', ')}.`);
  }
  // Probe-only plugins (the standard probes among them) measure whatever is packed: they go in too, in
  // discovery's order, so the bundle registers what it holds as the unpacked CLI does.
  const chosen = plugins.filter((p) => architecturesOf(p).length === 0 || architecturesOf(p).some((a) => matches(a.id)));
  mkdirSync(out, { recursive: true });

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'skipbench-pack-'));
  try {
    const entry = path.join(scratch, 'entry.mjs');
    const imports = chosen.map((p, i) => `import plugin${i} from ${JSON.stringify(p.entry)};`);
    const list = chosen.map((p, i) => `{ plugin: plugin${i}, packageName: ${JSON.stringify(p.packageName)}, version: ${JSON.stringify(p.version)} }`);
    writeFileSync(
      entry,
      [`import { runPacked } from ${JSON.stringify(ownPath('../packed.js'))};`, ...imports, `await runPacked([${list.join(', ')}], import.meta.url);`, ''].join('\n'),
    );
    const { build } = await import('esbuild');
    await build({
      entryPoints: [entry],
      outfile: path.join(out, BUNDLE),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: EXTERNAL,
      logLevel: 'error',
      // Bundled CommonJS (TF.js, Emscripten's glue) calls require and reads __dirname.
      banner: {
        js: "import { createRequire as __skipbenchRequire } from 'node:module'; import { fileURLToPath as __skipbenchPath } from 'node:url'; const require = __skipbenchRequire(import.meta.url); const __filename = __skipbenchPath(import.meta.url); const __dirname = __skipbenchPath(new URL('.', import.meta.url));",
      },
      plugins: [
        {
          name: 'inline-package-json',
          setup(context) {
            // Any module may read its package.json (a third-party plugin its version): look at every one.
            context.onLoad({ filter: /\.m?js$/ }, (args) => {
              const source = readFileSync(args.path, 'utf8');
              return source.includes('package.json') ? { contents: inlinePackageJsonReads(source, args.path), loader: 'js' } : undefined;
            });
          },
        },
      ],
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const copied: string[] = [BUNDLE];
  const wasmDir = path.dirname(createRequire(coreEntry()).resolve('@tensorflow/tfjs-backend-wasm'));
  for (const file of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) {
    copyFileSync(path.join(wasmDir, file), path.join(out, file));
    copied.push(file);
  }
  // --threads: the threaded build's loader and worker, which its pthreads read as files.
  for (const script of threadedWasmScripts()) {
    copyFileSync(script, path.join(out, path.basename(script)));
    copied.push(path.basename(script));
  }
  // Where core's webgpu backend looks for Dawn inside a bundle: the same place as inside the package.
  const dawn = dawnBindingPath();
  if (dawn !== undefined) {
    const relative = dawnBindingRelativePath();
    mkdirSync(path.dirname(path.join(out, relative)), { recursive: true });
    copyFileSync(dawn, path.join(out, relative));
    copied.push(relative);
  }
  if (options.node) {
    copyFileSync(process.execPath, path.join(out, 'node'));
    chmodSync(path.join(out, 'node'), 0o755);
    copied.push(`node (${process.version})`);
  }
  const start = path.join(out, 'skipbench');
  const script = [
    '#!/bin/sh',
    '# Runs the packed skipbench with the Node beside it, or the one on PATH (shell built-ins only).',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a JavaScript template
    'case $0 in */*) here=${0%/*} ;; *) here=. ;; esac',
    `if [ -x "$here/node" ]; then exec "$here/node" "$here/${BUNDLE}" "$@"; fi`,
    `exec node "$here/${BUNDLE}" "$@"`,
    '',
  ];
  writeFileSync(start, script.join('\n'));
  chmodSync(start, 0o755);
  copied.push('skipbench (start script)');
  const manifest = {
    createdAt: new Date().toISOString(),
    node: options.node ? process.version : 'from PATH (Node 20.19+)',
    platform: `${process.platform}-${process.arch}`,
    plugins: chosen.map((p) => `${p.packageName}@${p.version}`),
    files: copied,
  };
  writeFileSync(path.join(out, 'pack.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`packed ${manifest.plugins.join(', ')} into ${out}: ${copied.join(', ')}\nrun it with ${path.join(out, 'skipbench')} list\n`);
  return EXIT.ok;
}

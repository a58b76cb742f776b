import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The engine's own version, from its package.json (a packed bundle inlines the read). */
export const engineVersion = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Core's version as installed beside the engine, or `bundled` inside a packed bundle, which has no package.json beside it. */
export function coreVersion(): string {
  try {
    return (require('@skipbench/core/package.json') as { version: string }).version;
  } catch {
    return 'bundled';
  }
}

import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@skipbench/core';

/** Resolves a file the user asked us to write; its folder must exist (we do not create the user's folders). */
export function outputFile(file: string, flag: string): string {
  const resolved = path.resolve(file);
  if (!existsSync(path.dirname(resolved))) {
    throw new UsageError(`Output folder '${path.dirname(file) || '.'}' does not exist; create it or choose another ${flag}.`);
  }
  return resolved;
}

/** Writes `value` as JSON through a temporary file and a rename, so a crash never leaves half a file. */
export function writeJsonAtomically(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

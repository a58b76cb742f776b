import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const commands = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');

/** Every module a file imports, types and lazy imports included. */
const imported = (text: string) => [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]!);

describe('commands/', () => {
  it('no command imports another: what two commands share lives outside commands/', () => {
    const files = readdirSync(commands).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    expect(files).toContain('run.ts');
    const crossings = files.flatMap((file) =>
      imported(readFileSync(path.join(commands, file), 'utf8'))
        .filter((spec) => spec.startsWith('.') && path.dirname(path.resolve(commands, spec)) === commands)
        .map((spec) => `commands/${file} imports ${spec}`),
    );
    expect(crossings).toEqual([]);
  });
});

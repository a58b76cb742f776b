import path from 'node:path';
import { EXIT } from '../exit.js';
import { familyOf, writePluginScaffold } from '../scaffold/new-plugin.js';

export async function newPluginCommand(name: string, options: { dir?: string }): Promise<number> {
  const target = writePluginScaffold(name, options.dir);
  const relative = path.relative(process.cwd(), target) || '.';
  process.stdout.write(
    [
      `wrote ${relative}: the ${familyOf(name)}.mlp architecture (plain and residual), its conformance test and a README`,
      'next:',
      `  cd ${relative} && npm install && npm run build && npm test`,
      `  npx skipbench run gradient --arch '${familyOf(name)}.*' --preset quick`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

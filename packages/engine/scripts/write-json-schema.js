// Generates dist/results.schema.json from the zod schemas the types come from (run after tsc).
import { writeFileSync } from 'node:fs';
import { resultsJsonSchema } from '../dist/results/schema.js';

writeFileSync(new URL('../dist/results.schema.json', import.meta.url), `${JSON.stringify(resultsJsonSchema(), null, 2)}\n`);

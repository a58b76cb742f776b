// The script the engine's runner forks for each worker (see serveCases). Group signals are left to the parent
// before the engine loads, which takes a while: a worker killed while starting would fail its case.
import { obeyOnlyTheParent } from './worker-process.js';

obeyOnlyTheParent();
const { serveCases } = await import('./worker.js');
serveCases();

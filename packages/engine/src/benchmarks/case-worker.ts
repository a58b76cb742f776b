// The script the engine's runner forks for each worker (see serveCases).
import { serveCases } from './worker.js';

serveCases();

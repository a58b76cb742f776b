// The script core's runner forks for each worker (see serveCases).
import { serveCases } from './worker.js';

serveCases();

import { selectBackend } from '@skipbench/backends';
import { tf, type Architecture, type ModelConfig } from '@skipbench/core';
import { refereeCases, torchAvailable, worstDisagreement, type RefereedCase } from '@skipbench/engine';

/** One configuration to check against the family's PyTorch reference. */
export interface ReferenceCase {
  /** The test's name. */
  readonly name: string;
  /** Overrides of the architecture's defaults; `depth` is needed to count the stream's stages. */
  readonly config: Partial<ModelConfig> & { readonly depth: number };
  /** Largest accepted relative disagreement for this case. @default the suite's `tolerance` */
  readonly tolerance?: number;
}

export interface ReferenceTestOptions {
  /** Samples in the batch both sides compute on. */
  readonly batch: number;
  /** The batch's seed (each case's weights come from its own `config.seed`). */
  readonly seed: number;
  /** Largest accepted relative disagreement, float32 on both sides. @default 1e-4 */
  readonly tolerance?: number;
  /** How many parameter gradients a case has, when the test should check it. */
  readonly parameterGradients?: (config: ReferenceCase['config']) => number;
  /** @default 'wasm' */
  readonly backend?: string;
  /** The Python that runs the referee. @default '/usr/bin/python3' */
  readonly python?: string;
}

/** The functions of the test runner the tests are registered with (vitest's, jest's and mocha's fit). */
export interface TestRunner {
  describe: ((name: string, body: () => void) => void) & { skip?: (name: string, body: () => void) => void };
  beforeAll(body: () => Promise<void>, timeoutMs?: number): void;
  it(name: string, body: () => void): void;
}

/** Default bound on the largest relative disagreement when both sides compute in float32. */
export const REFERENCE_TOLERANCE = 1e-4;

/** Why a refereed case fails its test, or undefined when it passes. */
export function referenceProblem(refereed: RefereedCase, depth: number, tolerance: number, parameterGradients?: number): string | undefined {
  const { verdict } = refereed;
  if (verdict.streamGradRelative.length !== depth + 1) return `expected ${depth + 1} stream gradients (depth ${depth} plus the stem), but the referee compared ${verdict.streamGradRelative.length}`;
  if (parameterGradients !== undefined && verdict.paramGradRelative.length !== parameterGradients) {
    return `expected ${parameterGradients} parameter gradients, but the referee compared ${verdict.paramGradRelative.length}`;
  }
  const worst = worstDisagreement(verdict);
  return worst < tolerance ? undefined : `the largest relative disagreement with PyTorch is ${worst.toExponential(2)}, over the bound ${tolerance.toExponential(2)}`;
}

/**
 * Registers a family's PyTorch reference tests with `runner`: every case's loss and every stream and parameter
 * gradient, computed by skipbench and by the family's `reference` module on identical weights and batch, must
 * agree within its tolerance. Where `/usr/bin/python3` cannot import torch the suite is skipped, except under
 * CI (`CI=true`), where that is a failure.
 */
export function testAgainstReference(runner: TestRunner, architecture: Architecture, cases: readonly ReferenceCase[], options: ReferenceTestOptions): void {
  const title = `${architecture.id} against its PyTorch reference`;
  const available = torchAvailable(options.python);
  const describe = available || process.env['CI'] === 'true' ? runner.describe : runner.describe.skip;
  describe?.(title, () => {
    const refereed = new Map<string, RefereedCase>();
    runner.beforeAll(async () => {
      if (!available) throw new Error(`${options.python ?? '/usr/bin/python3'} cannot import torch: install Debian's python3-torch`);
      await selectBackend(options.backend ?? 'wasm');
      const results = await refereeCases(tf, architecture, cases.map((c) => c.config), { batch: options.batch, seed: options.seed, ...(options.python ? { python: options.python } : {}) });
      for (const [i, c] of cases.entries()) refereed.set(c.name, results[i]!);
    }, 120_000);
    for (const c of cases) {
      const tolerance = c.tolerance ?? options.tolerance ?? REFERENCE_TOLERANCE;
      runner.it(`${c.name}: loss and every gradient agree within ${tolerance}`, () => {
        const problem = referenceProblem(refereed.get(c.name)!, c.config.depth, tolerance, options.parameterGradients?.(c.config));
        if (problem !== undefined) throw new Error(problem);
      });
    }
  });
}

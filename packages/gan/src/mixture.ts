import { deriveSeed, seededRandom } from '@skipbench/core';

/** The ring of Gaussians GAN papers use to see mode collapse (Metz et al. 2017): its shape and spread. */
export interface RingMixture {
  readonly modes: number;
  readonly radius: number;
  /** Standard deviation of every mode along each axis (isotropic). */
  readonly sigma: number;
}

/** Eight modes on a circle of radius 2, each with σ = 0.05: neighbouring centres are 1.53 apart, 30σ. */
export const RING: RingMixture = { modes: 8, radius: 2, sigma: 0.05 };

/** Mode k's centre: radius · (cos 2πk/modes, sin 2πk/modes). */
export function modeCentres({ modes, radius }: RingMixture): Array<[number, number]> {
  return Array.from({ length: modes }, (_, k) => [radius * Math.cos((2 * Math.PI * k) / modes), radius * Math.sin((2 * Math.PI * k) / modes)]);
}

/** `count` points drawn from the mixture with equal weights: `[x0, y0, x1, y1, …]` and the mode each came from. */
export function sampleMixture(mixture: RingMixture, count: number, seed: number): { points: Float32Array; modes: Int32Array } {
  const rng = seededRandom(deriveSeed(seed, 'ring-mixture', count));
  const centres = modeCentres(mixture);
  const points = new Float32Array(2 * count);
  const modes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const mode = rng.int(mixture.modes);
    const [cx, cy] = centres[mode]!;
    modes[i] = mode;
    points[2 * i] = cx + mixture.sigma * rng.normal();
    points[2 * i + 1] = cy + mixture.sigma * rng.normal();
  }
  return { points, modes };
}

/**
 * A mode counts as recovered when at least this share of the generated samples lie within 3σ of its centre:
 * a quarter of the 1/8 an even spread over 8 modes would give it (3.1%), so a few stray samples do not count.
 */
export const RECOVERED_SHARE = 1 / 32;

/** Samples within this many σ of a centre are near it (3σ holds 98.9% of a 2-D Gaussian's mass). */
export const NEAR_SIGMAS = 3;

export interface ModeCoverage {
  /** Modes holding at least `RECOVERED_SHARE` of the samples within 3σ. */
  recovered: number;
  /** Samples within 3σ of each mode, as a share of all samples. */
  shares: number[];
  /** Share of the samples within 3σ of some mode (Srivastava et al.'s "high-quality" samples). */
  nearAnyMode: number;
}

/** Which modes the points `[x0, y0, x1, y1, …]` cover. Modes are 30σ apart, so a point is near at most one. */
export function modeCoverage(mixture: RingMixture, points: ArrayLike<number>): ModeCoverage {
  const centres = modeCentres(mixture);
  const count = points.length / 2;
  const near = new Array<number>(mixture.modes).fill(0);
  const reach = NEAR_SIGMAS * mixture.sigma;
  for (let i = 0; i < count; i++) {
    const mode = centres.findIndex(([cx, cy]) => Math.hypot(points[2 * i]! - cx, points[2 * i + 1]! - cy) <= reach);
    if (mode >= 0) near[mode]! += 1;
  }
  const shares = near.map((n) => (count === 0 ? 0 : n / count));
  return {
    recovered: shares.filter((share) => share >= RECOVERED_SHARE).length,
    shares,
    nearAnyMode: shares.reduce((sum, share) => sum + share, 0),
  };
}

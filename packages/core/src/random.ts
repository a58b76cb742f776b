/**
 * Deterministic pseudo-random numbers generated in JavaScript, so the same seed gives the same weights and
 * data on every backend (backends' own random kernels differ).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** splitmix32: mixes a 32-bit state into well-spread outputs; used to seed and to derive seeds. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Derives an independent seed for one purpose (`weights`, `data`, a block index, ...) from a run's seed. */
export function deriveSeed(seed: number, ...labels: Array<string | number>): number {
  let state = splitmix32(seed >>> 0);
  for (const label of labels) {
    for (const char of String(label)) state = splitmix32(state ^ char.charCodeAt(0));
    state = splitmix32(state ^ 0x2f);
  }
  return state;
}

/** sfc32 generator seeded through splitmix32. */
export function seededRandom(seed: number): Rng {
  let a = splitmix32(seed);
  let b = splitmix32(a);
  let c = splitmix32(b);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  let spare: number | undefined;
  return {
    next,
    normal() {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      const u = 1 - next();
      const v = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
    int(n: number) {
      return Math.floor(next() * n);
    },
  };
}

/** A uniformly random k-subset of 0 … n − 1 (partial Fisher–Yates). */
export function randomSubset(rng: Rng, n: number, k: number): number[] {
  const items = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items.slice(0, k);
}

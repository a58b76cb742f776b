import { UsageError } from '@skipbench/core';

export type Padding = 'same' | 'valid';

/** Map sides through a U-Net, from the input to the output, for one padding. */
export interface UNetGeometry {
  /** Side of each encoder level's map after its convolutions (the map its long skip carries), level 0 first. */
  readonly encoder: number[];
  /** Side of the bottleneck's map (`stream[0]`). */
  readonly bottleneck: number;
  /** Side after each decoder stage (`stream[1 …]`), in stream order. */
  readonly decoder: number[];
  /** Level of each decoder stage (the deepest level first). */
  readonly stageLevels: number[];
  /** Rows (and columns) cropped from each side of level k's encoder map before concatenation, level 0 first. */
  readonly crops: number[];
  /** Side of the output (segmentation) map. */
  readonly output: number;
}

/** Two 3×3 convolutions per unit: 'valid' padding takes 2 pixels per convolution off the side. */
export const UNIT_SHRINK = { same: 0, valid: 4 } as const;

/**
 * How `stages` decoder stages spread over `levels` levels: each level gets one (its up-sampling stage, which
 * concatenates the long skip), the rest go one by one to the deepest levels first.
 */
export function stageLevels(stages: number, levels: number): number[] {
  const perLevel = Array.from({ length: levels }, (_, i) => Math.floor(stages / levels) + (i < stages % levels ? 1 : 0));
  return perLevel.flatMap((count, i) => new Array<number>(count).fill(levels - 1 - i));
}

/**
 * The geometry of a U-Net with `levels` 2×2 max-pool down-steps, one two-convolution unit per encoder level
 * and at the bottleneck, and `stages` decoder stages (at least one per level). With 'valid' convolutions
 * every map shrinks, so each long skip is centre-cropped to the up-sampled map (Ronneberger et al. 2015:
 * 572 → 388 with 4 levels). Throws a UsageError naming the nearest workable sides when a pooled map
 * would have an odd side or vanish.
 */
export function unetGeometry(inputSize: number, levels: number, stages: number, padding: Padding): UNetGeometry {
  const shrink = UNIT_SHRINK[padding];
  const sides = (input: number) => {
    const encoder: number[] = [];
    let side = input;
    for (let level = 0; level < levels; level++) {
      side -= shrink;
      encoder.push(side);
      if (side <= 0 || side % 2 !== 0) return undefined;
      side /= 2;
    }
    const bottleneck = side - shrink;
    if (bottleneck <= 0) return undefined;
    return { encoder, bottleneck };
  };
  const fits = sides(inputSize);
  if (fits === undefined) {
    const workable = (from: number, step: number) => {
      for (let s = from; s > 0 && s < 100_000; s += step) if (sides(s) !== undefined) return s;
      return undefined;
    };
    const options = [workable(inputSize - 1, -1), workable(inputSize + 1, 1)].filter((s) => s !== undefined);
    throw new UsageError(
      `A ${padding}-padded U-Net with ${levels} levels cannot take a ${inputSize}-pixel input (a pooled map would have an odd side or vanish); ` +
        `the nearest sides that work are ${options.join(' and ')}.`,
    );
  }
  const levelsOfStages = stageLevels(stages, levels);
  const crops = new Array<number>(levels).fill(0);
  const decoder: number[] = [];
  let side = fits.bottleneck;
  let previousLevel = levels;
  for (const level of levelsOfStages) {
    if (level !== previousLevel) {
      side *= 2;
      crops[level] = (fits.encoder[level]! - side) / 2;
    }
    side -= shrink;
    if (side <= 0) throw new UsageError(`A ${padding}-padded U-Net with ${stages} decoder stages shrinks a ${inputSize}-pixel input to nothing: give it a larger input or fewer stages.`);
    decoder.push(side);
    previousLevel = level;
  }
  return { encoder: fits.encoder, bottleneck: fits.bottleneck, decoder, stageLevels: levelsOfStages, crops, output: side };
}

import type { CaseResult } from '../results/schema.js';

/** One setting of a case beside its depth: `['norm', 'batch']`, `['variant', 'preact']`, `['gate-bias', '2']`. */
export type Setting = readonly [axis: string, value: string];

/** Everything that sets a case apart from another at the same depth, but its seed: the regime it ran in. */
export function settingsOf(c: CaseResult, leaveOut: readonly string[] = []): Setting[] {
  const { seed, options, ...config } = c.config;
  const settings: Setting[] = [
    ['arch', c.arch],
    ['variant', c.variant],
    ...Object.entries(config).map(([axis, value]): Setting => [axis, String(value)]),
    ...Object.entries(options ?? {}).map(([axis, value]): Setting => [axis, String(value)]),
  ];
  return settings.filter(([axis]) => !leaveOut.includes(axis));
}

export const settingsKey = (settings: readonly Setting[], leaveOut: readonly string[] = []) =>
  settings.filter(([axis]) => !leaveOut.includes(axis)).map(([axis, value]) => `${axis}=${value}`).join(' ');

/** The axes whose values differ between the given regimes: the only ones worth naming. */
export function varyingAxes(regimes: ReadonlyArray<readonly Setting[]>): Set<string> {
  const values = new Map<string, Set<string>>();
  for (const settings of regimes) for (const [axis, value] of settings) values.set(axis, (values.get(axis) ?? new Set()).add(value));
  return new Set([...values].filter(([, seen]) => seen.size > 1).map(([axis]) => axis));
}

const spell = ([axis, value]: Setting) => `${axis}=${value}`;
const has = (settings: readonly Setting[], [axis, value]: Setting) => settings.some(([a, v]) => a === axis && v === value);

/** A regime named by its varying settings, the variant always: `preact, norm=batch`. */
export function describeRegime(settings: readonly Setting[], varying: ReadonlySet<string>): string {
  const variant = settings.find(([axis]) => axis === 'variant')?.[1];
  const named = settings.filter(([axis]) => axis !== 'variant' && varying.has(axis)).map(spell);
  return [variant, ...named].filter((part) => part !== undefined).join(', ');
}

/**
 * A short condition that separates the regimes where a claim held from those where it did not: the fewest
 * settings, none of them in a regime where it did not hold, that between them cover the held regimes
 * (`norm=batch`, `init=glorot or norm=batch`), chosen greedily; a held regime no such setting covers is
 * spelled out whole (`variant=preln, norm=layer`).
 */
export function separatingCondition(held: ReadonlyArray<readonly Setting[]>, notHeld: ReadonlyArray<readonly Setting[]>, varying: ReadonlySet<string>): string {
  const clean = [...new Map(held.flat().filter(([axis]) => varying.has(axis)).map((setting) => [spell(setting), setting])).values()].filter(
    (setting) => !notHeld.some((settings) => has(settings, setting)),
  );
  const parts: string[] = [];
  let uncovered = [...held];
  while (uncovered.length > 0) {
    const best = clean.map((setting) => ({ setting, covers: uncovered.filter((settings) => has(settings, setting)) })).sort((a, b) => b.covers.length - a.covers.length)[0];
    if (best === undefined || best.covers.length === 0) break;
    parts.push(spell(best.setting));
    uncovered = uncovered.filter((settings) => !best.covers.includes(settings));
  }
  parts.push(...uncovered.map((settings) => settings.filter(([axis]) => varying.has(axis)).map(spell).join(', ')));
  return parts.join(' or ');
}

/**
 * A condition summarised by the axes that decide it: `norm=batch or norm=spectral or init=glorot` reads
 * `norm is batch or spectral, or init is glorot`; undefined where a part is a whole regime (several settings).
 */
export function conditionByAxis(condition: string): string | undefined {
  const parts = condition.split(' or ').map((part) => /^([^,=]+)=([^,]+)$/.exec(part));
  if (parts.some((part) => part === null)) return undefined;
  const values = new Map<string, string[]>();
  for (const [, axis, value] of parts as RegExpExecArray[]) values.set(axis!, [...(values.get(axis!) ?? []), value!]);
  return [...values].map(([axis, seen]) => `${axis} is ${seen.join(' or ')}`).join(', or ');
}

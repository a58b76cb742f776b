import type { RecordedSources } from './schema.js';

type Source = { readonly package: string; readonly version: string };

/** One architecture or probe whose code differs between two documents: made by another version, or in one only. */
export interface SourceChange {
  readonly kind: 'architecture' | 'probe';
  readonly id: string;
  readonly before?: Source;
  readonly after?: Source;
}

const sameSource = (a: Source | undefined, b: Source | undefined) => a?.package === b?.package && a?.version === b?.version;

/** Every architecture and probe whose package or version differs, or that one document has and the other lacks; architectures first. */
export function sourceChanges(before: RecordedSources, after: RecordedSources): SourceChange[] {
  const changed = (kind: SourceChange['kind'], was: Record<string, Source>, now: Record<string, Source>): SourceChange[] =>
    [...new Set([...Object.keys(was), ...Object.keys(now)])]
      .filter((id) => !sameSource(was[id], now[id]))
      .map((id) => ({ kind, id, ...(was[id] ? { before: was[id] } : {}), ...(now[id] ? { after: now[id] } : {}) }));
  return [...changed('architecture', before.architectures, after.architectures), ...changed('probe', before.probes, after.probes)];
}

/** The changes of what both documents ran: other versions of one architecture or probe, which never merge. */
export const sourceConflicts = (before: RecordedSources, after: RecordedSources) => sourceChanges(before, after).filter((change) => change.before && change.after);

/** `sources` narrowed to the architectures and probes that some of `cases` ran. */
export function sourcesOfCases(sources: RecordedSources, cases: ReadonlyArray<{ arch: string; probe: string }>): RecordedSources {
  const only = <T>(entries: Record<string, T>, ids: Set<string>) => Object.fromEntries(Object.entries(entries).filter(([id]) => ids.has(id)));
  return { architectures: only(sources.architectures, new Set(cases.map((c) => c.arch))), probes: only(sources.probes, new Set(cases.map((c) => c.probe))) };
}

const spelled = ({ package: name, version }: Source) => `${name} ${version}`;

/** `architecture densenet.k4: skipbench-plugin-densenet 0.1.0 → 0.1.1`, or `… only before` / `… only after`. */
export function describeSourceChange({ kind, id, before, after }: SourceChange): string {
  if (before === undefined) return `${kind} ${id}: only after (${spelled(after!)})`;
  if (after === undefined) return `${kind} ${id}: only before (${spelled(before)})`;
  return `${kind} ${id}: ${spelled(before)} → ${before.package === after.package ? after.version : spelled(after)}`;
}

/** `its architecture densenet.k4 is skipbench-plugin-densenet 0.1.1, 0.1.0 in a.json`: a conflict, seen from the `after` document. */
export function describeSourceConflict({ kind, id, before, after }: SourceChange, beforeSource: string): string {
  return `its ${kind} ${id} is ${spelled(after!)}, ${before!.package === after!.package ? before!.version : spelled(before!)} in ${beforeSource}`;
}

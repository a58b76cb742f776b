import type { RecordedSources } from './schema.js';

type Source = { readonly package: string; readonly version: string };

/** One architecture or probe whose code differs between two documents: made by another version, or only in one. */
export interface SourceChange {
  readonly kind: 'architecture' | 'probe';
  readonly id: string;
  readonly before: Source;
  readonly after: Source;
}

const sameSource = (a: Source, b: Source) => a.package === b.package && a.version === b.version;

/** Every architecture and probe both documents ran whose package or version differs, architectures first. */
export function sourceChanges(before: RecordedSources, after: RecordedSources): SourceChange[] {
  const changed = (kind: SourceChange['kind'], was: Record<string, Source>, now: Record<string, Source>): SourceChange[] =>
    Object.keys(was)
      .filter((id) => id in now && !sameSource(was[id], now[id]))
      .map((id) => ({ kind, id, before: was[id]!, after: now[id]! }));
  return [...changed('architecture', before.architectures, after.architectures), ...changed('probe', before.probes, after.probes)];
}

const spelled = ({ package: name, version }: Source) => `${name} ${version}`;

/** `architecture densenet.k4: skipbench-plugin-densenet 0.1.0 → 0.1.1`. */
export function describeSourceChange({ kind, id, before, after }: SourceChange): string {
  return `${kind} ${id}: ${spelled(before)} → ${before.package === after.package ? after.version : spelled(after)}`;
}

/** `densenet.k4 is skipbench-plugin-densenet 0.1.1 there, 0.1.0 in a.json`: one change, seen from the `after` document. */
export function describeSourceConflict({ kind, id, before, after }: SourceChange, beforeSource: string): string {
  return `its ${kind} ${id} is ${spelled(after)}, ${before.package === after.package ? before.version : spelled(before)} in ${beforeSource}`;
}

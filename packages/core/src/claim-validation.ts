import { SKIP_KINDS } from './variants.js';
import { CASE_TEST_OPS, RULE_KINDS, TREND_AXES, type CaseTest, type Claim, type ClaimRule } from './claim.js';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isTextList = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every(isText);

function testProblems(at: string, test: Partial<Record<string, unknown>> | undefined): string[] {
  const op = test?.op as CaseTest['op'] | undefined;
  if (!(CASE_TEST_OPS as readonly unknown[]).includes(op)) return [`${at}.op: expected one of ${CASE_TEST_OPS.join(', ')}, but got ${JSON.stringify(op)}`];
  if (op === 'one-of') {
    return [
      ...(isText(test?.label) ? [] : [`${at}.label: expected a label name`]),
      ...(isTextList(test?.values) ? [] : [`${at}.values: expected a non-empty array of label values`]),
    ];
  }
  return [
    ...(isText(test?.metric) ? [] : [`${at}.metric: expected a metric name`]),
    ...(Number.isFinite(test?.value) ? [] : [`${at}.value: expected a finite number, but got ${JSON.stringify(test?.value)}`]),
  ];
}

function ruleProblems(at: string, rule: Partial<Record<string, unknown>> | undefined): string[] {
  const kind = rule?.kind as ClaimRule['kind'] | undefined;
  switch (kind) {
    case 'contrast':
    case 'each':
      return testProblems(`${at}.test`, rule?.test as Partial<Record<string, unknown>> | undefined);
    case 'versus-plain':
      return [
        ...(isText(rule?.metric) ? [] : [`${at}.metric: expected a metric name`]),
        ...(rule?.better === 'lower' || rule?.better === 'higher' ? [] : [`${at}.better: expected 'lower' or 'higher', but got ${JSON.stringify(rule?.better)}`]),
      ];
    case 'trend':
      return [
        ...(isText(rule?.metric) ? [] : [`${at}.metric: expected a metric name`]),
        ...((TREND_AXES as readonly unknown[]).includes(rule?.axis) ? [] : [`${at}.axis: expected one of ${TREND_AXES.join(', ')}, but got ${JSON.stringify(rule?.axis)}`]),
        ...(rule?.direction === 'rises' || rule?.direction === 'falls' ? [] : [`${at}.direction: expected 'rises' or 'falls', but got ${JSON.stringify(rule?.direction)}`]),
      ];
    default:
      return [`${at}.kind: expected one of ${RULE_KINDS.join(', ')}, but got ${JSON.stringify(kind)}`];
  }
}

const isFraction = (value: unknown) => typeof value === 'number' && value >= 0 && value < 1;

function powerProblems(at: string, power: Claim['power'] | undefined): string[] {
  if (power === undefined) return [];
  const learnt = power.learnt as Partial<NonNullable<typeof power.learnt>> | undefined;
  if (learnt === undefined) return [];
  const { loss, accuracy } = learnt;
  return [
    ...(isText(loss?.initial) && isText(loss?.final) && isFraction(loss?.fallBy) ? [] : [`${at}.learnt.loss: expected { initial, final, fallBy } naming two metrics and a fraction in [0, 1), but got ${JSON.stringify(loss)}`]),
    ...(accuracy === undefined || (isText(accuracy.value) && isText(accuracy.chance) && isFraction(accuracy.margin))
      ? []
      : [`${at}.learnt.accuracy: expected { value, chance, margin } naming two metrics and a fraction in [0, 1), but got ${JSON.stringify(accuracy)}`]),
  ];
}

/** Problems with a claim's shape, each prefixed with `at` and the field's path. */
export function claimProblems(at: string, claim: Partial<Claim> | undefined): string[] {
  const errors: string[] = [];
  if (typeof claim?.id !== 'string' || !ID.test(claim.id)) errors.push(`${at}.id: expected lower-case words joined by '-', but got ${JSON.stringify(claim?.id)}`);
  if (!isText(claim?.statement)) errors.push(`${at}.statement: expected the claim in one non-empty sentence`);
  if (!isText(claim?.probe)) errors.push(`${at}.probe: expected a probe id, but got ${JSON.stringify(claim?.probe)}`);
  errors.push(...ruleProblems(`${at}.rule`, claim?.rule as Partial<Record<string, unknown>> | undefined));
  for (const field of ['shows', 'families', 'skip'] as const) {
    if (claim?.[field] !== undefined && !isTextList(claim[field])) errors.push(`${at}.${field}: expected a non-empty array of names, or none`);
  }
  // An empty `plain` is a claim about every variant.
  if (claim?.requires !== undefined && !(Array.isArray(claim.requires) && claim.requires.length > 0 && claim.requires.every((kind) => SKIP_KINDS.includes(kind) && kind !== 'none'))) {
    errors.push(`${at}.requires: expected a non-empty array of ${SKIP_KINDS.filter((kind) => kind !== 'none').join(', ')}, or none`);
  }
  if (claim?.plain !== undefined && !(Array.isArray(claim.plain) && claim.plain.every(isText))) errors.push(`${at}.plain: expected an array of variant names, or none`);
  const figure = claim?.figure;
  if (figure !== undefined) {
    if (!isTextList(figure?.metrics)) errors.push(`${at}.figure.metrics: expected a non-empty array of metric names`);
    const passes = figure?.passes;
    const ends = passes === undefined ? [] : [passes?.min, passes?.max].filter((end) => end !== undefined);
    if (passes !== undefined && (ends.length === 0 || !ends.every(Number.isFinite))) errors.push(`${at}.figure.passes: expected { min?, max? }, at least one of them, finite numbers, but got ${JSON.stringify(passes)}`);
  }
  errors.push(...powerProblems(`${at}.power`, claim?.power));
  const run = claim?.run;
  if (run !== undefined && (!isText(run?.benchmark) || (run.preset !== undefined && !isText(run.preset)))) {
    errors.push(`${at}.run: expected { benchmark, preset? } naming the benchmark that measures it`);
  }
  return errors;
}

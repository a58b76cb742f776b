import { ACTIVATION_PROFILE, GRADIENT_PROFILE, THROUGHPUT, TRAINABILITY, type CaseResult, type ProbeId, type ResultsDocument, type Scorecard, type TimedTask } from '@skipbench/core';
import { formatNumber, variantLabel } from '../format.js';
import { htmlTable } from './html.js';
import { markdownTable } from './markdown.js';
import { scorecardSection } from './scorecard.js';
import { escapeXml, lineChart, type Series } from './svg.js';

export interface ReportInput {
  source: string;
  document: ResultsDocument;
}

interface Chart {
  section: string;
  svg: string;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const regime = (c: CaseResult) =>
  `${c.config.norm === 'none' ? 'no' : c.config.norm} norm, ${c.config.init} init${c.config.branchScale !== 1 ? `, branch scale ${c.config.branchScale}` : ''}`;

/** One chart per architecture, depth and regime: a line per variant of a per-stage series. */
function stageCharts(cases: CaseResult[], probe: ProbeId, series: string, yLabel: string, transform: (v: number) => number): string[] {
  // An `all` run measures some cases in two benchmarks (same seed, same numbers): chart each once.
  const unique = new Map<string, CaseResult>();
  for (const c of cases) if (c.probe === probe && c.status !== 'failed' && c.series[series] !== undefined) unique.set(c.id.slice(c.benchmark.length), c);
  const relevant = [...unique.values()].sort((a, b) => a.depth - b.depth);
  return [...groupBy(relevant, (c) => `${c.arch} · depth ${c.depth} · batch ${c.batch} · ${regime(c)}`).entries()].map(([title, group]) =>
    lineChart({
      title,
      xLabel: 'stage',
      yLabel,
      series: group.map((c) => ({
        name: variantLabel(c),
        points: c.series[series]!.map((v, stage) => ({ x: stage, y: v === null ? null : transform(v) })),
      })),
    }),
  );
}

function trainabilityCharts(cases: CaseResult[]): string[] {
  const relevant = cases.filter((c) => c.probe === 'trainability' && c.status !== 'failed');
  return [...groupBy(relevant, (c) => `${c.arch} · ${regime(c)}`).entries()].map(([title, group]) =>
    lineChart({
      title: `${title} · ${group[0]!.metrics[TRAINABILITY.metrics.steps]} steps`,
      xLabel: 'depth',
      yLabel: 'loss after / loss before',
      categoricalX: true,
      series: [...groupBy(group, variantLabel).entries()].map(([variant, byVariant]) => ({
        name: variant,
        points: byVariant.map((c) => ({ x: c.depth, y: c.metrics[TRAINABILITY.metrics.lossRatio] ?? null })).sort((a, b) => a.x - b.x),
      })),
    }),
  );
}

const { timing } = THROUGHPUT.metrics;
/** Train step first: the solid line. */
const CHARTED_TASKS: readonly TimedTask[] = ['train-step', 'forward'];

function throughputCharts(cases: CaseResult[]): string[] {
  const relevant = cases.filter((c) => c.probe === 'throughput' && c.status === 'ok');
  return [...groupBy(relevant, (c) => `${c.arch} · depth ${c.depth} · ${regime(c)}`).entries()].map(([title, group]) => {
    const series: Series[] = [];
    for (const [variant, byVariant] of groupBy(group, variantLabel)) {
      for (const task of CHARTED_TASKS) {
        series.push({
          name: `${variant} ${task}`,
          dashed: task === 'forward',
          points: byVariant
            .map((c) => {
              const value = c.metrics[timing(task, 'samples-per-second')]!;
              const spread = Math.max(c.metrics[timing(task, 'spread')] ?? 0, c.metrics[timing(task, 'rme')] ?? 0);
              return { x: c.batch, y: value, error: (value * spread) / 100 };
            })
            .sort((a, b) => a.x - b.x),
        });
      }
    }
    return lineChart({ title, xLabel: 'batch size', yLabel: 'samples/s (± spread or rme)', categoricalX: true, series });
  });
}

/** Probes with charts of their own; every other probe gets its headline metric plotted against depth. */
const CHARTED_PROBES = new Set<string>(['gradient-profile', 'activation-profile', 'trainability', 'throughput'] satisfies ProbeId[]);

/**
 * One chart per probe, architecture and regime: the probe's first numeric headline metric against depth, a
 * line per variant, on a log10 axis when the values span more than two decades.
 */
function headlineVsDepthCharts(cases: CaseResult[], headlines: ReadonlyMap<string, readonly string[]>): Chart[] {
  const relevant = cases.filter((c) => c.status === 'ok' && !CHARTED_PROBES.has(c.probe));
  const result: Chart[] = [];
  for (const [key, group] of groupBy(relevant, (c) => `${c.probe}\u0000${c.arch} · ${regime(c)}`)) {
    const [probe, title] = key.split('\u0000') as [string, string];
    const metric = (headlines.get(probe) ?? []).find((m) => group.some((c) => c.metrics[m] !== undefined));
    if (metric === undefined || new Set(group.map((c) => c.depth)).size < 2) continue;
    const values = group.map((c) => c.metrics[metric]).filter((v): v is number => v !== undefined);
    const logScale = values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) > 100;
    const series = [...groupBy(group, variantLabel).entries()].map(([variant, byVariant]) => ({
      name: variant,
      points: byVariant
        .filter((c) => c.metrics[metric] !== undefined)
        .map((c) => ({ x: c.depth, y: logScale ? Math.log10(c.metrics[metric]!) : c.metrics[metric]! }))
        .sort((a, b) => a.x - b.x),
    }));
    const unit = group[0]!.units[metric];
    const yLabel = `${logScale ? 'log10 ' : ''}${metric}${unit && unit !== '1' ? ` (${unit})` : ''}`;
    result.push({ section: `${probe} vs depth`, svg: lineChart({ title, xLabel: 'depth', yLabel, series, categoricalX: true }) });
  }
  return result;
}

function charts(cases: CaseResult[], headlines: ReadonlyMap<string, readonly string[]>): Chart[] {
  return [
    ...stageCharts(cases, 'gradient-profile', GRADIENT_PROFILE.series.streamGradLog10, 'log10 ‖dL/dstream[l]‖', (v) => v).map((svg) => ({ section: 'Gradient norm per stage', svg })),
    ...stageCharts(cases, 'activation-profile', ACTIVATION_PROFILE.series.norm, 'log10 per-sample norm', Math.log10).map((svg) => ({ section: 'Activation norm per stage', svg })),
    ...trainabilityCharts(cases).map((svg) => ({ section: 'Trainability vs depth', svg })),
    ...throughputCharts(cases).map((svg) => ({ section: 'Throughput per batch size', svg })),
    ...headlineVsDepthCharts(cases, headlines),
  ];
}

function environmentRows(inputs: ReportInput[]): string[][] {
  const keys = ['benchmark', 'backend', 'device', 'accelerator', 'cpu', 'cores', 'memoryGiB', 'os', 'node', 'threads', 'packages', 'created'];
  return keys.map((key) => [
    key,
    ...inputs.map(({ document: { environment: e, benchmark, createdAt } }) => {
      switch (key) {
        case 'benchmark':
          return `${benchmark.id}@${benchmark.version} (${benchmark.preset})`;
        case 'accelerator':
          return e.accelerator === null ? 'none' : `${e.accelerator.name}${e.accelerator.memoryGiB ? `, ${e.accelerator.memoryGiB} GiB` : ''}`;
        case 'packages':
          return Object.entries(e.packages).map(([name, version]) => `${name} ${version}`).join(', ');
        case 'created':
          return createdAt;
        default:
          return String(e[key as keyof typeof e]);
      }
    }),
  ]);
}

/** The metrics a case row shows, where the case has them. */
const KEY_METRICS = [
  GRADIENT_PROFILE.metrics.log10RatioFirstLast,
  GRADIENT_PROFILE.metrics.log10RatioFirstLastBelow,
  TRAINABILITY.metrics.lossRatio,
  timing('train-step', 'samples-per-second'),
  ACTIVATION_PROFILE.metrics.log10NormGrowth,
];

function caseRows(cases: CaseResult[]): string[][] {
  return cases.map((c) => [
    c.probe,
    c.arch,
    variantLabel(c),
    regime(c),
    String(c.depth),
    String(c.batch),
    c.status,
    c.labels[GRADIENT_PROFILE.labels.verdict] ?? '',
    KEY_METRICS.filter((m) => c.metrics[m] !== undefined)
      .map((m) => `${m} ${formatNumber(c.metrics[m]!)}`)
      .join(', '),
  ]);
}

const CASE_HEADER = ['probe', 'arch', 'variant', 'regime', 'depth', 'batch', 'status', 'verdict', 'key metrics'];

/** The claims some case here measures; the others in one line, since `skipbench scorecard` lists what each needs. */
function scorecardOpening(card: Scorecard): string {
  const measured = card.claims.filter((c) => c.rows.some((row) => row.findings.length > 0));
  const unmeasured = card.claims.length - measured.length;
  const rest = unmeasured === 0 ? '' : `<p>${unmeasured} more claims have no case in these results: <code>skipbench scorecard</code> says what to run for each.</p>`;
  return `<h2>Scorecard</h2>${scorecardSection({ claims: measured })}${rest}`;
}

/** One self-contained HTML page: inline SVG and CSS, nothing fetched when it opens. */
/**
 * `headlines`: each probe's headline metric names (core's and plugins'), for the per-probe charts.
 * `scorecard`: the page opens with its claims that these results measure.
 */
export function htmlReport(inputs: ReportInput[], headlines: ReadonlyMap<string, readonly string[]> = new Map(), scorecard?: Scorecard): string {
  const cases = inputs.flatMap((i) => i.document.cases);
  const sections = [...groupBy(charts(cases, headlines), (c) => c.section).entries()];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>skipbench report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #ddd;background:#fff}
.chart .title{font-size:12px;font-weight:600}.chart .tick,.chart .legend{font-size:10px;fill:#555}.chart .axis{font-size:11px}
.chart .grid{stroke:#eee}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}
</style></head><body>
<h1>skipbench report</h1>
<p>${inputs.map((i) => escapeXml(i.source)).join(', ')} · ${cases.length} cases</p>
${scorecard === undefined ? '' : scorecardOpening(scorecard)}
<h2>Environment</h2>
${htmlTable(['', ...inputs.map((i) => i.source)], environmentRows(inputs))}
${sections.map(([section, items]) => `<h2>${escapeXml(section)}</h2><div class="charts">${items.map((c) => c.svg).join('')}</div>`).join('\n')}
<h2>Cases</h2>
${htmlTable(CASE_HEADER, caseRows(cases))}
</body></html>
`;
}

export function markdownReport(inputs: ReportInput[]): string {
  const cases = inputs.flatMap((i) => i.document.cases);
  return [
    '# skipbench report',
    '',
    `${inputs.map((i) => `\`${i.source}\``).join(', ')}: ${cases.length} cases.`,
    '',
    '## Environment',
    '',
    markdownTable(['', ...inputs.map((i) => i.source)], environmentRows(inputs)),
    '',
    '## Cases',
    '',
    markdownTable(CASE_HEADER, caseRows(cases)),
    '',
  ].join('\n');
}

import { ACTIVATION_PROFILE, GRADIENT_PROFILE, timingMetric, TRAINABILITY, type ProbeId, type TimedTask } from '@skipbench/probes';
import { describeVerdict, regimeLabel, type CaseResult, type ResultsDocument, type Scorecard } from '@skipbench/engine';
import { formatNumber, variantLabel } from '../format.js';
import { claimFigures } from './claim-figures.js';
import { htmlTable } from './html.js';
import { markdownTable } from './markdown.js';
import { type Installed, scorecardSection } from './scorecard.js';
import { verdictMatrix, verdictMatrixHtml } from './verdict-matrix.js';
import { escapeXml, lineChart, metricAxisLabel, wantsLogAxis, type Series } from './svg.js';

export interface ReportInput {
  source: string;
  document: ResultsDocument;
}

interface Chart {
  section: string;
  arch: string;
  svg: string;
  /** The probe of a headline-metric chart. */
  probe?: string;
}

type ArchChart = Omit<Chart, 'section'>;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** The regime a chart shows, by the axis table's labels; architecture options go with the variant (variantLabel). */
const regime = (c: CaseResult) => regimeLabel(c.config, ['options']);

/** One chart per architecture, depth and regime: a line per variant of a per-stage series. */
function stageCharts(cases: CaseResult[], probe: ProbeId, series: string, yLabel: string, transform: (v: number) => number): ArchChart[] {
  // An `all` run measures some cases in two benchmarks (same seed, same numbers): chart each once.
  const unique = new Map<string, CaseResult>();
  for (const c of cases) if (c.probe === probe && c.status !== 'failed' && c.series[series] !== undefined) unique.set(c.id.slice(c.benchmark.length), c);
  const relevant = [...unique.values()].sort((a, b) => a.depth - b.depth);
  return [...groupBy(relevant, (c) => `${c.arch} · depth ${c.depth} · batch ${c.batch} · ${regime(c)}`).entries()].map(([title, group]) => ({
    arch: group[0]!.arch,
    svg: lineChart({
      title,
      xLabel: 'stage',
      yLabel,
      series: group.map((c) => ({
        name: variantLabel(c),
        points: c.series[series]!.map((v, stage) => ({ x: stage, y: v === null ? null : transform(v) })),
      })),
    }),
  }));
}

function trainabilityCharts(cases: CaseResult[]): ArchChart[] {
  const relevant = cases.filter((c) => c.probe === 'trainability' && c.status !== 'failed');
  return [...groupBy(relevant, (c) => `${c.arch} · ${regime(c)}`).entries()].map(([title, group]) => ({
    arch: group[0]!.arch,
    svg: lineChart({
      title: `${title} · ${group[0]!.metrics[TRAINABILITY.metrics.steps]} steps`,
      xLabel: 'depth',
      yLabel: 'loss after / loss before',
      categoricalX: true,
      series: [...groupBy(group, variantLabel).entries()].map(([variant, byVariant]) => ({
        name: variant,
        points: byVariant.map((c) => ({ x: c.depth, y: c.metrics[TRAINABILITY.metrics.lossRatio] ?? null })).sort((a, b) => a.x - b.x),
      })),
    }),
  }));
}

/** Train step first: the solid line. */
const CHARTED_TASKS: readonly TimedTask[] = ['train-step', 'forward'];

function throughputCharts(cases: CaseResult[]): ArchChart[] {
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
              const value = c.metrics[timingMetric(task, 'samples-per-second')]!;
              const spread = Math.max(c.metrics[timingMetric(task, 'spread')] ?? 0, c.metrics[timingMetric(task, 'rme')] ?? 0);
              return { x: c.batch, y: value, error: (value * spread) / 100 };
            })
            .sort((a, b) => a.x - b.x),
        });
      }
    }
    return { arch: group[0]!.arch, svg: lineChart({ title, xLabel: 'batch size', yLabel: 'samples/s (± spread or rme)', categoricalX: true, series }) };
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
    const logScale = wantsLogAxis(group.map((c) => c.metrics[metric]).filter((v): v is number => v !== undefined));
    const series = [...groupBy(group, variantLabel).entries()].map(([variant, byVariant]) => ({
      name: variant,
      points: byVariant
        .filter((c) => c.metrics[metric] !== undefined)
        .map((c) => ({ x: c.depth, y: logScale ? Math.log10(c.metrics[metric]!) : c.metrics[metric]! }))
        .sort((a, b) => a.x - b.x),
    }));
    const yLabel = metricAxisLabel(metric, group[0]!.units[metric], logScale);
    result.push({ section: `${probe} vs depth`, probe, arch: group[0]!.arch, svg: lineChart({ title, xLabel: 'depth', yLabel, series, categoricalX: true }) });
  }
  return result;
}

function charts(cases: CaseResult[], headlines: ReadonlyMap<string, readonly string[]>): Chart[] {
  const inSection = (section: string) => (chart: ArchChart) => ({ section, ...chart });
  return [
    ...stageCharts(cases, 'gradient-profile', GRADIENT_PROFILE.series.streamGradLog10, 'log10 ‖dL/dstream[l]‖', (v) => v).map(inSection('gradient norm per stage')),
    ...stageCharts(cases, 'activation-profile', ACTIVATION_PROFILE.series.norm, 'log10 per-sample norm', Math.log10).map(inSection('activation norm per stage')),
    ...trainabilityCharts(cases).map(inSection('trainability vs depth')),
    ...throughputCharts(cases).map(inSection('throughput per batch size')),
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
  // The per-element forms, which the gradient verdict reads: stages of different sizes compare.
  GRADIENT_PROFILE.metrics.log10RmsRatioFirstLast,
  GRADIENT_PROFILE.metrics.log10RmsRatioFirstLastBelow,
  TRAINABILITY.metrics.lossRatio,
  timingMetric('train-step', 'samples-per-second'),
  ACTIVATION_PROFILE.metrics.log10RmsGrowth,
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

/** The claims some case here measures: the scorecard and the figures show these; `skipbench scorecard` says what each other needs. */
const measuredClaims = (card: Scorecard) => card.claims.filter((c) => c.rows.some((row) => row.findings.length > 0));
const unmeasuredLine = (card: Scorecard) => {
  const unmeasured = card.claims.length - measuredClaims(card).length;
  return unmeasured === 0 ? undefined : `${unmeasured} more claims have no case in these results: \`skipbench scorecard\` says what to run for each.`;
};

function scorecardOpening(card: Scorecard, documents: readonly ResultsDocument[], installed: Installed): string {
  const rest = unmeasuredLine(card);
  return [
    `<h2>Verdicts</h2>\n${verdictMatrixHtml(verdictMatrix({ claims: measuredClaims(card) }))}`,
    `<h2>Scorecard</h2>${scorecardSection({ claims: measuredClaims(card) }, installed)}${rest === undefined ? '' : `<p>${escapeXml(rest).replace(/`(.*?)`/, '<code>$1</code>')}</p>`}`,
    `<h2>Claims at a glance</h2>\n${claimFigures(measuredClaims(card), documents)}`,
  ].join('\n');
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The detail charts, folded: per architecture one closed `<details>` whose summary counts what is inside. */
function detailSections(all: Chart[]): string {
  return [...groupBy(all, (c) => c.arch)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([arch, items]) => {
      const sections = [...groupBy(items, (c) => c.section)];
      const probes = [...new Set(items.flatMap((c) => (c.probe === undefined ? [] : [c.probe])))];
      const inside = [
        ...sections.filter(([, charts]) => charts[0]!.probe === undefined).map(([section, charts]) => `${section} (${charts.length})`),
        ...(probes.length === 0 ? [] : [`the headline metric vs depth of ${probes.join(', ')}`]),
      ];
      const summary = `<b>${escapeXml(arch)}</b>: ${count(items.length, 'chart')}: ${escapeXml(inside.join(', '))}`;
      const body = sections.map(([section, charts]) => `<h3>${escapeXml(section)}</h3><div class="charts">${charts.map((c) => c.svg).join('')}</div>`).join('');
      return `<details class="detail" data-arch="${escapeXml(arch)}"><summary>${summary}</summary>${body}</details>`;
    })
    .join('\n');
}

/**
 * One self-contained HTML page: inline SVG and CSS, nothing fetched when it opens. `headlines`: each probe's
 * headline metric names (core's and plugins'), for the per-probe charts. `scorecard`: the page opens with its
 * claims that these results measure, then a figure per claim, before the folded per-architecture detail;
 * `installed`, the architecture ids installed here, turns a suggested run that could not run here into what it needs.
 */
export function htmlReport(inputs: ReportInput[], headlines: ReadonlyMap<string, readonly string[]> = new Map(), scorecard?: { card: Scorecard; installed: Installed }): string {
  const cases = inputs.flatMap((i) => i.document.cases);
  const detail = charts(cases, headlines);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>skipbench report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #ddd;background:#fff}
.chart .title{font-size:12px;font-weight:600}.chart .tick,.chart .legend{font-size:10px;fill:#555}.chart .end-label{font-size:10px}.chart .axis{font-size:11px}
.chart .grid{stroke:#eee}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}figure{margin:0}figure.claim{margin:20px 0 28px}figure.claim>figcaption{margin-bottom:8px;max-width:1300px}
figure.family{width:422px}.verdict{font-size:12px;margin-top:3px;overflow-wrap:anywhere}.verdict[data-status=held]{color:#1a7f37}
.verdict[data-status=not-held]{color:#b42318}.verdict[data-status=holds-only-when]{color:#9a6700}.verdict[data-status=not-enough-data]{color:#555}.verdict[data-status=not-applicable]{color:#555}
table.verdicts td{font-size:13px}table.verdicts td[data-status=held]{background:#dafbe1}table.verdicts td[data-status=not-held]{background:#ffebe9}table.verdicts td[data-status=holds-only-when]{background:#fff8c5}
.empty{width:420px;height:60px;margin:0;color:#555}details{margin:6px 0}summary{cursor:pointer}
</style></head><body>
<h1>skipbench report</h1>
<p>${inputs.map((i) => escapeXml(i.source)).join(', ')} · ${cases.length} cases</p>
${scorecard === undefined ? '' : scorecardOpening(scorecard.card, inputs.map((i) => i.document), scorecard.installed)}
<h2>Environment</h2>
${htmlTable(['', ...inputs.map((i) => i.source)], environmentRows(inputs))}
${detail.length === 0 ? '' : `<h2>Detail per architecture</h2>\n${detailSections(detail)}`}
<h2>Cases</h2>
<details class="cases"><summary>${escapeXml(`${count(cases.length, 'case')}, a row each: ${CASE_HEADER.join(', ')}`)}</summary>${htmlTable(CASE_HEADER, caseRows(cases))}</details>
</body></html>
`;
}

/** The Markdown summary: each measured claim's verdict per family (figures are the HTML report's), the environment, every case. */
export function markdownReport(inputs: ReportInput[], scorecard?: Scorecard): string {
  const cases = inputs.flatMap((i) => i.document.cases);
  const rest = scorecard === undefined ? undefined : unmeasuredLine(scorecard);
  const verdicts = scorecard === undefined ? [] : measuredClaims(scorecard).flatMap((scored) => scored.rows.map((row) => [scored.claim.id, row.family, describeVerdict(row.verdict)]));
  return [
    '# skipbench report',
    '',
    `${inputs.map((i) => `\`${i.source}\``).join(', ')}: ${cases.length} cases.`,
    '',
    ...(scorecard === undefined ? [] : ['## Scorecard', '', markdownTable(['claim', 'family', 'verdict'], verdicts), '', ...(rest === undefined ? [] : [rest, ''])]),
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

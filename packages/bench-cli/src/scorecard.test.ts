import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parseResults, type CaseResult, type Scorecard } from '@skipbench/engine';
import { resultsDocument, writeJson } from './test-documents.js';
import { projectWith, skipbench, startSkipbench, toyPlugin } from './test-cli.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'skipbench-scorecard-'));

/** A gate-openness case of gate.mlp, as the gate fixture plugin's probe writes it. */
function gates(index: number, variant: string, depth: number, mean?: number): CaseResult {
  const metrics: Record<string, number> = mean === undefined ? {} : { 'mean-openness': mean, 'last-block-openness': mean - 0.01 };
  return {
    id: `gate-sweep/gate.mlp/${variant}/d${depth}/gate-openness`, index, benchmark: 'gate-sweep', arch: 'gate.mlp', variant, depth, batch: 8, samples: 8,
    probe: 'gate-openness', config: { width: 16, inputSize: 16, norm: 'none', init: 'glorot', branchScale: 1, seed: 1 },
    status: mean === undefined ? 'not-applicable' : 'ok', metrics, series: {}, units: Object.fromEntries(Object.keys(metrics).map((k) => [k, '1'])),
    labels: {}, notes: mean === undefined ? ['its blocks name no gate part (no transform gate to read)'] : [], durationMs: 1,
  };
}

const gatesFile = () => writeJson(path.join(tempDir(), 'gates.json'), resultsDocument('gate-sweep', [gates(0, 'gated', 8, 0.13), gates(1, 'gated', 32, 0.12), gates(2, 'plain', 32)]));

describe('skipbench scorecard', () => {
  it("gives a third-party plugin's claim its own row, decided from its probe's results", () => {
    const { code, stdout, stderr } = skipbench(['scorecard', gatesFile()]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const section = stdout.slice(stdout.indexOf('gates-start-closed'), stdout.indexOf('convnet-stream-bounded'));
    const detail = 'gated mean-openness 0.12 (last-block-openness 0.11) at depth 32';
    expect(section).toBe(
      [
        'gates-start-closed (skipbench-plugin-gate)',
        '  A gated net starts close to the identity: its transform gates are mostly closed (mean openness ≤ 0.5).',
        '  rule: gate-openness: at its deepest depth, each skip variant has mean-openness ≤ 0.5',
        '',
        '  gate: held (1 seed, no interval)',
        '    regime  in this regime  deciding numbers',
        `    ------  --------------  ${'-'.repeat(detail.length)}`,
        `    gated   held (n=1)      ${detail}`,
        '',
        '',
      ].join('\n'),
    );
  });

  it('says, beside a claim with no results, which benchmark to run where its family is installed, and what it needs where it is not', () => {
    // gate.mlp is installed in the fixture project: the gate claim's missing cases are a command away.
    const noGates = writeJson(path.join(tempDir(), 'none.json'), resultsDocument('gate-sweep', []));
    const { stdout } = skipbench(['scorecard', noGates]);
    const gate = stdout.slice(stdout.indexOf('gates-start-closed'));
    expect(gate).toContain("  gate: not enough data: no gate-openness case of gate\n\n  to decide the rest:\n    skipbench run gate-sweep --arch 'gate.*'\n");
    // No convnet architecture is: the stream-rms plugin's claim about convnets names what it needs instead of a command that cannot run.
    const convnet = stdout.slice(stdout.indexOf('convnet-stream-bounded'));
    expect(convnet).toContain('  convnet: not enough data: no stream-rms case of convnet\n\n  to decide the rest:\n    (needs an architecture of family convnet: none installed)\n');
    expect(stdout).not.toContain("--arch 'convnet.*'");
    const md = skipbench(['scorecard', noGates, '--md']).stdout;
    expect(md).toContain("To decide the rest:\n\n- `skipbench run gate-sweep --arch 'gate.*'`\n");
    expect(md).toContain('To decide the rest:\n\n- (needs an architecture of family convnet: none installed)\n');
  });

  it('prints the scorecard as JSON, every registered claim in it', () => {
    const { code, stdout } = skipbench(['scorecard', gatesFile(), '--json']);
    expect(code).toBe(0);
    const card = JSON.parse(stdout) as Scorecard;
    const gate = card.claims.find((c) => c.claim.id === 'gates-start-closed')!;
    expect(gate.source).toBe('skipbench-plugin-gate');
    expect(gate.rows).toEqual([
      {
        family: 'gate',
        verdict: { status: 'held', tally: { held: 1, notHeld: 0, inconclusive: 0, seeds: { min: 1, max: 1 }, point: true } },
        findings: [{ regime: 'gated', status: 'held', detail: 'gated mean-openness 0.12 (last-block-openness 0.11) at depth 32', seeds: 1, point: true }],
        toRun: [],
      },
    ]);
    // The standard claims (from @skipbench/probes) beside the fixture's.
    expect(card.claims.map((c) => c.claim.id)).toEqual(expect.arrayContaining(['gradient-stays-healthy', 'lesion-ensemble', 'gates-start-closed']));
  });

  it('writes Markdown and HTML', () => {
    const md = skipbench(['scorecard', gatesFile(), '--md']);
    expect(md.stdout).toContain('## gates-start-closed (skipbench-plugin-gate)\n');
    expect(md.stdout).toContain('| gate | held (1 seed, no interval) | gated | held (n=1) | gated mean-openness 0.12 (last-block-openness 0.11) at depth 32 |');
    const html = path.join(tempDir(), 'card.html');
    const written = skipbench(['scorecard', gatesFile(), '--html', html]);
    expect(written).toEqual({ code: 0, stdout: `wrote ${html}\n`, stderr: '' });
    expect(readFileSync(html, 'utf8')).toContain('<h3>gates-start-closed (skipbench-plugin-gate)</h3>');
  });

  it('opens the HTML report with the claims its results measure', () => {
    const html = path.join(tempDir(), 'report.html');
    expect(skipbench(['report', gatesFile(), '--html', html]).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    const opening = page.slice(page.indexOf('<h2>Scorecard</h2>'), page.indexOf('<h2>Claims at a glance</h2>'));
    expect(opening).toContain('<h3>gates-start-closed (skipbench-plugin-gate)</h3>');
    expect(opening).not.toContain('<h3>euler-converges');
    expect(opening).toMatch(/<p>\d+ more claims have no case in these results: <code>skipbench scorecard<\/code> says what to run for each\.<\/p>\n$/);
  });

  it('refuses bad input in one line with exit 2', () => {
    expect(skipbench(['scorecard', '/no/such.json'])).toEqual({ code: 2, stdout: '', stderr: 'skipbench: No such results file: /no/such.json\n' });
    expect(skipbench(['scorecard', gatesFile(), '--md', '--json'])).toEqual({ code: 2, stdout: '', stderr: 'skipbench: Choose one format: --md, --html FILE or --json, but got --md and --json.\n' });
    expect(skipbench(['scorecard', gatesFile(), '--html', '/no/such/dir/card.html'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "skipbench: Output folder '/no/such/dir' does not exist; create it or choose another --html.\n",
    });
  });
});

/** Each claim's verdict lines (`family: verdict`), by claim id. */
function verdicts(card: string): Record<string, string[]> {
  const sections = card.split(/\n(?=\S)/);
  return Object.fromEntries(sections.map((section) => [section.split(' ')[0], section.split('\n').filter((line) => /^ {2}[\w ]+: (held|not held|holds only when|inconclusive|not enough data)/.test(line)).map((line) => line.trim())]));
}

describe('skipbench scorecard --run', () => {
  it("runs the benchmarks the claims name into results files as skipbench run writes them, and scores them", () => {
    const project = projectWith([toyPlugin]);
    const { code, stdout, stderr } = skipbench(['scorecard', '--run', '--jobs', '2'], project);
    expect(code).toBe(0);
    const files = readdirSync(path.join(project, 'results')).sort();
    expect(files).toEqual([expect.stringMatching(/^claims-quick-wasm-.*\.json$/), expect.stringMatching(/^depth-quick-wasm-.*\.json$/), expect.stringMatching(/^gradient-quick-wasm-.*\.json$/)]);
    for (const file of files) {
      const document = parseResults(readFileSync(path.join(project, 'results', file), 'utf8'));
      expect(document.complete).toBe(true);
      expect(stderr).toContain(`wrote results/${file}\n`);
    }
    const [claims, depth, gradient] = files;
    expect(stderr.split('\n').filter((line) => line.startsWith('skipbench: '))).toEqual([
      'skipbench: tradeoff left out: The quick preset sweeps no branch scales, so tradeoff has no case: use --preset standard, or --branch-scale X for one scale.',
      `skipbench: running gradient (1 of 3): 8 cases into results/${gradient}`,
      `skipbench: running claims (2 of 3): 48 cases into results/${claims}`,
      `skipbench: running depth (3 of 3): 18 cases into results/${depth}`,
    ]);
    // It ends as a run does: each file's cases by status, the matrix of what they decide, the files, the report command.
    const summaryAt = stdout.lastIndexOf(`results/${gradient}: `);
    const end = stdout.slice(summaryAt).trimEnd().split('\n');
    expect(end.slice(0, 3)).toEqual([`results/${gradient}: 8 cases: 8 ok`, expect.stringMatching(new RegExp(`^results/${claims}: 48 cases: \\d+ ok`)), expect.stringMatching(new RegExp(`^results/${depth}: 18 cases: 18 ok`))]);
    expect(end.slice(-4)).toEqual([`wrote results/${gradient}`, `wrote results/${claims}`, `wrote results/${depth}`, `the report: skipbench report results/${gradient} results/${claims} results/${depth} --html results/report.html`]);
    expect(verdicts(stdout.slice(0, summaryAt))).toEqual({
      'gradient-stays-healthy': ['toy: not held in both regimes (1 seed, no interval)'],
      'lipschitz-bound': ['toy: held (1 seed, no interval)'],
      'identity-carries-gradient': ['toy: held (1 seed, no interval)'],
      // The quick preset's 15 steps move no weight of the plain stack at depth 16: nothing to lesion.
      'lesion-ensemble': ['toy: inconclusive (1 seed): plain did not train (held-out loss 1.117 → 1.117, fell 0% where 10% is needed) at depth 16 (nor at 8, 2)'],
      'deep-trainable': ['toy: held (1 seed, no interval)'],
      'gradients-not-shattered': ['toy: not held (1 seed, no interval)'],
      'noise-not-amplified': ["toy: not enough data: the plain case at depth 16 has no 'input-amplification'"],
      'branch-scale-bound': ['any family: not enough data: no robustness case in the results'],
      'branch-scale-robustness': ['any family: not enough data: no robustness case in the results'],
    });
  });

  it('runs only the --benchmarks given, into the --out file, and scores the files given beside', () => {
    const project = projectWith([toyPlugin]);
    const out = path.join(tempDir(), 'gradient.json');
    const lipschitz: CaseResult = { ...gates(0, 'residual', 4, 0.1), id: 'claims/toy.mlp/residual/d4/lipschitz', benchmark: 'claims', arch: 'toy.mlp', probe: 'lipschitz', labels: { 'bound-held': 'yes' } };
    const given = writeJson(path.join(tempDir(), 'claims.json'), resultsDocument('claims', [lipschitz]));
    const { code, stdout } = skipbench(['scorecard', given, '--run', '--benchmarks', 'gradient', '--out', out, '--json'], project);
    expect(code).toBe(0);
    expect(parseResults(readFileSync(out, 'utf8')).cases).toHaveLength(8);
    const card = JSON.parse(stdout) as Scorecard;
    const verdictOf = (id: string) => card.claims.find((c) => c.claim.id === id)!.rows.map((r) => [r.family, r.verdict.status]);
    expect(verdictOf('gradient-stays-healthy')).toEqual([['toy', 'not-held']]);
    expect(verdictOf('lipschitz-bound')).toEqual([['toy', 'held']]);
    expect(verdictOf('lesion-ensemble')).toEqual([['any family', 'not-enough-data']]);
    expect(existsSync(path.join(project, 'results'))).toBe(false);
    const again = skipbench(['scorecard', given, '--run', '--benchmarks', 'gradient', '--out', out], project);
    expect(again).toEqual({ code: 2, stdout: '', stderr: `skipbench: ${out} exists: add --force to overwrite it, or choose another --out.\n` });
  });

  it('continues an interrupted --run with --resume: the finished benchmark scored as it is, the unfinished one resumed', async () => {
    const project = projectWith([toyPlugin]);
    const args = ['scorecard', '--run', '--benchmarks', 'gradient,claims', '--jobs', '1', '--json'];
    const results = path.join(project, 'results');
    const journalled = () => {
      const journal = existsSync(results) ? readdirSync(results).find((name) => name.startsWith('claims-') && name.endsWith('.partial.jsonl')) : undefined;
      return journal === undefined ? 0 : readFileSync(path.join(results, journal), 'utf8').split('\n').filter((line) => line.includes('"probe"')).length;
    };
    const child = startSkipbench(args, project);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    while (journalled() < 2) await sleep(20);
    child.kill('SIGINT');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(130);
    const [claims, gradient] = readdirSync(results).filter((name) => name.endsWith('.json')).sort();
    expect(stderr).toContain(
      `; results/${claims} is marked incomplete; skipbench scorecard --run --benchmarks gradient,claims --preset quick --arch '*' --backend wasm --resume continues\n`,
    );
    const finishedBefore = readFileSync(path.join(results, gradient!), 'utf8');
    const done = journalled();

    const resumed = skipbench([...args, '--resume'], project);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr.split('\n').filter((line) => line.startsWith('skipbench: '))).toEqual([
      `skipbench: gradient (1 of 2) already finished in results/${gradient}: scored as it is`,
      `skipbench: resuming claims (2 of 2): 48 cases into results/${claims}`,
      `skipbench: resuming results/${claims}: ${done} of 48 cases done`,
    ]);
    expect(readFileSync(path.join(results, gradient!), 'utf8')).toBe(finishedBefore);
    expect(parseResults(readFileSync(path.join(results, claims!), 'utf8')).complete).toBe(true);
    const card = JSON.parse(resumed.stdout) as Scorecard;
    const verdictOf = (id: string) => card.claims.find((c) => c.claim.id === id)!.rows.map((r) => [r.family, r.verdict.status]);
    expect(verdictOf('gradient-stays-healthy')).toEqual([['toy', 'not-held']]);
    expect(verdictOf('lipschitz-bound')).toEqual([['toy', 'held']]);
  });

  it('refuses bad input in one line with exit 2, running nothing', () => {
    const project = projectWith([toyPlugin]);
    const refused = (args: string[], stderr: string) => expect(skipbench(['scorecard', ...args], project)).toEqual({ code: 2, stdout: '', stderr: `skipbench: ${stderr}\n` });
    refused([], 'Give results files, or --run to run the cases the claims need.');
    refused([gatesFile(), '--preset', 'standard', '--arch', 'toy.*'], '--preset, --arch only apply with --run.');
    refused([gatesFile(), '--resume'], '--resume only applies with --run.');
    refused(['--run', '--resume', '--force'], 'Choose --resume (continue the interrupted run) or --force (start over), not both.');
    refused(['--run', '--preset', 'huge'], "Unknown preset 'huge'. Valid choices: quick, standard, full.");
    refused(['--run', '--arch', 'nosuch.*'], "No architecture matches 'nosuch.*'. Available: toy.mlp.");
    refused(['--run', '--benchmarks', 'gradient,throughput'], "Unknown benchmark of a claim 'throughput'. Valid choices: gradient, claims, depth, tradeoff.");
    refused(['--run', '--benchmarks', ','], 'Expected --benchmarks to name at least one of gradient, claims, depth, tradeoff, but got none.');
    refused(['--run', '--jobs', 'many'], "Expected --jobs to be a positive integer or auto, but got 'many'.");
    refused(['--run', '--out', 'card.json'], '--out card.json is not a folder, but 3 benchmarks run (gradient, claims, depth), each into its own results file; name an existing folder.');
    refused(['--run', '--benchmarks', 'gradient', '--out', 'new/'], "Output folder 'new/' does not exist; create it or choose another --out.");
    refused(['--run', '--benchmarks', 'gradient', '--out', '/no/such/dir/gradient.json'], "Output folder '/no/such/dir' does not exist; create it or choose another --out.");
    expect(readdirSync(project)).toEqual(['node_modules']);
  });
});

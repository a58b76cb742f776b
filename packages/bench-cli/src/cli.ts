import { Command, CommanderError, Option } from 'commander';
import { cliVersion as version } from './version.js';
import { SkipbenchError } from '@skipbench/core';
import { AXES, PRESET_IDS, presets, type AxisTable } from '@skipbench/engine';
import { BENCHMARK_IDS } from '@skipbench/probes';
import { addAxisOptions, AXIS_FLAGS, type FlagSpec } from './axis-flags.js';
import { worded } from './option-flags.js';
import { EXIT } from './exit.js';

type SetExit = (code: number) => void;

/** The command line, its `run` flags for the config axes from `axisFlags` (a test may add an axis). */
export function program(setExit: SetExit, axisFlags: Readonly<Record<string, FlagSpec>> = AXIS_FLAGS, axes: AxisTable = AXES): Command {
  const cli = new Command('skipbench')
    .description('Benchmarks skip connections: depth, gradient and throughput probes over architecture plugins')
    .version(version)
    .exitOverride()
    .showSuggestionAfterError(true)
    // Commander's suggestion goes on the same line: a usage error is one line.
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'skipbench: ').replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)')) });

  declareList(cli, setExit);
  declareRun(cli, setExit, axisFlags, axes);
  declareReference(cli, setExit);
  declareValidate(cli, setExit);
  declareMerge(cli, setExit);
  declareCompare(cli, setExit);
  declareReport(cli, setExit);
  declareScorecard(cli, setExit);
  declareTable(cli, setExit);
  declareLeaderboard(cli, setExit);
  declareNewPlugin(cli, setExit);
  declarePack(cli, setExit);
  declareDoctor(cli, setExit);
  return cli;
}

function declareList(cli: Command, setExit: SetExit): void {
  cli
    .command('list')
    .description('plugins, architectures, variants, probes, benchmarks, claims, presets and backends')
    .option('--json', 'print JSON instead of text')
    .action(async (options) => {
      const { listCommand } = await import('./commands/list.js');
      setExit(await listCommand(options));
    });

}

function declareRun(cli: Command, setExit: SetExit, axisFlags: Readonly<Record<string, FlagSpec>>, axes: AxisTable): void {
  const run = cli
    .command('run')
    .description('run a benchmark and write a results file')
    .argument('<benchmark>', `${BENCHMARK_IDS.join(' | ')} | a plugin's (skipbench list) | all`)
    .option('--probe <list>', "only these probes of the benchmark, comma-separated (e.g. lipschitz,lesion); any other probe, a plugin's too, runs over its sweep")
    .option('--arch <glob>', 'architectures to run (glob over ids, e.g. "resnet.*")', '*');
  // The config axes, one flag each, from the engine's table.
  addAxisOptions(run, axisFlags, axes)
    .addOption(new Option('--preset <name>', `${PRESET_IDS.join(' | ')} (seeds: ${PRESET_IDS.map((id) => presets[id].seeds).join(', ')})`).default('quick'))
    .option('--seed <n>', 'the first seed: of --seeds N, else of the preset\'s seed count (default: 1234)')
    .option('--backend <name>', 'wasm | cpu | webgpu | tensorflow | auto (the fastest available: tensorflow CUDA, webgpu, tensorflow CPU, wasm)', 'wasm')
    .option('--repeat <n>', 'whole repetitions of every timed task: median and spread (default: the preset)')
    .option('--out <file>', 'results file (default: results/<benchmark>-<preset>-<backend>-<time>.json)')
    .option('--json', 'print the results document on stdout instead of the summary')
    .option('--table', 'print a row per case (its headline numbers) before the summary')
    .option('--shard <i/n|auto|auto/n>', 'run one deterministic slice of the cases (auto: Slurm array or Kubernetes indexed Job)')
    .option('--resume', "continue the run whose cases stream to <out>.partial.jsonl, skipping finished cases")
    .option('--force', 'overwrite an existing results file (or start over from an unfinished run)')
    .option('--start-or-resume', 'start the run, resume it from its journal, or do nothing when --out holds every case: one command for the first start and every requeue')
    .option('--jobs <n|auto>', 'cases run side by side in isolated workers (auto: one per core); timing cases always run alone', 'auto')
    .option('--threads <n>', 'wasm threads (1-8) for cases that run alone: every case with --jobs 1, else the timing cases (default: 1)')
    .option('--case-timeout <seconds>', `stop a case that runs longer and record it failed (default: the preset's: ${PRESET_IDS.map((id) => `${id} ${presets[id].caseTimeoutSeconds}`).join(', ')})`)
    .option('--max-memory <GiB>', "refuse a case whose estimated memory exceeds this (default: free memory / jobs, at most 4 on wasm)")
    .action(async (benchmark, options) => {
      const { runCommand } = await import('./commands/run.js');
      setExit(await runCommand(benchmark, options));
    });

}

function declareReference(cli: Command, setExit: SetExit): void {
  cli
    .command('reference')
    .description("check every gradient against the family's PyTorch reference on identical weights (Debian's python3-torch)")
    .option('--arch <glob>', 'architectures (those that ship a reference)', '*')
    .option('--variant <list>', 'variants (default: every variant)')
    .option('--norm <list>', "normalisations (default: the architecture's)")
    .option('--depths <list>', 'depths', '2,8')
    .option('--batch <n>', 'samples in the batch', '4')
    .option('--width <n>', "stream width (default: the architecture's)")
    .option('--input-size <n>', "input size (default: the architecture's)")
    .option('--seed <n>', 'seed for weights and data', '1234')
    .option('--backend <id>', 'backend skipbench computes on', 'wasm')
    .option('--threads <n>', 'wasm threads (1-8); --time then times PyTorch on as many', '1')
    .option('--python <path>', 'Python with torch and numpy', '/usr/bin/python3')
    .option('--tolerance <x>', 'largest relative disagreement accepted', '1e-4')
    .option('--time <steps>', 'also time train steps on both sides: this many per repetition, best of 5 (PyTorch on --threads threads and on all cores)')
    .option('--out <file>', 'also write the cases, the machine and the versions into this JSON file')
    .option('--json', 'print the verdicts as JSON')
    .action(async (options) => {
      const { referenceCommand } = await import('./commands/reference.js');
      setExit(await referenceCommand(options));
    });

}

function declareValidate(cli: Command, setExit: SetExit): void {
  cli
    .command('validate')
    .description('check results files against the schema; one line per problem')
    .argument('<files...>', 'results files')
    .action(async (files) => {
      const { validateCommand } = await import('./commands/validate.js');
      setExit(await validateCommand(files));
    });

}

function declareMerge(cli: Command, setExit: SetExit): void {
  cli
    .command('merge')
    .description('join shard results of one benchmark version into one file, refusing overlaps')
    .argument('<files...>', 'results files of the shards')
    .requiredOption('--out <file>', 'merged results file')
    .option('--json', 'print the merged document on stdout')
    .option('--allow-incomplete', 'merge even when planned cases are still missing (a shard not given); the result is marked incomplete')
    .action(async (files, options) => {
      const { mergeCommand } = await import('./commands/merge.js');
      setExit(await mergeCommand(files, options));
    });

}

function declareCompare(cli: Command, setExit: SetExit): void {
  cli
    .command('compare')
    .description('per case (per regime, over seeds, where both runs have several), the change of every metric; timings and means over seeds are called only outside their 95% intervals')
    .argument('<before>', 'results file')
    .argument('<after>', 'results file')
    .option('--fail-on <rule...>', 'exit 1 on a significant change beyond a threshold, e.g. throughput:-5% or train-step-mean:+10%')
    .option('--all', 'list identical metrics too')
    .option('--json', 'print JSON')
    .option('--allow-incomplete', 'compare incomplete results (an interrupted run, a subset of shards) too')
    .action(async (before, after, options) => {
      const { compareCommand } = await import('./commands/compare.js');
      setExit(await compareCommand(before, after, options));
    });

}

function declareReport(cli: Command, setExit: SetExit): void {
  cli
    .command('report')
    .description('a self-contained HTML page with plots, and/or a Markdown summary, of results files')
    .argument('<files...>', 'results files')
    .option('--html <file>', 'write the HTML report here')
    .option('--md <file>', 'write the Markdown summary here')
    .action(async (files, options) => {
      const { reportCommand } = await import('./commands/report.js');
      setExit(await reportCommand(files, options));
    });

}

function declareScorecard(cli: Command, setExit: SetExit): void {
  cli
    .command('scorecard')
    .description('per claim about skip connections, its verdict per family and regime with the deciding numbers, and what to run to decide the rest')
    .argument('[files...]', 'results files (any benchmarks, shards welcome)')
    .option('--md', 'print Markdown')
    .option('--html <file>', 'write a self-contained HTML page')
    .option('--json', 'print JSON')
    .option('--run', "first run the benchmarks the claims name, each into a results file as skipbench run writes it, and score those too")
    .option('--benchmarks <list>', 'with --run: only these of the benchmarks, comma-separated')
    .option('--preset <name>', 'with --run: quick | standard | full (default: quick)')
    .option('--arch <glob>', 'with --run: architectures to run (glob over ids, default: all)')
    .option('--jobs <n|auto>', 'with --run: cases run side by side (default: auto)')
    .option('--backend <name>', 'with --run: as skipbench run (default: wasm)')
    .option('--out <dir|file>', 'with --run: an existing folder for the results files, or one file when one benchmark runs (default: results/<benchmark>-<preset>-<backend>-<time>.json)')
    .option('--resume', 'with --run: continue an interrupted one: resume its unfinished benchmark, score its finished ones as they are, run the rest')
    .option('--force', 'with --run: overwrite an existing --out file, or start it over from its unfinished journal')
    .action(async (files, options) => {
      const { scorecardCommand } = await import('./commands/scorecard.js');
      setExit(await scorecardCommand(files, options));
    });

}

function declareTable(cli: Command, setExit: SetExit): void {
  cli
    .command('table')
    .description('one metric (or several) of results files as a table: rows and columns are case keys, a missing case is – with the command that measures it')
    .argument('<files...>', 'results files (any benchmarks, shards welcome)')
    .requiredOption('--rows <keys>', 'case keys that make the rows, comma-separated, e.g. variant or variant,norm')
    .option('--columns <keys>', 'case keys that make the columns, e.g. depth (default: one column per value)')
    .requiredOption('--value <probe.metric>', "the metric shown, e.g. gradient-profile.log10-ratio-first-last; several, comma-separated, side by side; a label (e.g. gradient-profile.verdict) too")
    .option('--join <key>', 'the values over this key in one cell, a / b / c, e.g. depth')
    .option('--where <key=values>', 'only cases with these values, e.g. arch=resnet.basic,variant=plain,preact; values it lists that no case has show as missing')
    .option('--md', 'print Markdown')
    .option('--json', 'print JSON')
    .action(async (files, options) => {
      const { tableCommand } = await import('./commands/table.js');
      setExit(await tableCommand(files, options));
    });

}

function declareLeaderboard(cli: Command, setExit: SetExit): void {
  cli
    .command('leaderboard')
    .description('rankings per benchmark (train-step samples/s, gradient health, trainability; means over seeds), entries whose intervals overlap sharing a rank, refusing incomparable results')
    .argument('<paths...>', 'results files or folders of them')
    .option('--md', 'Markdown (the default)')
    .option('--html', 'a self-contained HTML page')
    .option('--json', 'JSON')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--allow-incomplete', 'rank incomplete results (an interrupted run, a subset of shards) too')
    .action(async (paths, options) => {
      const { leaderboardCommand } = await import('./commands/leaderboard.js');
      setExit(await leaderboardCommand(paths, options));
    });

}

function declareNewPlugin(cli: Command, setExit: SetExit): void {
  cli
    .command('new-plugin')
    .description('write a plugin package that builds, passes the conformance kit and is discovered')
    .argument('<name>', 'npm package name, e.g. skipbench-plugin-highway')
    .option('--dir <dir>', 'parent folder', '.')
    .option('--probe-only', 'a probe and a claim on it, named after the package, and no architecture')
    .action(async (name, options) => {
      const { newPluginCommand } = await import('./commands/new-plugin.js');
      setExit(await newPluginCommand(name, options));
    });

}

function declarePack(cli: Command, setExit: SetExit): void {
  cli
    .command('pack')
    .description('a self-contained folder (one-file bundle, wasm and Dawn binaries, start script) that runs with no registry or install')
    .requiredOption('--out <dir>', 'the folder to write (new or empty)')
    .option('--arch <glob>', 'architectures whose plugins go in (glob over ids)', '*')
    .option('--node', 'also copy this Node binary, so the host needs none')
    .action(async (options) => {
      const { packCommand } = await import('./commands/pack.js');
      setExit(await packCommand(options));
    });

}

function declareDoctor(cli: Command, setExit: SetExit): void {
  cli
    .command('doctor')
    .description('backends, device, threads and versions')
    .option('--json', 'print JSON instead of text')
    .option('--timings', 'also time the conv2d gradient kernels against a forward conv (batch 32, 32x32, 16->16, 3x3)')
    .action(async (options) => {
      const { doctorCommand } = await import('./commands/doctor.js');
      setExit(await doctorCommand(options));
    });
}


/** Runs the CLI; returns the exit code. The one place that catches errors and turns them into codes. */
export async function main(argv: string[]): Promise<number> {
  // A closed pipe (\`skipbench run … | head\`, a terminal gone) must not end a run: its writes are dropped.
  for (const stream of [process.stdout, process.stderr]) if (stream.listenerCount('error') === 0) stream.on('error', () => {});
  let code: number = EXIT.ok;
  try {
    await program((c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof SkipbenchError) {
      process.stderr.write(`skipbench: ${worded(error)}\n`);
      return error.code === 'usage' ? EXIT.usage : EXIT.failures;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`skipbench: unexpected error: ${message}\n`);
    if (process.env.SKIPBENCH_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT.failures;
  }
}

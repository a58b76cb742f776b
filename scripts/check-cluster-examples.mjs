#!/usr/bin/env node
// The cluster examples as docs/clusters.md shows them: examples/cluster/job.yaml is a valid Kubernetes batch/v1 Job
// (the schema from kubernetes-models) whose completions match its --shard auto/n and which execs skipbench
// with --start-or-resume; skipbench.sbatch's array matches its shard count; both batch scripts parse; and the
// cluster page (docs/clusters.md) shows the three files as they are. Exit 1 with one line per problem.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Job } from 'kubernetes-models/batch/v1';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const examples = path.join(root, 'examples/cluster');
const text = (name) => readFileSync(path.join(examples, name), 'utf8');
const problems = [];

const job = parse(text('job.yaml'));
try {
  new Job(job).validate();
} catch (error) {
  problems.push(`job.yaml is no valid batch/v1 Job: ${error.message}`);
}
const pod = job.spec?.template?.spec ?? {};
const command = pod.containers?.[0]?.command?.at(-1) ?? '';
const count = Number(/--shard auto\/(\d+)/.exec(command)?.[1]);
if (job.spec?.completionMode !== 'Indexed' || job.spec?.completions !== count) problems.push(`job.yaml: expected an Indexed Job of ${count} completions (its --shard auto/${count}), got ${job.spec?.completionMode} with ${job.spec?.completions}`);
if (!/^exec \S+ run .*--start-or-resume/.test(command)) problems.push(`job.yaml: the container's command must exec skipbench run … --start-or-resume, got '${command}'`);
const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
for (const mount of pod.containers?.[0]?.volumeMounts ?? []) if (!volumes.has(mount.name)) problems.push(`job.yaml: volumeMount ${mount.name} names no volume`);

const sbatch = text('skipbench.sbatch');
const last = Number(/^#SBATCH --array=0-(\d+)$/m.exec(sbatch)?.[1]);
const shards = Number(/SKIPBENCH_SHARDS:-(\d+)/.exec(sbatch)?.[1]);
if (last + 1 !== shards) problems.push(`skipbench.sbatch: its array 0-${last} has ${last + 1} tasks, but its shard count is ${shards}`);
for (const script of ['skipbench.sbatch', 'merge.sbatch']) {
  try {
    execFileSync('bash', ['-n', path.join(examples, script)], { stdio: 'pipe' });
  } catch (error) {
    problems.push(`${script} does not parse: ${error.stderr}`.trim());
  }
}

const page = readFileSync(path.join(root, 'docs/clusters.md'), 'utf8');
for (const name of ['skipbench.sbatch', 'merge.sbatch', 'job.yaml']) if (!page.includes(`\n${text(name)}\`\`\``)) problems.push(`docs/clusters.md does not show examples/cluster/${name} as it is (in a code block of its own)`);

for (const problem of problems) process.stderr.write(`${problem}\n`);
process.stdout.write(`cluster examples: job.yaml a valid batch/v1 Job of ${count} indexed completions; skipbench.sbatch an array of ${shards}; ${problems.length} problem(s)\n`);
process.exit(problems.length === 0 ? 0 : 1);

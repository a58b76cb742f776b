import os from 'node:os';
import { cliVersion as version } from '../version.js';
import { listBackends, measureConvKernelTimings, selectBackend, type KernelTiming } from '@skipbench/backends';
import { tf } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { formatNumber, table } from '../format.js';

export async function doctorCommand(options: { json?: boolean; timings?: boolean }): Promise<number> {
  const backends = [];
  for (const availability of await listBackends()) {
    if (!availability.available) {
      backends.push({ ...availability, device: null, threads: null, kernelFills: [] });
      continue;
    }
    try {
      const info = await selectBackend(availability.id);
      backends.push({ ...availability, device: info.device, threads: info.threads, simd: info.simd, kernelFills: info.kernelFills, accelerator: info.accelerator });
    } catch (error) {
      backends.push({ ...availability, available: false, detail: (error as Error).message, device: null, threads: null, kernelFills: [] });
    }
  }
  let kernelTimings: KernelTiming[] | undefined;
  if (options.timings) {
    await selectBackend('wasm');
    kernelTimings = await measureConvKernelTimings();
  }
  const report = {
    skipbench: version,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: `${os.cpus()[0]?.model.trim() ?? 'unknown'} x ${os.cpus().length}`,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    tfjs: tf.version,
    backends,
    ...(kernelTimings === undefined ? {} : { kernelTimings: { backend: 'wasm', shape: 'batch 32, 32x32, 16->16, 3x3 same', kernels: kernelTimings } }),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [
    `skipbench ${report.skipbench} on Node ${report.node}, ${report.platform}`,
    `cpu: ${report.cpu}, memory ${report.memoryGiB} GiB`,
    `TF.js: ${Object.entries(report.tfjs).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    table(
      ['backend', 'available', 'device', 'threads', 'kernel fills'],
      backends.map((b) => [
        b.id,
        `${b.available ? 'yes' : 'no'}: ${b.detail}`,
        b.device ?? '-',
        b.threads === null ? '-' : String(b.threads),
        b.kernelFills.map((k) => `${k.kernelName} (${k.action})`).join(', ') || '-',
      ]),
    ),
  ];
  if (kernelTimings !== undefined) {
    lines.push(
      '',
      'wasm conv2d kernels, batch 32, 32x32, 16->16, 3x3 (one run, side by side):',
      table(
        ['kernel', 'mean ms', 'p99 ms', 'rme %', 'x forward conv'],
        kernelTimings.map((k) => [k.name, formatNumber(k.meanMs), formatNumber(k.p99Ms), formatNumber(k.rme), formatNumber(k.relativeToForward)]),
      ),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

import os from 'node:os';
import { MAX_WASM_THREADS } from '@skipbench/backends';
import { UsageError } from '@skipbench/core';

export function parseIntegerList(flag: string, value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p)) || numbers.some((n) => n < 1)) {
    throw new UsageError(`Expected ${flag} to be a comma-separated list of positive integers, but got '${value}'.`);
  }
  return numbers;
}

export function parsePositiveInteger(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`Expected ${flag} to be a positive integer, but got '${value}'.`);
  return Number(value);
}

/** `--seeds`: a count (`5`: five seeds from the first) or a comma-separated list of seeds (`7,8,11`). */
export function parseSeeds(value: string): { count: number } | number[] {
  if (/^\s*\d+\s*$/.test(value)) {
    const count = Number(value);
    if (count < 1) throw new UsageError(`Expected --seeds to be a count of at least 1 or a comma-separated list of seeds, but got '${value}'.`);
    return { count };
  }
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length < 2 || parts.some((p) => !/^\d+$/.test(p))) throw new UsageError(`Expected --seeds to be a count of at least 1 or a comma-separated list of seeds, but got '${value}'.`);
  return parts.map(Number);
}

export function parseInteger(flag: string, value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`Expected ${flag} to be an integer, but got '${value}'.`);
  return Number(value);
}

export function parseNumber(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`Expected ${flag} to be a number, but got '${value}'.`);
  return number;
}

export function parsePositiveNumber(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new UsageError(`Expected ${flag} to be a positive number, but got '${value}'.`);
  return number;
}

/** `--jobs N|auto`: auto is one worker per core. */
export function parseJobs(value: string): number {
  if (value.trim() === 'auto') return Math.max(1, os.availableParallelism());
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`Expected --jobs to be a positive integer or auto, but got '${value}'.`);
  return Number(value);
}

/** `--threads N`: wasm threads, as many as TF.js's threaded build runs (8). */
export function parseThreads(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > MAX_WASM_THREADS) {
    throw new UsageError(`Expected --threads to be an integer from 1 to ${MAX_WASM_THREADS}, but got '${value}'.`);
  }
  return Number(value);
}

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** `--option name=v1,v2` (repeatable) → { name: [v1, v2] }. */
export function parseOptionSweeps(values: readonly string[]): Record<string, number[]> {
  const sweeps: Record<string, number[]> = {};
  for (const value of values) {
    const match = /^([A-Za-z][\w-]*)=(.+)$/.exec(value.trim());
    if (match === null) throw new UsageError(`Expected --option as name=value[,value...], e.g. gate-bias=0,2, but got '${value}'.`);
    const [, name, list] = match as unknown as [string, string, string];
    if (sweeps[name] !== undefined) throw new UsageError(`--option ${name} is given twice; list its values once, comma-separated.`);
    sweeps[name] = parseList(list).map((v) => parseNumber(`--option ${name}`, v));
  }
  return sweeps;
}

/** `--arch <glob>`: a non-empty glob over architecture ids (picomatch throws a TypeError on ''). */
export function parseArchGlob(value: string): string {
  if (value.trim() === '') throw new UsageError(`Expected --arch to be a glob over architecture ids, e.g. "resnet.*" or "*", but got '${value}'.`);
  return value;
}

import { describe, expect, it } from 'vitest';
import { SkipbenchError } from '@skipbench/core';
import { chooseAutoBackend, listBackends, selectBackend, type BackendAvailability } from './index.js';
import { tensorflowAvailability } from './tensorflow.js';

const wasm: BackendAvailability = { id: 'wasm', available: true, detail: 'embedded' };
const cpu: BackendAvailability = { id: 'cpu', available: true, detail: 'reference' };
const webgpu = (available: boolean): BackendAvailability => ({ id: 'webgpu', available, detail: available ? 'adapter H100' : 'no adapter' });
const tensorflow = (flavour?: 'gpu' | 'cpu'): BackendAvailability =>
  flavour === undefined ? { id: 'tensorflow', available: false, detail: 'not installed' } : { id: 'tensorflow', available: true, flavour, detail: `${flavour} installed` };

describe('--backend auto', () => {
  it('prefers CUDA through tfjs-node-gpu, then webgpu with an adapter, then libtensorflow on the CPU, then wasm', () => {
    expect(chooseAutoBackend([wasm, cpu, webgpu(true), tensorflow('gpu')]).id).toBe('tensorflow');
    expect(chooseAutoBackend([wasm, cpu, webgpu(true), tensorflow('cpu')]).id).toBe('webgpu');
    expect(chooseAutoBackend([wasm, cpu, webgpu(false), tensorflow('cpu')]).id).toBe('tensorflow');
    expect(chooseAutoBackend([wasm, cpu, webgpu(false), tensorflow()]).id).toBe('wasm');
  });

  it('says why, naming what it passed over', () => {
    expect(chooseAutoBackend([wasm, cpu, webgpu(true), tensorflow()]).reason).toBe('auto: webgpu first available (tensorflow: not installed)');
    expect(chooseAutoBackend([wasm, cpu, webgpu(false), tensorflow()]).reason).toBe('auto: wasm, as no GPU backend is available (tensorflow: not installed; webgpu: no adapter)');
  });
});

describe('tensorflow backend', () => {
  // The line a user reads, written out here: comparing with TENSORFLOW_INSTALL_HINT would pass whatever it said.
  const hint =
    'not installed: npm install @tensorflow/tfjs-node-gpu (CUDA 11.2 and cuDNN 8.1 on the host; its install downloads libtensorflow) or @tensorflow/tfjs-node (CPU)';

  it('when neither tfjs-node-gpu nor tfjs-node resolves, says in one line how to install it and what it needs, having looked for both', () => {
    const asked: string[] = [];
    const absent = tensorflowAvailability((name) => {
      asked.push(name);
      throw new Error('Cannot find module');
    });
    expect(asked).toEqual(['@tensorflow/tfjs-node-gpu/package.json', '@tensorflow/tfjs-node/package.json']);
    expect(absent).toEqual({ id: 'tensorflow', available: false, detail: hint });
  });

  it('prefers the GPU package when both are installed, and the CPU one alone, without loading either', () => {
    expect(tensorflowAvailability((name) => name)).toEqual({
      id: 'tensorflow',
      available: true,
      flavour: 'gpu',
      detail: '@tensorflow/tfjs-node-gpu installed (CUDA); libtensorflow loads when selected',
    });
    const cpuOnly = tensorflowAvailability((name) => {
      if (name.includes('-gpu')) throw new Error('absent');
      return name;
    });
    expect(cpuOnly).toEqual({ id: 'tensorflow', available: true, flavour: 'cpu', detail: '@tensorflow/tfjs-node installed (CPU); libtensorflow loads when selected' });
  });

  it('selecting it where it is absent fails with that line as a backend error, not a stack of import errors', async () => {
    const error = await selectBackend('tensorflow').catch((e: unknown) => e);
    expect(error).toEqual(new SkipbenchError(`Backend 'tensorflow' is ${hint}.`, 'backend'));
    expect((error as SkipbenchError).code).toBe('backend');
  });
});

describe('listBackends', () => {
  it('gives every backend one line; wasm and cpu are always there', async () => {
    const listed = await listBackends();
    expect(listed.map((b) => b.id)).toEqual(['wasm', 'cpu', 'webgpu', 'tensorflow']);
    expect(listed.filter((b) => b.id === 'wasm' || b.id === 'cpu').every((b) => b.available)).toBe(true);
    for (const backend of listed) expect(backend.detail).not.toMatch(/\n/);
  });
});

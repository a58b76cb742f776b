import type { Architecture, Plugin } from './block.js';
import { API_VERSION } from './constants.js';
import { SkipbenchError } from './errors.js';
import { optionDeclarationProblems } from './options.js';

/** Problems with a plugin's shape, each prefixed with the path of the offending field. */
export function validatePlugin(value: unknown): string[] {
  const errors: string[] = [];
  if (typeof value !== 'object' || value === null) return ['(plugin): expected an object made with definePlugin({...})'];
  const plugin = value as Partial<Plugin>;
  for (const field of ['name', 'version'] as const) {
    if (typeof plugin[field] !== 'string' || plugin[field] === '') errors.push(`${field}: expected a non-empty string`);
  }
  if (!Number.isInteger(plugin.apiVersion)) errors.push('apiVersion: expected an integer (core exports API_VERSION)');
  if (!Array.isArray(plugin.architectures)) {
    errors.push('architectures: expected an array');
    return errors;
  }
  plugin.architectures.forEach((arch: Partial<Architecture>, i) => {
    const at = `architectures[${i}]`;
    if (typeof arch?.id !== 'string' || !/^[a-z0-9-]+\.[a-z0-9-]+$/.test(arch.id)) {
      errors.push(`${at}.id: expected 'family.name' in lower case, but got ${JSON.stringify(arch?.id)}`);
    }
    if (typeof arch?.build !== 'function') errors.push(`${at}.build: expected a function`);
    if (typeof arch?.variants !== 'object' || arch.variants === null || !('plain' in arch.variants)) {
      errors.push(`${at}.variants: expected an object with a 'plain' variant (the ablation without skips)`);
    }
    const defaults = arch?.defaults;
    if (defaults === undefined) errors.push(`${at}.defaults: expected the default config`);
    else {
      if (!arch.choices?.norm?.includes(defaults.norm)) errors.push(`${at}.defaults.norm: '${defaults.norm}' is not in choices.norm`);
      if (!arch.choices?.init?.includes(defaults.init)) errors.push(`${at}.defaults.init: '${defaults.init}' is not in choices.init`);
    }
    for (const [name, option] of Object.entries(arch?.options ?? {})) errors.push(...optionDeclarationProblems(`${at}.options.${name}`, option));
  });
  return errors;
}

/** Declares a plugin; throws if its shape is wrong, naming every problem. */
export function definePlugin<P extends Plugin>(plugin: P): P {
  const errors = validatePlugin(plugin);
  if (errors.length > 0) {
    throw new SkipbenchError(`Invalid plugin ${JSON.stringify((plugin as Partial<Plugin>)?.name)}: ${errors.join('; ')}`, 'plugin');
  }
  return plugin;
}

/** Whether the running core speaks the plugin's contract. */
export function speaksApiVersion(apiVersion: number): boolean {
  return apiVersion === API_VERSION;
}

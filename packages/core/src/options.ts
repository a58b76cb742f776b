import type { Architecture, ArchitectureOption, OptionBound } from './architecture.js';
import type { ModelConfig } from './config.js';
import { OPTION_BOUNDS } from './constants.js';

const boundNames: Record<OptionBound, string> = { depth: 'the depth', width: 'the width', inputSize: 'the input size' };

/** What an option accepts, in words: "an integer from 1 to the depth", "one of 0, 1", "a number". */
export function describeOptionRange(option: ArchitectureOption): string {
  if (option.values !== undefined) return `one of ${option.values.join(', ')}`;
  const kind = option.integer ? 'an integer' : 'a number';
  const max = typeof option.max === 'string' ? boundNames[option.max] : option.max;
  if (option.min !== undefined && max !== undefined) return `${kind} from ${option.min} to ${max}`;
  if (option.min !== undefined) return `${kind} of at least ${option.min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return `a finite ${option.integer ? 'integer' : 'number'}`;
}

/**
 * Why `value` is not accepted by the option, or undefined when it is. Without `config`, only what does not
 * depend on the case (finite, integer, values, numeric bounds) is checked.
 */
export function optionProblem(architecture: Architecture, name: string, value: number, config?: Pick<ModelConfig, OptionBound>): string | undefined {
  const option = architecture.options?.[name];
  if (option === undefined) return `Architecture ${architecture.id} has no option '${name}'.`;
  const bound = typeof option.max === 'string' ? config?.[option.max] : option.max;
  const fits =
    Number.isFinite(value) &&
    (!option.integer || Number.isInteger(value)) &&
    (option.values === undefined || option.values.includes(value)) &&
    (option.min === undefined || value >= option.min) &&
    (bound === undefined || value <= bound);
  if (fits) return undefined;
  const at = typeof option.max === 'string' && bound !== undefined && value > bound ? ` at ${boundNames[option.max].replace(/^the /, '')} ${bound}` : '';
  return `Expected option ${name} of ${architecture.id} to be ${describeOptionRange(option)}, but got ${value}${at}.`;
}

/** Problems with an option's declaration itself (for validatePlugin), each prefixed with `at`. */
export function optionDeclarationProblems(at: string, option: Partial<ArchitectureOption> | undefined): string[] {
  if (typeof option !== 'object' || option === null) return [`${at}: expected { summary, default }`];
  const errors: string[] = [];
  if (typeof option.summary !== 'string') errors.push(`${at}.summary: expected a string`);
  if (typeof option.default !== 'number' || !Number.isFinite(option.default)) errors.push(`${at}.default: expected a finite number`);
  if (typeof option.max === 'string' && !(OPTION_BOUNDS as readonly string[]).includes(option.max)) {
    errors.push(`${at}.max: expected a number or one of ${OPTION_BOUNDS.join(', ')}, but got '${option.max}'`);
  }
  if (errors.length > 0) return errors;
  const declared = option as ArchitectureOption;
  const staticBound = typeof declared.max === 'number' ? declared.max : undefined;
  const fits =
    (!declared.integer || Number.isInteger(declared.default)) &&
    (declared.values === undefined || declared.values.includes(declared.default)) &&
    (declared.min === undefined || declared.default >= declared.min) &&
    (staticBound === undefined || declared.default <= staticBound);
  if (!fits) errors.push(`${at}.default: ${declared.default} is not ${describeOptionRange(declared)}`);
  return errors;
}

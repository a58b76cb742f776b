/** Every error core throws on purpose. `code` lets the CLI map it to an exit code without parsing text. */
export class SkipbenchError extends Error {
  constructor(
    message: string,
    readonly code: 'usage' | 'plugin' | 'results' | 'backend' | 'internal',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SkipbenchError';
  }
}

/** A user's mistake (an unknown name, a bad number): the message is one line naming the valid choices. */
export class UsageError extends SkipbenchError {
  constructor(message: string) {
    super(message, 'usage');
    this.name = 'UsageError';
  }
}

/** "Expected <what> to be one of a, b, c, but got 'x'." */
export function unknownChoice(what: string, received: string, choices: readonly string[]): UsageError {
  return new UsageError(`Unknown ${what} '${received}'. Valid choices: ${choices.join(', ')}.`);
}

/** How a caller spells the options a message names: a program by their names, a command line by its flags. */
export type SpellOption = (option: string) => string;

/** What an `OptionError` is about: the option, what it was given and, where there is a list, what it accepts. */
export interface OptionProblem {
  readonly option: string;
  readonly received?: unknown;
  readonly accepted?: readonly unknown[];
}

/**
 * A mistake in a named option, with the option, what it received and what it accepts as data. Its message
 * spells every option it names by the option's own name (`depths`); `wordedFor` spells them as the caller's
 * interface does (a CLI by its flags, `--depths`), so a library never speaks a command line's words.
 */
export class OptionError extends UsageError implements OptionProblem {
  readonly option: string;
  readonly received?: unknown;
  readonly accepted?: readonly unknown[];
  readonly #phrase: (spell: SpellOption) => string;

  constructor(problem: OptionProblem, phrase: (spell: SpellOption) => string) {
    super(phrase((name) => name));
    this.name = 'OptionError';
    this.option = problem.option;
    if ('received' in problem) this.received = problem.received;
    if (problem.accepted !== undefined) this.accepted = problem.accepted;
    this.#phrase = phrase;
  }

  /** The message with each option spelled by `spell`. */
  wordedFor(spell: SpellOption): string {
    return this.#phrase(spell);
  }
}

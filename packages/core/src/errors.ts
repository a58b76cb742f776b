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

/** Exit codes: 0 done, 1 some cases failed or an unexpected error, 2 a usage mistake, 130 interrupted. */
export const EXIT = { ok: 0, failures: 1, usage: 2, interrupted: 130 } as const;

import type { ErrorCode } from './error-codes.ts';

/** An error for input a person or program got wrong: maps to HTTP 4xx or a CLI exit code. */
export class InputError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'InputError';
  }
}

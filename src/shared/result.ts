import type { ErrorCode } from './error-codes.ts';

/** A business outcome: either a value or a typed domain error. Bugs throw instead. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a successful value. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** Wraps an expected failure; its code must be in the table of src/shared/error-codes.ts. */
export const err = <E extends { code: ErrorCode }>(error: E): { ok: false; error: E } => ({ ok: false, error });

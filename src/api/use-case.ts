import type { Context } from 'hono';
import type { UseCaseContext } from '../tools/policy-gate/context.ts';
import type { ErrorCode } from '../shared/error-codes.ts';
import type { Result } from '../shared/result.ts';
import type { AuthEnv } from './auth/context.ts';
import { sendUseCaseError } from './error-map.ts';

/** The use-case context of a request: the authenticated actor, the request id as correlation id, now. */
export const useCaseContext = (c: Context<AuthEnv>, now: Date): UseCaseContext => ({
  actor: c.get('auth').actor,
  correlationId: c.get('requestId'),
  now,
});

const bigintsAsStrings = (_k: string, x: unknown) => (typeof x === 'bigint' ? x.toString() : x);

/**
 * The JSON text of a use-case result (bigints as decimal strings, dates as ISO strings), written
 * once: without a replacer first (the common case, and several times faster), and with one only
 * when the value holds a bigint (JSON.stringify throws a TypeError on one).
 */
export function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(v, bigintsAsStrings);
  }
}

/** A JSON response of a use-case result, its text written once (see jsonText). */
export const sendJson = (c: Context, v: unknown, status: 200 | 201 | 202 = 200): Response =>
  c.body(jsonText(v), status, { 'Content-Type': 'application/json' });

/** Sends a use case's outcome: the value with the given status, or its error through the error map. */
export function sendResult<T, E extends { code: ErrorCode; message: string }>(
  c: Context<AuthEnv>,
  r: Result<T, E>,
  status: 200 | 201 = 200,
): Response {
  return r.ok ? sendJson(c, r.value, status) : sendUseCaseError(c, r.error);
}

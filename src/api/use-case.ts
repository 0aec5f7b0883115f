import type { Context } from 'hono';
import type { UseCaseContext } from '../tools/policy-gate/context.ts';
import type { ErrorCode } from '../shared/error-codes.ts';
import type { Result } from '../shared/result.ts';
import type { AuthEnv } from './auth/context.ts';
import { jsonText } from '../shared/json-text.ts';
import { sendUseCaseError } from './error-map.ts';

/** The use-case context of a request: the authenticated actor, the request id as correlation id, now. */
export const useCaseContext = (c: Context<AuthEnv>, now: Date): UseCaseContext => ({
  actor: c.get('auth').actor,
  correlationId: c.get('requestId'),
  now,
});

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

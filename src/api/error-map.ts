import type { Context } from 'hono';
import { z } from 'zod';
import { pgError } from '../db/client.ts';
import { InputError } from '../shared/errors.ts';
import { boundCodeOf } from '../shared/bounded-fields.ts';
import { httpStatusOfCode, type ErrorCode } from '../shared/error-codes.ts';

/** The one error shape of the API. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/** Sends an error in the shared shape, with the HTTP status of its code's kind (src/shared/error-codes.ts). */
export function sendError(c: Context, code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
  return c.json({ code, message, details } satisfies ApiError, httpStatusOfCode(code));
}

/** The code of a 4xx thrown by the framework (hono's HTTPException carries only a status). */
const frameworkCode = (status: number): ErrorCode =>
  status === 413
    ? 'PAYLOAD_TOO_LARGE'
    : status === 415
      ? 'UNSUPPORTED_MEDIA_TYPE'
      : status === 401
        ? 'UNAUTHENTICATED'
        : 'BAD_REQUEST';

/** What the database's data exceptions (SQLSTATE class 22) mean for the caller. */
const DATA_EXCEPTION: Record<string, string> = {
  '22003': 'A number in the request is too large to store',
  '22001': 'A text in the request is too long to store',
  '22021': 'The request contains a character that cannot be stored (such as U+0000)',
  '22P05': 'The request contains a character that cannot be stored (such as U+0000)',
  '22P02': 'A value in the request is not of the expected type',
  '22007': 'A date or time in the request is not valid',
  '22008': 'A date or time in the request is out of range',
};

/**
 * Maps anything thrown by a handler to a response; a 5xx never echoes internals. A data exception
 * from the database (class 22: a number out of range, a character it cannot store) is the request's
 * value, not our fault: 400 INVALID_VALUE. The statement failed, so its transaction wrote nothing.
 */
export function onError(err: Error, c: Context, log: (msg: string, meta: Record<string, unknown>) => void) {
  if (err instanceof InputError) return sendError(c, err.code, err.message, err.details);
  if (err instanceof z.ZodError) {
    // A bound broken (docs/limits.md) names its code beside the field's path: TEXT_TOO_LONG, AMOUNT_TOO_LARGE, DATE_OUT_OF_WINDOW...
    return sendError(c, 'VALIDATION_FAILED', 'The request is not valid', {
      issues: err.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
        ...(boundCodeOf(i) ? { code: boundCodeOf(i) } : {}),
      })),
    });
  }
  if (err instanceof SyntaxError) return sendError(c, 'MALFORMED_JSON', 'The request body is not valid JSON');
  const sqlState = pgError(err).code;
  if (sqlState !== undefined && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    return sendError(c, 'INVALID_VALUE', DATA_EXCEPTION[sqlState] ?? 'A value in the request cannot be stored', {
      sqlState,
    });
  }
  const status = (err as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return sendError(c, frameworkCode(status), err.message);
  log('unhandled error', { requestId: c.get('requestId') ?? null, path: c.req.path, error: err.message });
  return sendError(c, 'INTERNAL', 'Something went wrong on our side; the request was not applied');
}

/**
 * Sends a use case's error: its code and message, everything else it carries as details; the status
 * comes from the code's kind. A policy refusal for entity scope gets the API's ENTITY_OUT_OF_SCOPE
 * code, the same as the route checks use.
 */
export function sendUseCaseError(c: Context, e: { code: ErrorCode; message: string }) {
  const { code, message, ...details } = e as { code: ErrorCode; message: string } & Record<string, unknown>;
  const apiCode: ErrorCode =
    code === 'FORBIDDEN' && details.policyCode === 'ENTITY_OUT_OF_SCOPE' ? 'ENTITY_OUT_OF_SCOPE' : code;
  return sendError(
    c,
    apiCode,
    message,
    JSON.parse(JSON.stringify(details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<
      string,
      unknown
    >,
  );
}

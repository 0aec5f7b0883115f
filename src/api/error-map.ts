import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { pgError } from '../db/client.ts';
import { InputError } from '../shared/errors.ts';
import { boundCodeOf } from '../shared/bounded-fields.ts';

/** The one error shape of the API. */
export interface ApiError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const STATUS: Record<string, ContentfulStatusCode> = {
  NOT_FOUND: 404,
  INVOICE_NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  INVALID_PERIOD: 400,
  UNKNOWN_REFERENCE: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

/** Sends an error in the shared shape. */
export function sendError(c: Context, status: ContentfulStatusCode, code: string, message: string, details: Record<string, unknown> = {}) {
  return c.json({ code, message, details } satisfies ApiError, status);
}

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
  if (err instanceof InputError) return sendError(c, STATUS[err.code] ?? 400, err.code, err.message, err.details);
  if (err instanceof z.ZodError) {
    // A bound broken (docs/limits.md) names its code beside the field's path: TEXT_TOO_LONG, AMOUNT_TOO_LARGE, DATE_OUT_OF_WINDOW...
    return sendError(c, 400, 'VALIDATION_FAILED', 'The request is not valid', {
      issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message, ...(boundCodeOf(i) ? { code: boundCodeOf(i) } : {}) })),
    });
  }
  if (err instanceof SyntaxError) return sendError(c, 400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  const sqlState = pgError(err).code;
  if (sqlState !== undefined && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    return sendError(c, 400, 'INVALID_VALUE', DATA_EXCEPTION[sqlState] ?? 'A value in the request cannot be stored', { sqlState });
  }
  const status = (err as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) return sendError(c, status as ContentfulStatusCode, 'BAD_REQUEST', err.message);
  log('unhandled error', { path: c.req.path, error: err.message });
  return sendError(c, 500, 'INTERNAL', 'Something went wrong on our side; the request was not applied');
}

/** HTTP status of each use-case error code (src/db/usecases): expected outcomes, so 4xx, never 500. */
const USE_CASE_STATUS: Record<string, ContentfulStatusCode> = {
  INVOICE_NOT_FOUND: 404, EXCEPTION_NOT_FOUND: 404, APPROVAL_REQUEST_NOT_FOUND: 404,
  FORBIDDEN: 403, SOD_VIOLATION: 403, ENTITY_OUT_OF_SCOPE: 403,
  APPROVAL_REQUIRED: 409, ARGS_CHANGED: 409, APPROVAL_REJECTED: 409, INVALID_TRANSITION: 409, REQUEST_NOT_PENDING: 409,
  EXCEPTION_ALREADY_RESOLVED: 409, NOTHING_TO_REJECT: 409, INVOICE_HELD: 409, OPEN_BLOCKING_EXCEPTIONS: 409,
  LINE_ALREADY_CREDITED: 409, NOTHING_TO_CREDIT: 409, NOTHING_TO_WRITE_OFF: 409,
  PAYMENT_NOT_FOUND: 404, PAYMENT_ALREADY_REVERSED: 409, PAYMENT_REFERENCE_CONFLICT: 409, NO_OPEN_DISPUTE: 409, NOTHING_TO_DISPUTE: 409,
  APPROVAL_MATRIX_VERSION_CONFLICT: 409, ALREADY_DELIVERED: 409, NO_UNAPPLIED_CASH: 409,
  EXPENSES_NOT_FOUND: 404, FX_RATE_CONFLICT: 409, FX_RATES_CONTRADICT: 422,
  ASSIGNEE_NOT_FOUND: 422, LINE_NOT_ON_INVOICE: 422, RESOLUTION_NOT_APPLICABLE: 422, FX_RATE_MISSING: 422,
};

/**
 * Sends a use case's error: its code and message, everything else it carries as details. A policy
 * refusal for entity scope gets the API's ENTITY_OUT_OF_SCOPE code, the same as the route checks use.
 */
export function sendUseCaseError(c: Context, e: { code: string; message: string }) {
  const { code, message, ...details } = e as { code: string; message: string } & Record<string, unknown>;
  const apiCode = code === 'FORBIDDEN' && details.policyCode === 'ENTITY_OUT_OF_SCOPE' ? 'ENTITY_OUT_OF_SCOPE' : code;
  return sendError(c, USE_CASE_STATUS[code] ?? 422, apiCode, message, JSON.parse(JSON.stringify(details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>);
}

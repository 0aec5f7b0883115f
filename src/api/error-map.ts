import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { InputError } from '../shared/errors.ts';

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

/** Maps anything thrown by a handler to a response; a 5xx never echoes internals. */
export function onError(err: Error, c: Context, log: (msg: string, meta: Record<string, unknown>) => void) {
  if (err instanceof InputError) return sendError(c, STATUS[err.code] ?? 400, err.code, err.message, err.details);
  if (err instanceof z.ZodError) {
    return sendError(c, 400, 'VALIDATION_FAILED', 'The request is not valid', { issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  if (err instanceof SyntaxError) return sendError(c, 400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  const status = (err as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) return sendError(c, status as ContentfulStatusCode, 'BAD_REQUEST', err.message);
  log('unhandled error', { path: c.req.path, error: err.message });
  return sendError(c, 500, 'INTERNAL', 'Something went wrong on our side; the request was not applied');
}

import type { Context } from 'hono';
import type { ToolResult } from '../../tools/call-tool.ts';
import type { DomainError } from '../../tools/define-tool.ts';
import type { AuthEnv } from '../auth/context.ts';
import { sendError } from '../error-map.ts';
import { sendToolResult } from '../tool-route.ts';

/** Sends an upsert entry's Result: the record (201 when new, 200 when updated) or the refusal. */
export function sendUpserted<V extends { created: boolean }>(
  c: Context<AuthEnv>,
  r: ToolResult<V, DomainError>,
  body: (v: V) => unknown,
): Response {
  if (!r.ok) return sendToolResult(c, r);
  return sendToolResult(c, { ...r, value: body(r.value) }, r.value.created ? 201 : 200);
}

/** Sends a read by code; its not-found error names the code in details as `code`, as the API always did. */
export function sendByCode<T>(c: Context<AuthEnv>, r: ToolResult<T, DomainError>, code: string): Response {
  if (!r.ok && r.error.code.endsWith('_NOT_FOUND')) return sendError(c, r.error.code, r.error.message, { code });
  return sendToolResult(c, r);
}

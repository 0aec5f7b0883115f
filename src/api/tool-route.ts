import type { Context } from 'hono';
import { callTool, type ToolResult } from '../tools/call-tool.ts';
import type { DomainError, Tool, ToolCaller } from '../tools/define-tool.ts';
import type { z } from 'zod';
import type { AuthEnv } from './auth/context.ts';
import type { ApiDeps } from './deps.ts';
import { sendUseCaseError } from './error-map.ts';
import { jsonSafe } from './use-case.ts';

/** The catalogue caller of a request: the authenticated actor, the request id as correlation id, now. */
export const toolCaller = (c: Context<AuthEnv>, deps: ApiDeps): ToolCaller => ({
  actor: c.get('auth').actor, correlationId: c.get('requestId'), now: deps.now(),
  deps: { database: deps.database, now: deps.now, billingRunner: deps.billingRunner ?? null },
});

/**
 * Calls a catalogue entry for a request: its Idempotency-Key becomes the call's key (the route is
 * mounted with idempotency 'tool', so HTTP claims nothing itself), and the Result is the response.
 */
export async function callToolFor<I extends z.ZodType, O extends z.ZodType, E extends DomainError>(
  c: Context<AuthEnv>, deps: ApiDeps, tool: Tool<I, O, E>, input: z.input<I>,
): Promise<ToolResult<z.output<O>, E>> {
  const key = c.req.header('idempotency-key');
  return callTool(toolCaller(c, deps), tool, input, key === undefined ? {} : { idempotencyKey: key });
}

/** Sends a catalogue Result: the value with the status, or its error through the error map; a replay says so in Idempotent-Replayed. */
export function sendToolResult<T>(c: Context<AuthEnv>, r: ToolResult<T, DomainError>, status: 200 | 201 | 202 = 200): Response {
  const res = r.ok ? c.json(jsonSafe(r.value), status) : sendUseCaseError(c, r.error);
  if (r.replayed) res.headers.set('idempotent-replayed', 'true');
  return res;
}

import type { Context } from 'hono';
import { callTool, type ToolResult } from '../tools/call-tool.ts';
import type { AnyTool, DomainError, Tool, ToolCaller } from '../tools/define-tool.ts';
import { z } from 'zod';
import { rolesFor } from './access.ts';
import { defineRoute, type ApiRoute, type ErrorStatus } from './route.ts';
import type { AuthEnv } from './auth/context.ts';
import type { ApiDeps } from './deps.ts';
import { sendUseCaseError } from './error-map.ts';
import { sendJson } from './use-case.ts';

/** The catalogue caller of a request: the authenticated actor, the request id as correlation id, now. */
export const toolCaller = (c: Context<AuthEnv>, deps: ApiDeps): ToolCaller => ({
  actor: c.get('auth').actor,
  correlationId: c.get('requestId'),
  now: deps.now(),
  deps: {
    database: deps.database,
    now: deps.now,
    billingRunner: deps.billingRunner ?? null,
    reminderDelivery: deps.reminderDelivery ?? null,
    reminderWriter: deps.reminderWriter ?? null,
    ...(deps.embedder ? { embedder: deps.embedder } : {}),
  },
});

/**
 * Calls a catalogue entry for a request: its Idempotency-Key becomes the call's key (the route is
 * mounted with idempotency 'tool', so HTTP claims nothing itself), and the Result is the response.
 */
export async function callToolFor<I extends z.ZodType, O extends z.ZodType, E extends DomainError>(
  c: Context<AuthEnv>,
  deps: ApiDeps,
  tool: Tool<I, O, E>,
  input: z.input<I>,
): Promise<ToolResult<z.output<O>, E>> {
  // A read changes nothing: an Idempotency-Key sent with a GET is ignored, not stored.
  const key = c.req.method === 'GET' ? undefined : c.req.header('idempotency-key');
  return callTool(toolCaller(c, deps), tool, input, key === undefined ? {} : { idempotencyKey: key });
}

/** Sends a catalogue Result: the value with the status, or its error through the error map; a replay says so in Idempotent-Replayed. */
export function sendToolResult<T>(
  c: Context<AuthEnv>,
  r: ToolResult<T, DomainError>,
  status: 200 | 201 | 202 = 200,
): Response {
  const res = r.ok ? sendJson(c, r.value, status) : sendUseCaseError(c, r.error);
  if (r.replayed) res.headers.set('idempotent-replayed', 'true');
  return res;
}

/** How a catalogue entry is served: the HTTP side only; roles, inputs and the response schema come from the entry. */
export interface ToolRouteSpec<F extends string> {
  method: 'get' | 'post';
  /** Hono path; each :param fills the input field pathFields names. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** Path parameter -> the entry's input field it fills, e.g. { id: 'paymentId' }. */
  pathFields?: Record<string, F>;
  errors?: readonly ErrorStatus[];
  /** The status of a success (default 200). */
  status?: 200 | 201 | 202;
  /** What a success is, for the OpenAPI document (default: the output schema's description). */
  responseDescription?: string;
}

/**
 * A route derived from a catalogue entry: who may call it (the roles policy lets ask for its action,
 * or its readers), its path parameters, query (GET) or body (POST) from the entry's input, its response
 * schema from the entry's output, and a handler that calls the entry (with the Idempotency-Key as the
 * call's key for a POST). Roles, idempotency and input checks stay the route layer's middleware.
 */
export function toolRoute<
  I extends z.ZodObject,
  O extends z.ZodType,
  E extends DomainError,
  F extends keyof z.input<I> & string = never,
>(deps: ApiDeps, tool: Tool<I, O, E>, spec: ToolRouteSpec<F>): ApiRoute {
  const pathFields = Object.entries(spec.pathFields ?? {}) as [string, F][];
  const omit = Object.fromEntries(pathFields.map(([, f]) => [f, true])) as Record<string, true>;
  const rest = tool.input.omit(omit as never);
  const params = pathFields.length
    ? z.object(Object.fromEntries(pathFields.map(([p, f]) => [p, tool.input.shape[f] as z.ZodType])))
    : undefined;
  const roles = tool.policyAction ? rolesFor(tool.policyAction) : tool.readers!;
  const status = spec.status ?? 200;
  return defineRoute({
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    tag: spec.tag,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    roles,
    tool: tool as unknown as AnyTool,
    params,
    ...(spec.method === 'get' ? { query: rest } : { body: rest, idempotency: 'tool' as const }),
    ...(spec.errors ? { errors: spec.errors } : {}),
    responses: {
      [status]: { description: spec.responseDescription ?? tool.output.description ?? 'Done', schema: tool.output },
    },
    handler: async (c, { params: p, query, body }) => {
      const fromPath = Object.fromEntries(
        pathFields.map(([param, field]) => [field, (p as Record<string, unknown>)[param]]),
      );
      const input = { ...((spec.method === 'get' ? query : body) as object), ...fromPath } as z.input<I>;
      return sendToolResult(c, await callToolFor(c, deps, tool, input), status);
    },
  });
}

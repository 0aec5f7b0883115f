import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Role } from '../policy/roles.ts';
import { routeAllows, type AuthEnv } from './auth/context.ts';
import { onError, sendError } from './error-map.ts';
import { withIdempotency, type IdempotencyDeps } from './idempotency.ts';

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

/** A documented success response; error responses are added to the document for every route. */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
}

/** Errors a route documents beyond 400/401/403 (which every authenticated route has). */
export type ErrorStatus = 404 | 409 | 422;

/**
 * One API route: its path, who may call it, the zod schemas of its inputs and its handler. The
 * same definition mounts the route, checks roles, runs idempotency for POSTs and is turned into
 * the OpenAPI document, so what is documented is what is enforced.
 */
export interface RouteDef<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined> {
  method: 'get' | 'post';
  /** Hono path, e.g. /invoices/:ref */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Roles that may call the route; include 'agent' where the agent may act for a person. */
  roles: readonly Role[];
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, ResponseDoc>;
  errors?: readonly ErrorStatus[];
  handler: (c: Context<AuthEnv>, input: { params: Out<P>; query: Out<Q>; body: Out<B> }) => Response | Promise<Response>;
}

/** A route with its input types erased, for lists of routes. */
export type ApiRoute = Omit<RouteDef<Schema, Schema, Schema>, 'handler'> & {
  handler: (c: Context<AuthEnv>, input: { params: unknown; query: unknown; body: unknown }) => Response | Promise<Response>;
};

/** Defines a route with typed inputs. */
export function defineRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(def: RouteDef<P, Q, B>): ApiRoute {
  return def as unknown as ApiRoute;
}

/** The largest JSON body a route reads. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

/** Registers routes on the app: role check, then (POST) idempotency, then input parsing, then the handler. */
export function mountRoutes(app: Hono<AuthEnv>, routes: readonly ApiRoute[], deps: IdempotencyDeps): void {
  // JSON bodies are read whole: bound them (5,000 time entries are about 2 MB).
  const limit = bodyLimit({ maxSize: MAX_JSON_BYTES, onError: (c) => sendError(c, 413, 'PAYLOAD_TOO_LARGE', `The body exceeds ${MAX_JSON_BYTES} bytes.`) });
  for (const route of routes) {
    app.on(route.method.toUpperCase(), route.path, limit, async (c) => {
      const auth = c.get('auth');
      if (!routeAllows(auth, route.roles)) {
        return sendError(c, 403, 'FORBIDDEN', `${route.method.toUpperCase()} ${route.path} needs one of the roles: ${route.roles.join(', ')}`, { roles: route.roles });
      }
      const run = async (): Promise<Response> => {
        try {
          const params = route.params ? route.params.parse(c.req.param()) : undefined;
          const query = route.query ? route.query.parse(c.req.query()) : undefined;
          // An empty body reads as {}: actions without fields need no body, and a missing field is then a 400 naming it.
          const text = route.body ? await c.req.text() : '';
          const body = route.body ? route.body.parse(text.trim() === '' ? {} : (JSON.parse(text) as unknown)) : undefined;
          return await route.handler(c, { params, query, body });
        } catch (e) {
          return onError(e instanceof Error ? e : new Error(String(e)), c, deps.log);
        }
      };
      return route.method === 'post' ? withIdempotency(c, auth.user.id, deps, run) : run();
    });
  }
}

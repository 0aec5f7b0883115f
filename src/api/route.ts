import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Role } from '../policy/roles.ts';
import { agentNeverDecides } from '../policy/evaluate.ts';
import { decisionOfRoute } from './access.ts';
import { routeAllows, type AuthEnv } from './auth/context.ts';
import type { ErrorCode } from '../shared/error-codes.ts';
import { onError, sendError } from './error-map.ts';
import { IDEMPOTENCY_KEY_SHAPE } from '../tools/call-tool.ts';
import type { AnyTool } from '../tools/define-tool.ts';
import {
  formFingerprint,
  withIdempotency,
  withIdempotentCommit,
  type Commit,
  type IdempotencyDeps,
} from './idempotency.ts';

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type FormSchema = z.ZodObject | undefined;
/** What a multipart route's handler gets: the parsed text fields and the file part. */
export type Upload<F extends z.ZodObject> = { fields: z.output<F>; file: File };
type UploadOf<F extends FormSchema> = F extends z.ZodObject ? Upload<F> : undefined;

/** A documented success response; error responses are added to the document for every route. */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
}

/** Errors a route documents beyond 400/401/403 (which every authenticated route has). */
export type ErrorStatus = 404 | 409 | 413 | 415 | 422;

/**
 * A multipart/form-data body: one required binary part and optional text fields (an empty field
 * reads as absent). The body is bounded before it is read: a larger Content-Length, or a stream
 * that grows past maxBytes, is refused with tooLarge (413) without reading the rest.
 */
export interface MultipartBody<F extends z.ZodObject = z.ZodObject> {
  fields: F;
  file: { name: string; description: string };
  maxBytes: number;
  tooLarge: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

/**
 * One API route: its path, who may call it, the zod schemas of its inputs and its handler. The
 * same definition mounts the route, checks roles, runs idempotency for POSTs and is turned into
 * the OpenAPI document, so what is documented is what is enforced. A POST takes a JSON `body` or
 * a `multipart` upload, not both.
 */
export interface RouteDef<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  F extends FormSchema = undefined,
  T extends boolean = false,
> {
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
  multipart?: F extends z.ZodObject ? MultipartBody<F> : undefined;
  /**
   * A POST whose handler reads what it needs, then writes only by calling the `commit` it is given
   * with its writes, their audit entry and its response: the idempotency claim, the writes, the
   * audit row and the stored response go to the database as one statement (withIdempotentCommit).
   * A response it sends without committing has written nothing.
   */
  commits?: T;
  /**
   * 'tool': the handler calls a catalogue entry with the request's Idempotency-Key (callToolFor),
   * which stores and replays the call's Result per user and key; the route claims nothing itself.
   */
  idempotency?: 'tool';
  responses: Record<number, ResponseDoc>;
  errors?: readonly ErrorStatus[];
  /**
   * The catalogue entry the route serves. toolRoute sets it (the route is derived from the entry);
   * a hand-shaped adapter over one entry names it too, and the route inventory test checks that its
   * roles are the entry's. A route without one is on HAND_WRITTEN_ROUTES with its reason.
   */
  tool?: AnyTool;
  handler: (
    c: Context<AuthEnv>,
    input: {
      params: Out<P>;
      query: Out<Q>;
      body: Out<B>;
      upload: UploadOf<F>;
      commit: T extends true ? Commit : undefined;
    },
  ) => Response | Promise<Response>;
}

/** A route with its input types erased, for lists of routes. */
export type ApiRoute = Omit<RouteDef<Schema, Schema, Schema>, 'handler' | 'multipart' | 'commits'> & {
  multipart?: MultipartBody;
  commits?: boolean;
  handler: (
    c: Context<AuthEnv>,
    input: { params: unknown; query: unknown; body: unknown; upload: unknown; commit: Commit | undefined },
  ) => Response | Promise<Response>;
};

/** Defines a route with typed inputs. */
export function defineRoute<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  F extends FormSchema = undefined,
  T extends boolean = false,
>(def: RouteDef<P, Q, B, F, T>): ApiRoute {
  return def as unknown as ApiRoute;
}

/** The largest JSON body a route reads. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

/** The multipart body of a request, or the 415/400 to send when it is not one. */
async function readForm(c: Context<AuthEnv>, spec: MultipartBody): Promise<FormData | Response> {
  if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    return sendError(
      c,
      'UNSUPPORTED_MEDIA_TYPE',
      `Send this request as multipart/form-data with a "${spec.file.name}" field.`,
    );
  }
  try {
    return await c.req.formData();
  } catch {
    return sendError(c, 'MALFORMED_MULTIPART', 'The multipart/form-data body could not be read.');
  }
}

/** The file part and the text fields of a form, parsed with the route's schema (a ZodError is a 400). */
function parseUpload(c: Context<AuthEnv>, spec: MultipartBody, form: FormData): Upload<z.ZodObject> | Response {
  const file = form.get(spec.file.name);
  if (!(file instanceof File)) {
    return sendError(c, 'VALIDATION_FAILED', 'The request is not valid', {
      issues: [{ path: spec.file.name, message: 'a file is required' }],
    });
  }
  const fields: Record<string, string> = {};
  for (const name of Object.keys(spec.fields.shape)) {
    const v = form.get(name);
    if (typeof v === 'string' && v !== '') fields[name] = v;
  }
  return { fields: spec.fields.parse(fields), file };
}

/** JSON media types: application/json, and +json suffixes such as application/merge-patch+json. */
const JSON_TYPE = /^\s*application\/([\w.-]+\+)?json\s*(;|$)/i;

/** The path of the first string (or key) holding U+0000, which PostgreSQL cannot store in text; null when none does. */
export function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\0') ? path.join('.') : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = nulPath(value[i], [...path, String(i)]);
      if (hit !== null) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\0')) return [...path, k.replace(/\0/g, '\\0')].join('.');
      const hit = nulPath(v, [...path, k]);
      if (hit !== null) return hit;
    }
  }
  return null;
}

/** The query keys a route takes: the fields of its query schema (none without one). */
export const queryKeysOf = (schema: z.ZodType | undefined): string[] =>
  schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];

/**
 * The 400 for query keys a route does not take, naming them and the ones it takes; null when every
 * key is known. A zod object drops unknown keys, so without this a misspelt or unsupported filter
 * (GET /exceptions?client=ACME) silently returned everything.
 */
function unknownQueryKeys(c: Context, route: ApiRoute, allowed: ReadonlySet<string>): Response | null {
  // A URL without '?' has no query: the usual request pays nothing.
  if (!c.req.url.includes('?')) return null;
  const unknown = Object.keys(c.req.query()).filter((k) => !allowed.has(k));
  if (unknown.length === 0) return null;
  const takes = [...allowed];
  const label = `${route.method.toUpperCase()} ${route.path}`;
  return sendError(
    c,
    'UNKNOWN_FILTER',
    `${label} has no query parameter ${unknown.map((k) => `"${k}"`).join(', ')}; ${takes.length ? `it takes: ${takes.join(', ')}` : 'it takes none'}`,
    { unknown, allowed: takes },
  );
}

const nulRefused = (c: Context, path: string) =>
  sendError(c, 'VALIDATION_FAILED', 'The request is not valid', {
    issues: [{ path, message: 'contains the character U+0000 (NUL), which no field accepts' }],
  });

/**
 * Registers routes on the app: role check, then the body bound, then unknown query keys (400
 * UNKNOWN_FILTER), then (POST) idempotency, then input parsing, then the handler. A multipart body is read before the idempotency claim, as its
 * fingerprint covers the parsed fields and file bytes rather than the raw body (whose boundary
 * differs on every send); one that cannot be read (415, 400) claims no key.
 */
export function mountRoutes(app: Hono<AuthEnv>, routes: readonly ApiRoute[], deps: IdempotencyDeps): void {
  // JSON bodies are read whole: bound them (5,000 time entries are about 2 MB).
  const jsonLimit = bodyLimit({
    maxSize: MAX_JSON_BYTES,
    onError: (c) => sendError(c, 'PAYLOAD_TOO_LARGE', `The body exceeds ${MAX_JSON_BYTES} bytes.`),
  });
  for (const route of routes) {
    const multipart = route.multipart;
    const queryKeys = new Set(queryKeysOf(route.query));
    const allow: MiddlewareHandler<AuthEnv> = async (c, next) => {
      if (!routeAllows(c.get('auth'), route.roles)) {
        const decision = c.get('auth').user.kind === 'agent' ? decisionOfRoute(route.roles) : null;
        if (decision) return sendError(c, 'AGENT_CANNOT_DECIDE', agentNeverDecides(decision), { action: decision });
        return sendError(
          c,
          'FORBIDDEN',
          `${route.method.toUpperCase()} ${route.path} needs one of the roles: ${route.roles.join(', ')}`,
          { roles: route.roles },
        );
      }
      await next();
    };
    const limit = multipart
      ? bodyLimit({
          maxSize: multipart.maxBytes,
          onError: (c) => sendError(c, multipart.tooLarge.code, multipart.tooLarge.message, multipart.tooLarge.details),
        })
      : jsonLimit;
    app.on(route.method.toUpperCase(), route.path, allow, limit, async (c) => {
      // Before the idempotency claim: a refused query claims no key and writes nothing.
      const badQuery = unknownQueryKeys(c, route, queryKeys);
      if (badQuery) return badQuery;
      const auth = c.get('auth');
      const userId = auth.user.id;
      // The agent's keys serve every person it acts for: the person is part of the request, so the
      // same key for another person is another request (422), never a replay of the first one's answer.
      const onBehalf = auth.onBehalfOf ? `on-behalf-of ${auth.onBehalfOf.id}\n` : '';
      const bodyText = async () => `${onBehalf}${await c.req.text()}`;
      const run = async (form?: FormData, commit?: Commit): Promise<Response> => {
        try {
          // A URL holds U+0000 only percent-encoded: scanned only then, free for the usual request.
          const nulIn = c.req.url.includes('%00') ? nulPath({ path: c.req.param(), query: c.req.query() }) : null;
          if (nulIn) return nulRefused(c, nulIn);
          const params = route.params ? route.params.parse(c.req.param()) : undefined;
          const query = route.query ? route.query.parse(c.req.query()) : undefined;
          // An empty body reads as {}: actions without fields need no body, and a missing field is then a 400 naming it.
          const text = route.body ? await c.req.text() : '';
          const type = c.req.header('content-type');
          if (text.trim() !== '' && type !== undefined && !JSON_TYPE.test(type)) {
            return sendError(
              c,
              'UNSUPPORTED_MEDIA_TYPE',
              `The body must be JSON (Content-Type: application/json), not ${type.split(';')[0]}`,
            );
          }
          const json = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
          // Scanned only when the text could hold one (a raw NUL or the \u0000 escape): free for the usual body.
          const nulInBody =
            route.body && (text.includes('\\u0000') || text.includes('\0')) ? nulPath({ body: json }) : null;
          if (nulInBody) return nulRefused(c, nulInBody);
          const body = route.body ? route.body.parse(json) : undefined;
          const upload = multipart && form ? parseUpload(c, multipart, form) : undefined;
          if (upload instanceof Response) return upload;
          return await route.handler(c, { params, query, body, upload, commit });
        } catch (e) {
          return onError(e instanceof Error ? e : new Error(String(e)), c, deps.log);
        }
      };
      if (multipart) {
        const form = await readForm(c, multipart);
        if (form instanceof Response) return form;
        return withIdempotency(
          c,
          userId,
          deps,
          async () => `${onBehalf}${await formFingerprint(form)}`,
          () => run(form),
        );
      }
      if (route.idempotency === 'tool') {
        const key = c.req.header('idempotency-key');
        if (key !== undefined && !IDEMPOTENCY_KEY_SHAPE.test(key))
          return sendError(
            c,
            'INVALID_IDEMPOTENCY_KEY',
            'Idempotency-Key must be 1 to 255 printable ASCII characters.',
          );
        return run();
      }
      if (route.commits) return withIdempotentCommit(c, userId, deps, bodyText, (commit) => run(undefined, commit));
      return route.method === 'post' ? withIdempotency(c, userId, deps, bodyText, () => run()) : run();
    });
  }
}

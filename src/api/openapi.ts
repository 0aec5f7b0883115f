import { z } from 'zod';
import type { ApiRoute, MultipartBody } from './route.ts';
import { errorSchema } from './schemas.ts';

type Json = Record<string, unknown>;

/** JSON Schema (draft 2020-12, what OpenAPI 3.1 uses) of a zod schema; requests in their input form. */
const jsonSchema = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

/** /invoices/:ref -> /invoices/{ref} */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || (js.required ?? []).includes(name),
      schema: rest,
      ...(description ? { description } : {}),
    };
  });
}

/** A JSON body; one without required fields may be left out (the route reads an empty body as {}). */
function requestBody(body: z.ZodType): Json {
  const schema = jsonSchema(body, 'input') as { required?: string[]; type?: string };
  return {
    required: schema.type !== 'object' || (schema.required ?? []).length > 0,
    content: { 'application/json': { schema } },
  };
}

/** A multipart/form-data body: the binary part (required) beside the text fields of its schema. */
function multipartBody(m: MultipartBody): Json {
  const fields = jsonSchema(m.fields, 'input') as { properties?: Record<string, Json>; required?: string[] };
  const schema = {
    type: 'object',
    properties: {
      [m.file.name]: {
        type: 'string',
        format: 'binary',
        contentMediaType: 'application/octet-stream',
        description: m.file.description,
      },
      ...(fields.properties ?? {}),
    },
    required: [m.file.name, ...(fields.required ?? [])],
  };
  return { required: true, content: { 'multipart/form-data': { schema } } };
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input (VALIDATION_FAILED with the issues, MALFORMED_JSON, ...)',
  401: 'No key, or a wrong or revoked key (UNAUTHENTICATED)',
  403: 'The role may not call this (FORBIDDEN), the target is in another legal entity (ENTITY_OUT_OF_SCOPE), or policy denied it',
  404: 'Not found',
  409: 'Conflict: a state that does not allow this, an approval still needed, or IDEMPOTENCY_IN_PROGRESS',
  413: 'Too large: the body (PAYLOAD_TOO_LARGE, DOCUMENT_TOO_LARGE, refused before it is read whole) or the document (TOO_MANY_PAGES)',
  415: 'The body is not of the media type the route takes (UNSUPPORTED_MEDIA_TYPE), or the file type is not supported',
  422: 'Unprocessable: unknown references, or IDEMPOTENCY_KEY_REUSED',
};

/** The OpenAPI 3.1 document of the API, generated from the routes' own zod schemas. */
export function openApiDocument(routes: readonly ApiRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const responses: Record<string, Json> = {};
    for (const [status, doc] of Object.entries(r.responses)) {
      responses[status] = {
        description: doc.description,
        ...(doc.schema ? { content: { 'application/json': { schema: jsonSchema(doc.schema, 'output') } } } : {}),
      };
    }
    const errors = new Set<number>([400, 401, 403, ...(r.errors ?? []), ...(r.method === 'post' ? [409, 422] : [])]);
    for (const s of [...errors].sort())
      responses[String(s)] = {
        description: ERROR_TEXT[s],
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    const headers: Json[] = [
      {
        name: 'X-On-Behalf-Of',
        in: 'header',
        required: false,
        schema: { type: 'string', format: 'email' },
        description: 'Agent identity only: the email of the active person it acts for (required for the agent)',
      },
    ];
    if (r.method === 'post') {
      headers.unshift({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', minLength: 1, maxLength: 255 },
        description:
          'Per user: the same key and body (for a form: the same fields and file bytes) replay the first response; another body is 422; while the first runs, 409.',
      });
    }
    (paths[openApiPath(r.path)] ??= {})[r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query'), ...headers],
      ...(r.body
        ? { requestBody: requestBody(r.body) }
        : r.multipart
          ? { requestBody: multipartBody(r.multipart) }
          : {}),
      responses,
      security: [{ apiKey: [] }],
      'x-roles': r.roles,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Billing Copilot API',
      version: '1',
      description:
        'From approved work to invoices. Authenticate with "Authorization: Bearer <key>" (keys come from `billing-copilot users add`). Every list is paged with limit and offset; every error is { code, message, details }. x-roles lists the roles each operation admits.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths: {
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Liveness and database check (public)',
          tags: ['System'],
          security: [],
          responses: { 200: { description: 'ok or degraded' } },
        },
      },
      ...paths,
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, bc_ followed by 43 characters' },
      },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
    },
  };
}

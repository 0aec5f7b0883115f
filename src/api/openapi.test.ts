import { describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { apiRoutes, createApp } from './app.ts';
import { DOCS_HTML } from './docs-page.ts';
import { openApiDocument, openApiPath } from './openapi.ts';

type Op = {
  operationId: string;
  parameters: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, unknown>;
  security: unknown[];
  'x-roles': string[];
};
type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

// Building the routes and the document touches no database.
const fakeDatabase = { kind: 'pglite' } as unknown as Database;
const routes = apiRoutes({ database: fakeDatabase, log: () => undefined, now: () => new Date() });
const doc = openApiDocument(routes) as unknown as Doc;

/** Every $ref in a value. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('openApiDocument', () => {
  it('is an OpenAPI 3.1 document with a bearer security scheme and the shared error schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error).toMatchObject({ type: 'object', required: ['code', 'message', 'details'] });
  });

  it('documents every mounted route under its path and method, with a unique operationId', () => {
    for (const r of routes) {
      const op = doc.paths[openApiPath(r.path)]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op!.operationId).toBe(r.operationId);
      expect(op!['x-roles']).toEqual([...r.roles]);
      expect(op!.security).toEqual([{ apiKey: [] }]);
    }
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(routes.length + 1); // + /health
  });

  it('declares every path template parameter as a required path parameter', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(methods)) {
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort(), `${path}`).toEqual([...names].sort());
        for (const p of declared) expect(p.required).toBe(true);
      }
    }
  });

  it('gives every POST a JSON (or, for an upload, multipart) request body schema and documents Idempotency-Key, 409 and 422 on it', () => {
    for (const r of routes.filter((x) => x.method === 'post')) {
      const op = doc.paths[openApiPath(r.path)]![r.method]!;
      expect(
        op.requestBody?.content[r.multipart ? 'multipart/form-data' : 'application/json']?.schema,
        r.path,
      ).toBeTypeOf('object');
      expect(op.parameters.some((p) => p.name === 'Idempotency-Key' && p.in === 'header')).toBe(true);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403', '409', '422']));
    }
  });

  it('documents paging (limit, offset) on every list: every collection GET but the KPI reports (and their charts), the document search (nearest passages: limit, offset and nextOffset, no total), the approval matrix and the dunning policy in force (one document each) returns a page', () => {
    for (const r of routes.filter(
      (x) =>
        x.method === 'get' &&
        !x.path.includes(':') &&
        !x.path.startsWith('/kpis') &&
        !['/documents/search', '/approval-matrix', '/collections/dunning-policy'].includes(x.path),
    )) {
      const op = doc.paths[r.path]!.get!;
      const schema = (
        op.responses['200'] as { content: { 'application/json': { schema: { properties?: Record<string, unknown> } } } }
      ).content['application/json'].schema;
      expect(Object.keys(schema.properties ?? {}), r.path).toEqual(['items', 'page']);
      expect(
        op.parameters.map((p) => p.name),
        r.path,
      ).toEqual(expect.arrayContaining(['limit', 'offset']));
    }
  });

  it('documents the upload as multipart/form-data with a required binary file and the optional client and contract (code or id)', () => {
    const op = doc.paths['/documents']!.post!;
    expect(op.requestBody).toMatchObject({
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            properties: {
              file: { type: 'string', format: 'binary' },
              client: { type: 'string' },
              contract: { type: 'string' },
              clientId: { type: 'string' },
              contractId: { type: 'string' },
            },
          },
        },
      },
    });
    expect(op.requestBody!.content['application/json']).toBeUndefined();
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '202', '413', '415', '422']));
    expect(doc.paths['/documents/{id}']!.get!.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]),
    );
    expect(doc.paths['/documents/search']!.get!.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'clientId', 'limit', 'offset', 'legalEntity']),
    );
  });

  it('resolves every $ref inside the document', () => {
    for (const ref of refs(doc)) {
      if (!ref.startsWith('#/')) continue; // a schema-local ref such as #/$defs is resolved within its schema
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('serves the document at /openapi.json and a reference page at /docs that loads nothing from elsewhere', async () => {
    const app = createApp({ database: fakeDatabase, log: () => undefined });
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(doc)));
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(DOCS_HTML).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(DOCS_HTML).not.toMatch(/@import|url\(/i);
  });
});

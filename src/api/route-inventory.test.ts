import { describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { rolesFor } from './access.ts';
import { apiRoutes, createApp } from './app.ts';
import { HAND_WRITTEN_ROUTES } from './hand-written-routes.ts';
import { openApiDocument, openApiPath } from './openapi.ts';
import { ROUTE_CASES } from './route-cases.test-support.ts';
import type { SlackService } from './slack/slack-service.ts';
import type { TeamsBot } from './teams/teams-bot.ts';
import type { AnyTool } from '../tools/define-tool.ts';
import { ALL_TOOLS } from '../tools/registry.ts';

// Building the app, its routes and the document touches no database.
const fakeDatabase = { kind: 'pglite' } as unknown as Database;
const deps = { database: fakeDatabase, log: () => undefined, now: () => new Date() };
const routes = apiRoutes(deps);
// Slack and Teams configured, so their routes are mounted too.
const app = createApp({
  ...deps,
  slack: { signingSecret: 'test-secret', service: {} as SlackService, now: deps.now },
  teams: { handle: async () => new Response(null) } as unknown as TeamsBot,
});
const doc = openApiDocument(routes) as { paths: Record<string, Record<string, unknown>> };

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
/** Every method and path the app answers (middleware, mounted for every method, left out). */
const mounted = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => key(r.method, r.path)))].sort();
const handWritten = new Map(HAND_WRITTEN_ROUTES.map((r) => [key(r.method, r.path), r]));
const byKey = new Map(routes.map((r) => [key(r.method, r.path), r]));
const registered = new Set(ALL_TOOLS);
const entryRoles = (t: AnyTool) => (t.policyAction ? rolesFor(t.policyAction) : t.readers!);

/** The paths of objects in a JSON Schema that say nothing of their fields (a loose "any object"). */
function looseObjects(schema: unknown, path = '#'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => looseObjects(s, `${path}/${i}`));
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  const here =
    s.type === 'object' &&
    Object.keys((s.properties as object | undefined) ?? {}).length === 0 &&
    s.propertyNames === undefined &&
    (s.additionalProperties === undefined || Object.keys(s.additionalProperties as object).length === 0)
      ? [path]
      : [];
  return [...here, ...Object.entries(s).flatMap(([k, v]) => looseObjects(v, `${path}/${k}`))];
}

describe('the route inventory', () => {
  it('mounts no route that neither serves a catalogue entry nor is on the hand-written list with its reason', () => {
    const stray = mounted.filter((k) => !byKey.get(k)?.tool && !handWritten.has(k));
    expect(stray, 'derive it from its entry (toolRoute), or add it to HAND_WRITTEN_ROUTES saying why').toEqual([]);
    expect(mounted.length).toBeGreaterThan(90);
  });

  it('lists only routes that are mounted and serve no entry, each with a reason', () => {
    for (const [k, r] of handWritten) {
      expect(mounted, k).toContain(k);
      expect(byKey.get(k)?.tool, k).toBeUndefined();
      expect(r.reason.length, k).toBeGreaterThan(20);
      // A key-authenticated one is an API route (roles, access table, OpenAPI); the others come before authentication.
      expect(byKey.has(k), k).toBe(r.credential === 'api_key');
    }
  });

  it('puts every key-authenticated route in the access table and the OpenAPI document', () => {
    for (const r of routes) {
      expect(ROUTE_CASES[r.operationId], `${r.operationId}: add its case to route-cases.test-support.ts`).toBeDefined();
      expect(doc.paths[openApiPath(r.path)]?.[r.method], key(r.method, r.path)).toBeDefined();
    }
    expect(doc.paths['/health']?.get).toBeDefined();
  });

  it("admits exactly the roles of the entry a route serves: policy's for its action, or the read's readers", () => {
    for (const r of routes.filter((x) => x.tool)) {
      expect(registered.has(r.tool!), `${r.tool!.name} is in the registry`).toBe(true);
      expect([...r.roles].sort(), key(r.method, r.path)).toEqual([...entryRoles(r.tool!)].sort());
      // A GET reads; a POST writes or decides.
      expect(r.tool!.risk === 'read', key(r.method, r.path)).toBe(r.method === 'get');
    }
  });

  it("documents every JSON success with a typed schema: the entry's output, not a loose object", () => {
    const loose: string[] = [];
    // Charts answer images (their 2xx description names the media type), not JSON.
    const image = (x: (typeof routes)[number]) =>
      Object.entries(x.responses).every(([s, res]) => !s.startsWith('2') || res.description.startsWith('image/'));
    for (const r of routes.filter((x) => x.tool && !image(x))) {
      const success = Object.entries(r.responses).filter(([s]) => s.startsWith('2'));
      expect(success.length, key(r.method, r.path)).toBeGreaterThan(0);
      for (const [status, res] of success) {
        if (!res.schema) {
          loose.push(`${key(r.method, r.path)} ${status} has no schema`);
          continue;
        }
        const op = doc.paths[openApiPath(r.path)]![r.method] as {
          responses: Record<string, { content: { 'application/json': { schema: unknown } } }>;
        };
        const at = looseObjects(op.responses[status]!.content['application/json'].schema);
        if (at.length) loose.push(`${key(r.method, r.path)} ${status} ${at.join(' ')}`);
      }
    }
    expect(loose).toEqual([]);
  });
});

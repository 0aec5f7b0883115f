import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { ROLES, type Role } from '../policy/roles.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../test/helpers/api.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../test/helpers/two-entity-firm.ts';
import { generateApiKey } from '../shared/api-keys.ts';
import { apiRoutes } from './app.ts';
import type { ApiRoute } from './route.ts';
import { ENTITY_FREE, MESSAGE_TEXT, ROUTE_CASES, SOW_A, STATEFUL } from './route-cases.test-support.ts';
import { TEXT_MAX } from '../shared/bounds.ts';
import { clients } from '../db/schema/index.ts';
import { uploadDocument } from '../tools/documents/upload-document.ts';
import { eq } from 'drizzle-orm';
import { callTool } from '../tools/call-tool.ts';
import { bankStatementsImport } from '../tools/bank-statements/import-bank-statement.ts';

const PEOPLE_ROLES = ROLES.filter((r) => r !== 'agent');

describe(`route access on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  let targets: FirmTargets;
  let routes: ApiRoute[];
  let docs: { clientA: string; documentA: string; bankStatementA: string };
  const logged: unknown[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    targets = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database, logged);
    routes = apiRoutes({ database, log: () => undefined, now: () => new Date() });
    const [clientA] = await database.db.select({ id: clients.id }).from(clients).where(eq(clients.code, 'CL-A'));
    const stored = await uploadDocument(
      { db: database.db, limits: { maxBytes: 1_000_000, maxPages: 10 }, enqueue: () => undefined },
      { bytes: new TextEncoder().encode(SOW_A), fileName: 'sow-a.txt', clientId: clientA!.id, contractId: null },
    );
    if (!stored.ok) throw new Error(JSON.stringify(stored.error));
    // A statement of entity A, so GET /bank-statements/:id has something in A to refuse or show.
    const bank = await callTool(
      {
        actor: {
          userId: users.ids[users.email('collector')]!,
          roles: ['collector'],
          entityIds: null,
          onBehalfOf: null,
        },
        correlationId: 'setup',
        now: new Date(),
        deps: { database, now: () => new Date() },
      },
      bankStatementsImport,
      {
        legalEntity: 'LE-A',
        content:
          'date,amount,currency,reference,counterparty,account,remittance\n2026-11-02,10.00,USD,ACCESS-SETUP,Client A,,on account\n',
      },
    );
    if (!bank.ok) throw new Error(JSON.stringify(bank.error));
    docs = { clientA: clientA!.id, documentA: stored.value.document.id, bankStatementA: bank.value.statementId };
  });
  afterAll(async () => database?.close());

  const send = async (r: ApiRoute, key: string | null, headers: Record<string, string> = {}) => {
    const req = ROUTE_CASES[r.operationId]!({
      ...targets,
      ...docs,
      assigneeId: users.ids[users.email('billing_clerk')]!,
    });
    if (req.form) {
      const res = await app.request(req.path, {
        method: r.method.toUpperCase(),
        body: req.form,
        headers: { ...headers, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      });
      return { status: res.status, body: (await res.json()) as unknown, headers: res.headers };
    }
    return call(app, r.method.toUpperCase(), req.path, { key, body: req.body, headers });
  };
  const label = (r: ApiRoute) => `${r.method.toUpperCase()} ${r.path}`;

  it('has a request case for every route, and a route for every case', () => {
    expect(routes.map((r) => r.operationId).sort()).toEqual(Object.keys(ROUTE_CASES).sort());
  });

  it('answers 401 UNAUTHENTICATED on every route when no key, a wrong key or a malformed key is sent', async () => {
    for (const r of routes) {
      for (const key of [null, generateApiKey().key, 'not-a-key']) {
        const res = await send(r, key);
        expect(res.status, `${label(r)} with ${key === null ? 'no key' : 'a bad key'}`).toBe(401);
        expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    }
  });

  it('answers 403 FORBIDDEN on every route when the caller has a role the route does not admit', async () => {
    const openToAll: string[] = [];
    for (const r of routes) {
      const denied = PEOPLE_ROLES.find((role) => !r.roles.includes(role));
      if (!denied) {
        openToAll.push(r.operationId);
        continue;
      }
      const res = await send(r, users.key[denied]);
      expect(res.status, `${label(r)} as ${denied}`).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
    }
    // Reads every role needs (invoices, clients, exceptions) are open to all; they are listed here on purpose.
    // Triage reads only the text it is sent; the copilot acts for the caller through entries that check roles themselves.
    expect(openToAll.sort()).toEqual([
      'getClient',
      'getInvoice',
      'listClients',
      'listExceptions',
      'listInvoices',
      'sendAgentMessage',
      'triageMessage',
    ]);
    expect(routes.length - openToAll.length).toBeGreaterThan(30);
  });

  it('answers 403 on every route when the agent calls without naming the person it acts for', async () => {
    for (const r of routes) {
      const res = await send(r, users.key.agent);
      expect(res.status, label(r)).toBe(403);
      expect(res.body).toMatchObject({ code: 'ON_BEHALF_OF_REQUIRED' });
    }
  });

  it('answers 403 ENTITY_OUT_OF_SCOPE on every route when a permitted user is limited to the other legal entity', async () => {
    for (const r of routes) {
      if (ENTITY_FREE.has(r.operationId)) {
        const res = await send(r, users.scopedKey.billing_clerk);
        expect(res.status, `${label(r)} touches no entity: a scoped user may call it`).toBe(200);
        continue;
      }
      const role = PEOPLE_ROLES.find((x) => r.roles.includes(x)) as Role;
      const res = await send(r, users.scopedKey[role]);
      expect(res.status, `${label(r)} as ${role} limited to LE-B: ${JSON.stringify(res.body)}`).toBe(403);
      expect(res.body).toMatchObject({ code: 'ENTITY_OUT_OF_SCOPE' });
    }
  });

  it('answers a 4xx in the one error shape, never a 5xx, on every route for malformed bodies, paths and queries', async () => {
    const junkBodies = [
      '{',
      'null',
      '"text"',
      '42',
      '[]',
      '{"limit":-1}',
      JSON.stringify({ ids: ['x'], period: 'yesterday', records: [{}] }),
    ];
    for (const r of routes) {
      const role = PEOPLE_ROLES.find((x) => r.roles.includes(x)) as Role;
      const headers = { authorization: `Bearer ${users.key[role]}`, 'content-type': 'application/json' };
      const paths = [
        r.path.replace(/:[a-z]+/gi, 'not-a-valid-ref'),
        `${r.path.replace(/:[a-z]+/gi, '00000000-0000-4000-8000-000000000000')}?limit=0&offset=-1&period=2026-13&legalEntity=NOPE`,
      ];
      for (const path of paths) {
        for (const body of r.method === 'post' ? junkBodies : [undefined]) {
          const res = await app.request(path, { method: r.method.toUpperCase(), headers, body });
          const why = `${r.method.toUpperCase()} ${path} ${body ?? ''} -> ${res.status}`;
          expect(res.status, why).toBeLessThan(500);
          // A list without path parameters is fine as such; with the bad query, and every junk body, it is refused.
          if (res.status < 400) expect(path === r.path && r.method === 'get', why).toBe(true);
          else expect(Object.keys((await res.json()) as object).sort(), why).toEqual(['code', 'details', 'message']);
        }
      }
    }
    expect(logged).toEqual([]);
  });

  it('answers a 4xx, never a 5xx, on every route when a path, query or body string holds U+0000 or a number is too large to store', async () => {
    /** Every string of the value through f (keys kept). */
    const mapStrings = (v: unknown, f: (s: string) => string): unknown =>
      typeof v === 'string'
        ? f(v)
        : Array.isArray(v)
          ? v.map((x) => mapStrings(x, f))
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]))
            : v;
    const withNul = (s: string) => `${s}\u0000`;
    const huge = (s: string) => (/^\d+(\.\d+)?$/.test(s) ? `${'9'.repeat(40)}.00` : s);
    const checked: string[] = [];
    for (const r of routes) {
      const role = (
        r.operationId === 'approveTimeEntries' ? 'project_manager' : PEOPLE_ROLES.find((x) => r.roles.includes(x))
      ) as Role;
      const req = ROUTE_CASES[r.operationId]!({
        ...targets,
        ...docs,
        assigneeId: users.ids[users.email('billing_clerk')]!,
      });
      if (req.form) continue;
      const [path, search = ''] = req.path.split('?');
      const variants: { path: string; body?: unknown }[] = [
        // A NUL in the first path segment after the resource (an id or a reference), and in every query value.
        { path: `${path!.replace(/^(\/[^/]+\/)([^/?]+)/, '$1%00$2')}${search ? `?${search}` : ''}`, body: req.body },
        {
          path: `${path}?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(search)), client: 'A\u0000', q: 'x\u0000' })}`,
          body: req.body,
        },
      ];
      if (req.body !== undefined)
        variants.push(
          { path: req.path, body: mapStrings(req.body, withNul) },
          { path: req.path, body: mapStrings(req.body, huge) },
        );
      for (const v of variants) {
        const res = await call<{ code?: string }>(app, r.method.toUpperCase(), v.path, {
          key: users.key[role],
          body: v.body,
        });
        const why = `${r.method.toUpperCase()} ${v.path} ${JSON.stringify(v.body) ?? ''} -> ${res.status} ${JSON.stringify(res.body)}`;
        expect(res.status, why).toBeLessThan(500);
        checked.push(why);
      }
    }
    expect(checked.length).toBeGreaterThan(routes.length * 2);
    expect(logged).toEqual([]);
  });

  it('answers 400 naming the field on every writing route when a text is too long, an amount too large or a date outside the window', async () => {
    /** Every string leaf of a value with its dotted path (the approval matrix document is checked by its own parser). */
    const leaves = (v: unknown, path: string[] = []): [string[], string][] =>
      typeof v === 'string'
        ? [[path, v]]
        : Array.isArray(v)
          ? v.flatMap((x, i) => leaves(x, [...path, String(i)]))
          : v && typeof v === 'object'
            ? Object.entries(v).flatMap(([k, x]) => (k === 'matrix' ? [] : leaves(x, [...path, k])))
            : [];
    const setAt = (body: unknown, path: string[], value: string): unknown => {
      const copy = structuredClone(body) as Record<string, unknown>;
      let at = copy;
      for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
      at[path.at(-1)!] = value;
      return copy;
    };
    /** What each kind of leaf becomes, and the bound code the 400 must give (undefined: any issue at the path). */
    const beyond = (s: string): { value: string; code?: string }[] => [
      { value: 'x'.repeat(TEXT_MAX.freeText + 1) },
      ...(/^\d{4}-\d{2}-\d{2}$/.test(s)
        ? [
            { value: '9999-12-31', code: 'DATE_OUT_OF_WINDOW' },
            { value: '0001-01-01', code: 'DATE_OUT_OF_WINDOW' },
          ]
        : []),
      ...(/^\d{4}-\d{2}$/.test(s) ? [{ value: '9999-12', code: 'DATE_OUT_OF_WINDOW' }] : []),
      ...(/^\d+(\.\d+)?$/.test(s) ? [{ value: '92233720368547758.07' }] : []),
    ];
    const checked: string[] = [];
    for (const r of routes) {
      const role = (
        r.operationId === 'approveTimeEntries' ? 'project_manager' : PEOPLE_ROLES.find((x) => r.roles.includes(x))
      ) as Role;
      const req = ROUTE_CASES[r.operationId]!({
        ...targets,
        ...docs,
        assigneeId: users.ids[users.email('billing_clerk')]!,
      });
      if (req.form || req.body === undefined || ENTITY_FREE.has(r.operationId) || MESSAGE_TEXT.has(r.operationId))
        continue;
      for (const [path, original] of leaves(req.body)) {
        for (const { value, code } of beyond(original)) {
          const res = await call<{ code: string; details: { issues?: { path: string; code?: string }[] } }>(
            app,
            r.method.toUpperCase(),
            req.path,
            { key: users.key[role], body: setAt(req.body, path, value) },
          );
          const why = `${label(r)} ${path.join('.')}=${value.slice(0, 24)} -> ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          expect(res.status, why).toBe(400);
          expect(res.body.details.issues, why).toContainEqual(
            expect.objectContaining({ path: path.join('.'), ...(code ? { code } : {}) }),
          );
          checked.push(why);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(60);
    expect(logged).toEqual([]);
  });

  it('lets the same requests through on every route for a permitted user with access to every entity', async () => {
    for (const r of routes) {
      const role = (
        r.operationId === 'approveTimeEntries' ? 'project_manager' : PEOPLE_ROLES.find((x) => r.roles.includes(x))
      ) as Role;
      const res = await send(r, users.key[role]);
      const why = `${label(r)} as ${role}: ${res.status} ${JSON.stringify(res.body)}`;
      if (STATEFUL.has(r.operationId)) {
        // Past authentication, role and scope; the lifecycle may still refuse the state (409) or ask for approval.
        expect([401, 403], why).not.toContain(res.status);
        expect(res.status, why).toBeLessThan(500);
      } else {
        expect(res.status, why).toBeLessThan(300);
      }
    }
    expect(logged).toEqual([]);
  });
});

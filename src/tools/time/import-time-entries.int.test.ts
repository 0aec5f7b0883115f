import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { queryRows, type Database } from '../../db/client.ts';
import { contracts, projects } from '../../db/schema/index.ts';
import { lastMatrixInForce } from '../../db/stores/approval-matrix-store.ts';
import type { Actor } from '../../policy/roles.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { timeEntriesImport } from './import-time-entries.ts';

/**
 * time_entries_import commits a success as one statement (its oneStatement plan) and leaves every
 * refusal to its handler. These tests pin that the two paths store the same thing, that each refusal
 * still comes from the handler with nothing written by the plan, and that what the plan presumes
 * (the matrix, a project's entity) is checked again inside the statement.
 */
describe(`time_entries_import's one-statement path on ${backend}`, () => {
  const NOW = new Date('2026-11-20T10:00:00Z');
  const clerk: Actor = { userId: 'clerk-1', roles: ['billing_clerk'], entityIds: null, onBehalfOf: null };
  let fast: Database;
  let slow: Database;
  /** How often the handler ran on each database (0: the one statement committed the call). */
  const handlerRuns = new Map<Database, number>();
  let n = 0;

  /** The entry as callTool runs it on `database`: counting handler runs, and on `slow` with no plan at all. */
  const entryFor = (database: Database) => ({
    ...timeEntriesImport,
    oneStatement: database === slow ? undefined : timeEntriesImport.oneStatement,
    handler: (...args: Parameters<typeof timeEntriesImport.handler>) => {
      handlerRuns.set(database, (handlerRuns.get(database) ?? 0) + 1);
      return timeEntriesImport.handler(...args);
    },
  });
  const caller = (database: Database, actor: Actor = clerk): ToolCaller => ({
    actor,
    correlationId: `te-${++n}`,
    now: NOW,
    deps: { database, now: () => NOW },
  });
  const run = (database: Database, input: unknown, opts: { key?: string; actor?: Actor } = {}) =>
    callTool(caller(database, opts.actor), entryFor(database), input, { idempotencyKey: opts.key });
  /** Runs on `database` and says whether the handler ran. */
  const runCounting = async (database: Database, input: unknown, opts: { key?: string; actor?: Actor } = {}) => {
    const before = handlerRuns.get(database) ?? 0;
    const result = await run(database, input, opts);
    return { result, handlerRan: (handlerRuns.get(database) ?? 0) > before };
  };

  /** Stored entries and audit rows, with ids as offsets from the first so two databases compare. */
  const storedState = async (database: Database) => {
    const entries = await queryRows<Record<string, unknown>>(
      database.db,
      sql`SELECT t.id - min(t.id) OVER () AS id, t.external_id, pe.code AS person, pr.code AS project, t.role, t.work_date::text, t.hours::text,
          t.billable, t.description, t.rate_quoted::text, t.approval_status, t.approved_by, t.approved_at
        FROM time_entries t JOIN people pe ON pe.id = t.person_id JOIN projects pr ON pr.id = t.project_id
        WHERE t.description LIKE 'te-test%' ORDER BY t.id`,
    );
    const audits = await queryRows<Record<string, unknown>>(
      database.db,
      sql`SELECT action, target_type, actor_id, on_behalf_of, correlation_id LIKE 'te-%' AS correlated, after - 'ids' AS after, policy_decision, approval_ref, reason
        FROM audit_log WHERE action = 'time_entries.import' AND actor_id = ${clerk.userId} ORDER BY seq`,
    );
    return { entries, audits };
  };
  const countWhere = async (database: Database, description: string) =>
    (
      await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM time_entries WHERE description = ${description}`,
      )
    )[0]!.n;
  const importAudits = async (database: Database) =>
    (
      await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'time_entries.import'`,
      )
    )[0]!.n;

  beforeAll(async () => {
    fast = await createTestDatabase();
    slow = await createTestDatabase();
    await loadTwoEntityFirm(fast);
    await loadTwoEntityFirm(slow);
  });
  afterAll(async () => {
    await fast?.close();
    await slow?.close();
  });

  const list = [
    {
      person: 'P-A',
      project: 'PR-A',
      date: '2026-11-02',
      hours: '7.5',
      description: 'te-test list 1',
      externalId: 'TS-1',
    },
    {
      person: 'P-A',
      project: 'PR-A',
      date: '2026-11-03',
      hours: '0.25',
      description: 'te-test list 2',
      billable: false,
    },
    {
      person: 'P-A',
      project: 'PR-A',
      date: '2026-11-03',
      hours: '8',
      description: 'te-test list 3',
      role: 'Senior Analyst',
      rate: '175.00',
    },
  ];
  const week = {
    week: {
      weekOf: '2026-11-09',
      rows: [
        {
          person: 'P-A',
          project: 'PR-A',
          task: 'te-test week',
          hours: ['8', '', '7.25', 0, '4', '', ''],
          externalId: 'W-1',
        },
      ],
    },
  };

  it('stores, audits and answers a list and a week as the handler does, with the handler not run', async () => {
    // The first call reads the matrix in force (the handler); later ones know it and commit in one statement.
    await run(fast, {
      entries: [{ person: 'P-A', project: 'PR-A', date: '2026-11-01', hours: '1', description: 'warm' }],
    });
    await run(slow, {
      entries: [{ person: 'P-A', project: 'PR-A', date: '2026-11-01', hours: '1', description: 'warm' }],
    });
    for (const input of [{ entries: list }, week]) {
      const a = await runCounting(fast, input);
      const b = await runCounting(slow, input);
      expect(a.handlerRan).toBe(false);
      expect(b.handlerRan).toBe(true);
      expect(a.result.ok && b.result.ok).toBe(true);
      if (!a.result.ok || !b.result.ok) return;
      expect(a.result.value.inserted).toBe(b.result.value.inserted);
      // Ids are the new entries' own, in input order.
      const ids = await queryRows<{ id: number }>(
        fast.db,
        sql`SELECT id::int AS id FROM time_entries WHERE id IN (${sql.join(
          a.result.value.ids.map((i) => sql`${i}`),
          sql`, `,
        )}) ORDER BY id`,
      );
      expect(ids.map((r) => r.id)).toEqual(a.result.value.ids);
    }
    const [x, y] = [await storedState(fast), await storedState(slow)];
    expect(x.entries).toHaveLength(3 + 3);
    expect(x.entries.find((e) => e.description === 'te-test list 3')).toMatchObject({
      role: 'Senior Analyst',
      rate_quoted: '175.000000',
    });
    expect(x).toEqual(y);
  });

  it('leaves each refusal to the handler, the plan having written nothing', async () => {
    const cases: [string, unknown, string][] = [
      [
        'unknown person',
        { entries: [{ person: 'P-Z', project: 'PR-A', date: '2026-11-04', hours: '1', description: 'te-refused' }] },
        'IMPORT_REJECTED',
      ],
      [
        'external id taken',
        {
          entries: [
            {
              person: 'P-A',
              project: 'PR-A',
              date: '2026-11-04',
              hours: '1',
              description: 'te-refused',
              externalId: 'TS-1',
            },
          ],
        },
        'IMPORT_REJECTED',
      ],
      [
        'a day over 24 hours',
        { entries: [{ person: 'P-A', project: 'PR-A', date: '2026-11-02', hours: '17', description: 'te-refused' }] },
        'DAILY_HOURS_EXCEEDED',
      ],
      [
        'an external id twice',
        {
          entries: [
            {
              person: 'P-A',
              project: 'PR-A',
              date: '2026-11-05',
              hours: '1',
              description: 'te-refused',
              externalId: 'D-1',
            },
            {
              person: 'P-A',
              project: 'PR-A',
              date: '2026-11-06',
              hours: '1',
              description: 'te-refused',
              externalId: 'D-1',
            },
          ],
        },
        'IMPORT_REJECTED',
      ],
    ];
    const audits = await importAudits(fast);
    for (const [what, input, code] of cases) {
      const { result, handlerRan } = await runCounting(fast, input);
      expect({ what, ok: result.ok, code: result.ok ? null : result.error.code, handlerRan }).toEqual({
        what,
        ok: false,
        code,
        handlerRan: true,
      });
    }
    expect(await countWhere(fast, 'te-refused')).toBe(0);
    expect(await importAudits(fast)).toBe(audits);
  });

  it('refuses a project outside the actor’s entities through the handler', async () => {
    const onlyB: Actor = { ...clerk, entityIds: [await entityId('LE-B')] };
    const input = {
      entries: [{ person: 'P-A', project: 'PR-A', date: '2026-11-07', hours: '1', description: 'te-scope' }],
    };
    const { result, handlerRan } = await runCounting(fast, input, { actor: onlyB });
    expect(result.ok ? null : result.error.code).toBe('ENTITY_OUT_OF_SCOPE');
    expect(handlerRan).toBe(true);
    expect(await countWhere(fast, 'te-scope')).toBe(0);
  });

  const entityId = async (code: string) =>
    (await queryRows<{ id: string }>(fast.db, sql`SELECT id FROM legal_entities WHERE code = ${code}`))[0]!.id;

  it("checks a project's entity again in the statement: a project moved since is imported by the handler, then cached anew", async () => {
    const entry = (d: string) => ({
      entries: [{ person: 'P-A', project: 'PR-A', date: d, hours: '1', description: 'te-moved' }],
    });
    expect((await runCounting(fast, entry('2026-11-16'))).handlerRan).toBe(false);
    // PR-A moves to a contract of entity B: the process still presumes entity A.
    const [usageB] = await fast.db.select({ id: contracts.id }).from(contracts).where(eq(contracts.code, 'U-B'));
    await fast.db.update(projects).set({ contractId: usageB!.id }).where(eq(projects.code, 'PR-A'));
    const moved = await runCounting(fast, entry('2026-11-17'));
    expect(moved.result.ok).toBe(true);
    expect(moved.handlerRan).toBe(true);
    const again = await runCounting(fast, entry('2026-11-18'));
    expect(again.result.ok).toBe(true);
    expect(again.handlerRan).toBe(false);
    const stored = await queryRows<{ contract: string }>(
      fast.db,
      sql`SELECT k.code AS contract FROM time_entries t JOIN contracts k ON k.id = t.contract_id
        WHERE t.description = 'te-moved' ORDER BY t.work_date`,
    );
    expect(stored.map((s) => s.contract)).toEqual(['K-A', 'U-B', 'U-B']);
    // And back, for the tests after this one.
    const [ka] = await fast.db.select({ id: contracts.id }).from(contracts).where(eq(contracts.code, 'K-A'));
    await fast.db.update(projects).set({ contractId: ka!.id }).where(eq(projects.code, 'PR-A'));
  });

  it('a matrix version taken into force after the process read it fails the statement’s check', async () => {
    const last = lastMatrixInForce();
    expect(last).not.toBeNull();
    const holds = async () =>
      (await queryRows<{ holds: boolean }>(fast.db, sql`SELECT ${last!.stillInForce} AS holds`))[0]!.holds;
    expect(await holds()).toBe(true);
    // In a transaction rolled back: a version row as another process would commit it (the trigger allows inserts).
    await fast.db
      .transaction(async (tx) => {
        await tx.execute(
          sql`INSERT INTO approval_matrix_versions (version, matrix, sha256, effective_from, proposed_by, created_at)
            SELECT ${last!.version + 1}, '{}'::jsonb, repeat('a', 64), '2026-01-01', 'test', now()`,
        );
        const [inTx] = await queryRows<{ holds: boolean }>(tx, sql`SELECT ${last!.stillInForce} AS holds`);
        expect(inTx!.holds).toBe(false);
        throw new Error('rollback');
      })
      .catch((e: Error) => expect(e.message).toBe('rollback'));
    expect(await holds()).toBe(true);
  });

  it('twins under one key: one writes, the other replays its Result; a shared external id: one imports, one is refused', async () => {
    const input = {
      entries: [{ person: 'P-A', project: 'PR-A', date: '2026-11-20', hours: '1', description: 'te-twin' }],
    };
    const [a, b] = await Promise.all([run(fast, input, { key: 'twin-1' }), run(fast, input, { key: 'twin-1' })]);
    expect(a.ok && b.ok).toBe(true);
    expect([a.replayed ?? false, b.replayed ?? false].sort()).toEqual([false, true]);
    expect(a.ok && b.ok && a.value).toEqual(b.ok && b.value);
    expect(await countWhere(fast, 'te-twin')).toBe(1);

    const shared = (d: string) => ({
      entries: [{ person: 'P-A', project: 'PR-A', date: d, hours: '1', description: 'te-race', externalId: 'RACE-1' }],
    });
    const raced = await Promise.all([run(fast, shared('2026-11-21')), run(fast, shared('2026-11-22'))]);
    expect(raced.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['IMPORT_REJECTED', 'ok']);
    expect(await countWhere(fast, 'te-race')).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/client.ts';
import { people, projects, timeEntries } from '../../db/schema/index.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../../test/helpers/api.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';

/**
 * POST /time-entries resolves people and projects inside its one commit statement (with ids the
 * process reserved); when that statement's guard does not hold, a read says why. These tests pin
 * what either path stores and refuses.
 */
describe(`POST /time-entries on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  const post = (body: unknown, key = users.key.billing_clerk) =>
    call<{ inserted: number; ids: number[]; code?: string }>(app, 'POST', '/time-entries', { key, body });
  const stored = async (ids: number[]) =>
    database.db.select().from(timeEntries).where(inArray(timeEntries.id, ids)).orderBy(timeEntries.id);
  /** Day 1 + i % 30 of a month, so many entries of one person stay within 24 hours a day. */
  const day = (month: string, i: number) => `${month}-${String(1 + (i % 30)).padStart(2, '0')}`;
  const countByDescription = async (description: string) =>
    Number(
      (
        await queryRows<{ n: number }>(
          database.db,
          sql`SELECT count(*)::int AS n FROM time_entries WHERE description = ${description}`,
        )
      )[0]!.n,
    );

  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 20 });
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database);
  });
  afterAll(async () => database?.close());

  it("stores each row as sent, with its person, project and contract resolved and the role defaulting to the person's", async () => {
    const res = await post([
      { person: 'P-A', project: 'PR-A', date: '2026-11-23', hours: '7.25', description: 'as sent' },
      {
        person: 'P-B',
        project: 'PR-B',
        date: '2026-11-24',
        hours: '0.5',
        role: 'Architect',
        billable: false,
        rate: '150.125',
        externalId: 'EXT-AS-SENT',
        description: 'as sent',
      },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.inserted).toBe(2);
    const [a, b] = await stored(res.body.ids);
    const [personA, personB] = await database.db
      .select()
      .from(people)
      .where(inArray(people.code, ['P-A', 'P-B']))
      .orderBy(people.code);
    const [projectA, projectB] = await database.db
      .select()
      .from(projects)
      .where(inArray(projects.code, ['PR-A', 'PR-B']))
      .orderBy(projects.code);
    expect(a).toMatchObject({
      id: res.body.ids[0],
      personId: personA!.id,
      projectId: projectA!.id,
      contractId: projectA!.contractId,
      role: personA!.role,
      workDate: '2026-11-23',
      hours: '7.25',
      billable: true,
      rateQuoted: null,
      externalId: null,
      approvalStatus: 'submitted',
      approvedBy: null,
      approvedAt: null,
    });
    expect(b).toMatchObject({
      id: res.body.ids[1],
      personId: personB!.id,
      projectId: projectB!.id,
      contractId: projectB!.contractId,
      role: 'Architect',
      workDate: '2026-11-24',
      hours: '0.50',
      billable: false,
      rateQuoted: '150.125000',
      externalId: 'EXT-AS-SENT',
      approvalStatus: 'submitted',
    });
    const [audit] = await queryRows<{ target_id: string; after: { count: number; ids: number[] } }>(
      database.db,
      sql`SELECT target_id, after FROM audit_log WHERE action = 'time_entries.import' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit).toEqual({
      target_id: `${res.body.ids[0]}..${res.body.ids[1]}`,
      after: { count: 2, ids: res.body.ids },
    });
  });

  it('answers each import with ids of its own, ascending within it, when imports run at once', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post([
          { person: 'P-A', project: 'PR-A', date: day('2026-09', i), hours: '1', description: `parallel ${i}` },
          { person: 'P-A', project: 'PR-A', date: day('2026-09', i), hours: '2', description: `parallel ${i}` },
        ]),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array<number>(20).fill(201));
    const ids = replies.flatMap((r) => r.body.ids);
    expect(new Set(ids).size).toBe(40);
    for (const r of replies) expect(r.body.ids[0]!).toBeLessThan(r.body.ids[1]!);
    const rows = await stored(ids);
    expect(rows.map((r) => r.description).sort()).toEqual(
      replies.flatMap((_, i) => [`parallel ${i}`, `parallel ${i}`]).sort(),
    );
  });

  it('imports more rows than an id block holds in one go', async () => {
    // 40 rows a day, 10 hours: within a person's 24 a day.
    const body = Array.from({ length: 1200 }, (_, i) => ({
      person: 'P-B',
      project: 'PR-B',
      date: day('2026-10', i),
      hours: '0.25',
      externalId: `EXT-BIG-${i}`,
      description: 'big import',
    }));
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(new Set(res.body.ids).size).toBe(1200);
    expect(await countByDescription('big import')).toBe(1200);
  });

  it('names every unknown person and project by index and writes nothing', async () => {
    const res = await post([
      { person: 'P-A', project: 'PR-A', date: '2026-11-23', hours: '1', description: 'unknowns' },
      { person: 'P-NOBODY', project: 'PR-A', date: '2026-11-23', hours: '1', description: 'unknowns' },
      { person: 'P-A', project: 'PR-NOWHERE', date: '2026-11-23', hours: '1', description: 'unknowns' },
    ]);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'IMPORT_REJECTED',
      details: {
        errors: [
          { index: 1, message: 'person: no person with code "P-NOBODY"' },
          { index: 2, message: 'project: no project with code "PR-NOWHERE"' },
        ],
      },
    });
    expect(await countByDescription('unknowns')).toBe(0);
  });

  it('lets a user limited to one legal entity import into its projects, and refuses (403) any import touching another, writing nothing', async () => {
    const inScope = await post(
      [{ person: 'P-B', project: 'PR-B', date: '2026-11-23', hours: '1', description: 'scoped in' }],
      users.scopedKey.billing_clerk,
    );
    expect(inScope.status).toBe(201);
    expect(await countByDescription('scoped in')).toBe(1);
    const mixed = await post(
      [
        { person: 'P-B', project: 'PR-B', date: '2026-11-23', hours: '1', description: 'scoped mixed' },
        { person: 'P-B', project: 'PR-A', date: '2026-11-23', hours: '1', description: 'scoped mixed' },
      ],
      users.scopedKey.billing_clerk,
    );
    expect([mixed.status, mixed.body.code]).toEqual([403, 'ENTITY_OUT_OF_SCOPE']);
    expect(await countByDescription('scoped mixed')).toBe(0);
  });

  it('refuses 422 DAILY_HOURS_EXCEEDED naming the person and date, and writes nothing, when stored and imported hours of one day exceed 24', async () => {
    expect(
      (await post([{ person: 'P-A', project: 'PR-A', date: '2026-08-10', hours: '16', description: 'day stored' }]))
        .status,
    ).toBe(201);
    const res = await post([
      { person: 'P-B', project: 'PR-B', date: '2026-08-10', hours: '8', description: 'day over' },
      { person: 'P-A', project: 'PR-A', date: '2026-08-10', hours: '8.5', description: 'day over' },
    ]);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'DAILY_HOURS_EXCEEDED',
      details: {
        errors: [
          {
            index: 1,
            code: 'DAILY_HOURS_EXCEEDED',
            person: 'P-A',
            date: '2026-08-10',
            hours: '24.50',
            recorded: '16.00',
            message:
              'hours: P-A would have 24.50 hours on 2026-08-10, more than 24 in one day (16.00 already recorded)',
          },
        ],
      },
    });
    expect(await countByDescription('day over')).toBe(0);
  });

  it('refuses 240 hours for one person on one day when they come in ten rows of one import, and takes exactly 24', async () => {
    const ten = Array.from({ length: 10 }, () => ({
      person: 'P-B',
      project: 'PR-B',
      date: '2026-08-11',
      hours: '24',
      description: 'ten days in one',
    }));
    const res = await post(ten);
    expect([res.status, res.body.code]).toEqual([422, 'DAILY_HOURS_EXCEEDED']);
    expect(await countByDescription('ten days in one')).toBe(0);
    const full = await post([
      { person: 'P-B', project: 'PR-B', date: '2026-08-11', hours: '20', description: 'full day' },
      { person: 'P-B', project: 'PR-B', date: '2026-08-11', hours: '4', description: 'full day' },
    ]);
    expect(full.status).toBe(201);
    expect(
      (
        await post([
          { person: 'P-B', project: 'PR-B', date: '2026-08-11', hours: '0.01', description: 'one more minute' },
        ])
      ).body.code,
    ).toBe('DAILY_HOURS_EXCEEDED');
  });

  it('refuses an external id imported before, naming the row, and writes none of the import', async () => {
    await post([
      {
        person: 'P-A',
        project: 'PR-A',
        date: '2026-11-23',
        hours: '1',
        externalId: 'EXT-ONCE',
        description: 'first time',
      },
    ]);
    const res = await post([
      {
        person: 'P-A',
        project: 'PR-A',
        date: '2026-11-23',
        hours: '1',
        externalId: 'EXT-FRESH',
        description: 'second time',
      },
      {
        person: 'P-A',
        project: 'PR-A',
        date: '2026-11-23',
        hours: '1',
        externalId: 'EXT-ONCE',
        description: 'second time',
      },
    ]);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      details: { errors: [{ index: 1, message: 'external_id "EXT-ONCE" was already imported' }] },
    });
    expect(await countByDescription('second time')).toBe(0);
  });

  describe('a timesheet week', () => {
    type WeekBody = {
      inserted: number;
      ids: number[];
      code?: string;
      details?: { issues?: { path: string; message: string }[]; errors?: Record<string, unknown>[] };
    };
    const postWeek = (body: unknown) =>
      call<WeekBody>(app, 'POST', '/time-entries', { key: users.key.billing_clerk, body });
    const row = (hours: (string | number)[], extra: Record<string, unknown> = {}) => ({
      person: 'P-A',
      project: 'PR-A',
      task: 'week grid',
      hours,
      ...extra,
    });

    it("stores one submitted entry per non-empty cell, dated Monday to Sunday, with the row's task and a per-day external id", async () => {
      const res = await postWeek({
        weekOf: '2026-12-07',
        rows: [
          row(['8', '', 0, 7.5, '6.25', '', '']),
          row(['', '1', '', '', '', '', ''], { externalId: 'WK-1', billable: false }),
        ],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.inserted).toBe(4);
      const rows = await stored(res.body.ids);
      expect(rows.map((r) => [r.workDate, r.hours, r.description, r.approvalStatus, r.externalId, r.billable])).toEqual(
        [
          ['2026-12-07', '8.00', 'week grid', 'submitted', null, true],
          ['2026-12-10', '7.50', 'week grid', 'submitted', null, true],
          ['2026-12-11', '6.25', 'week grid', 'submitted', null, true],
          ['2026-12-08', '1.00', 'week grid', 'submitted', 'WK-1:2026-12-08', false],
        ],
      );
    });

    it('refuses 400 naming the bad cell (row, day and date) and writes nothing', async () => {
      const before = await countByDescription('bad cell');
      const res = await postWeek({
        weekOf: '2026-12-14',
        rows: [
          row(['8', '', '', '', '', '', ''], { task: 'bad cell' }),
          row(['', '', '', '25', '', '', ''], { task: 'bad cell' }),
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details!.issues).toEqual([
        expect.objectContaining({
          path: 'rows.1.hours.3',
          message: expect.stringContaining('row 2 (P-A on PR-A), Thu 2026-12-17: "25"'),
        }),
      ]);
      expect(await countByDescription('bad cell')).toBe(before);
    });

    it('refuses a week that does not start on a Monday', async () => {
      const res = await postWeek({ weekOf: '2026-12-15', rows: [row(['1', '', '', '', '', '', ''])] });
      expect(res.status).toBe(400);
      expect(res.body.details!.issues).toEqual([
        expect.objectContaining({ path: 'weekOf', message: expect.stringMatching(/Monday/) }),
      ]);
    });

    it('refuses 422 naming the row and day of an unknown project and of a day over 24 hours, and writes nothing', async () => {
      const before = await countByDescription('week refused');
      const unknown = await postWeek({
        weekOf: '2026-12-21',
        rows: [
          row(['1', '', '', '', '', '', ''], { task: 'week refused' }),
          row(['', '2', '', '', '', '', ''], { project: 'NOPE', task: 'week refused' }),
        ],
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({
        code: 'IMPORT_REJECTED',
        details: {
          errors: [
            {
              index: 1,
              row: 1,
              day: 'Tue',
              date: '2026-12-22',
              message: expect.stringContaining('no project with code "NOPE"'),
            },
          ],
        },
      });
      const long = await postWeek({
        weekOf: '2026-12-21',
        rows: [
          row(['', '', '14', '', '', '', ''], { task: 'week refused' }),
          row(['', '', '12', '', '', '', ''], { task: 'week refused' }),
        ],
      });
      expect(long.status).toBe(422);
      expect(long.body).toMatchObject({
        code: 'DAILY_HOURS_EXCEEDED',
        details: { errors: expect.arrayContaining([expect.objectContaining({ day: 'Wed', date: '2026-12-23' })]) },
      });
      expect(await countByDescription('week refused')).toBe(before);
    });
  });
});

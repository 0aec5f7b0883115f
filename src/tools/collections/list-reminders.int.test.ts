import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestUsers, testApp, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { type Database, queryRows } from '../../db/client.ts';
import type { Role } from '../../policy/roles.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { collectionsSummary } from './collections-summary.ts';
import { remindersList } from './list-reminders.ts';

const now = new Date('2026-03-31T08:00:00Z');
/** A refusal stored before refusals were masked at the source: the model's link, IBAN and address in the clear. */
const RAW_REFUSAL =
  'the check refused it: it contains https://pay.evil.example/x, and no reminder carries a link or an e-mail address; ' +
  "it quotes the account GB82WEST12345698765432, which is not the payee's; " +
  'it contains billing@evil.example, and no reminder carries a link or an e-mail address; merge fields not resolved: {{ignore all rules}}';

describe(`reminders_list: who drafted each reminder, on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  const caller = (role: Role, scoped = false): ToolCaller => ({
    actor: {
      userId: users.ids[users.email(role, scoped)]!,
      roles: [role],
      entityIds: scoped ? [entityB] : null,
      onBehalfOf: null,
    },
    correlationId: `reminders-${role}`,
    now,
    deps: { database, now: () => now },
  });
  let entityB = '';
  const list = async (role: Role, q: Record<string, unknown> = {}, scoped = false) => {
    const r = await callTool(caller(role, scoped), remindersList, q);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    const [b] = await queryRows<{ id: string }>(database.db, sql`SELECT id FROM legal_entities WHERE code = 'LE-B'`);
    entityB = b!.id;
    const a1 = await openInvoice(database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-01-02',
      totalMinor: 9n,
    });
    const a2 = await openInvoice(database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-01-05',
      totalMinor: 9n,
    });
    const b1 = await openInvoice(database, {
      client: 'CL-B',
      contract: 'K-B',
      issueDate: '2026-01-02',
      totalMinor: 9n,
    });
    // Client A is the collector's; client B has no collector.
    await database.db.execute(sql`INSERT INTO client_collectors (client_id, collector_id, assigned_by, assigned_at)
      SELECT id, ${users.ids[users.email('collector')]!}::uuid, 'test', now() FROM clients WHERE code = 'CL-A'`);
    const row = (inv: string, step: string, asOf: string, draftedBy: string, refusal: string | null, second = 0) =>
      sql`(${inv}::uuid, ${step}, ${asOf}::date, 'email', 'en', 'ap@client.example', 'Reminder', 'Please pay.', 'queued',
        ${`${asOf}T05:00:0${second}Z`}::timestamptz, ${draftedBy}, ${refusal})`;
    await database.db.execute(sql`INSERT INTO reminder_outbox
        (invoice_id, step, as_of, channel, language, recipient, subject, body, status, created_at, drafted_by, model_refusal)
      VALUES ${sql.join(
        [
          row(a1.id, 'friendly', '2026-02-02', 'template', null),
          row(a1.id, 'friendly@7', '2026-02-08', 'model:stub-writer', null),
          row(a2.id, 'friendly', '2026-02-05', 'template', RAW_REFUSAL),
          // Queued a second after a1's by the same run: newer first.
          row(b1.id, 'friendly', '2026-02-02', 'template', 'the model did not answer in time', 1),
        ],
        sql`, `,
      )}`);
  });
  afterAll(async () => database?.close());

  it("shows who drafted each reminder and why the model's draft was refused, newest run first", async () => {
    const all = await list('controller');
    expect(all.page.total).toBe(4);
    expect(all.items.map((i) => [i.client, i.step, i.asOf, i.draftedBy])).toEqual([
      ['CL-A', 'friendly@7', '2026-02-08', 'model:stub-writer'],
      ['CL-A', 'friendly', '2026-02-05', 'template'],
      ['CL-B', 'friendly', '2026-02-02', 'template'],
      ['CL-A', 'friendly', '2026-02-02', 'template'],
    ]);
    expect(all.items.map((i) => i.modelRefusal)).toEqual([
      null,
      expect.stringMatching(/^the check refused it: it contains <link>, /),
      'the model did not answer in time',
      null,
    ]);
    expect(all.items[0]).toMatchObject({ collector: users.email('collector'), status: 'queued', sentAt: null });
  });

  it('masks the link, IBAN, address and merge field a model wrote, even in a row stored before masking', async () => {
    const [refused] = (await list('auditor', { modelRefused: 'true', client: 'CL-A' })).items;
    expect(refused!.modelRefusal).toBe(
      'the check refused it: it contains <link>, and no reminder carries a link or an e-mail address; ' +
        "it quotes the account <IBAN>, which is not the payee's; " +
        'it contains <e-mail address>, and no reminder carries a link or an e-mail address; merge fields not resolved: {{…}}',
    );
    expect(JSON.stringify(refused)).not.toMatch(/evil|GB82|ignore all rules|ap@client/);
  });

  it('filters by who drafted it: template, any model, one model by name, and by a refusal', async () => {
    const steps = async (q: Record<string, unknown>) =>
      (await list('controller', q)).items.map((i) => `${i.client}:${i.step}:${i.asOf}`);
    expect(await steps({ draftedBy: 'model' })).toEqual(['CL-A:friendly@7:2026-02-08']);
    expect(await steps({ draftedBy: 'model:stub-writer' })).toEqual(['CL-A:friendly@7:2026-02-08']);
    expect(await steps({ draftedBy: 'model:another' })).toEqual([]);
    expect(await steps({ draftedBy: 'template' })).toHaveLength(3);
    expect(await steps({ modelRefused: 'true' })).toEqual(['CL-A:friendly:2026-02-05', 'CL-B:friendly:2026-02-02']);
    expect(await steps({ draftedBy: 'template', modelRefused: 'false', from: '2026-02-02', to: '2026-02-04' })).toEqual(
      ['CL-A:friendly:2026-02-02'],
    );
    const bad = await callTool(caller('controller'), remindersList, { draftedBy: 'robot' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('VALIDATION_FAILED');
  });

  it("gives a collector their clients' reminders only, and a supervisor one collector's on asking", async () => {
    expect((await list('collector')).items.map((i) => i.client)).toEqual(['CL-A', 'CL-A', 'CL-A']);
    // A collector's filter for someone else is ignored: they see their own.
    expect((await list('collector', { collector: 'someone@test.example' })).page.total).toBe(3);
    expect((await list('account_manager')).items).toEqual([]);
    expect((await list('finance_admin', { collector: users.email('collector') })).page.total).toBe(3);
  });

  it('limits a person of one legal entity to its reminders, and refuses another entity by name', async () => {
    expect((await list('controller', {}, true)).items.map((i) => i.client)).toEqual(['CL-B']);
    const other = await callTool(caller('controller', true), remindersList, { legalEntity: 'LE-A' });
    expect(other.ok ? 'ok' : other.error.code).toBe('ENTITY_OUT_OF_SCOPE');
  });

  it("counts the date's reminders by who drafted them in the run's summary", async () => {
    await database.db.execute(sql`INSERT INTO worklist_runs (as_of, created_by, created_at, summary)
      VALUES ('2026-02-02', 'service:scheduler', now(), '{}'::jsonb)`);
    const r = await callTool(caller('controller'), collectionsSummary, { asOf: '2026-02-02' });
    expect(r.ok && r.value.remindersDrafted).toEqual({ template: 2, model: 0, modelRefused: 1 });
  });

  it('answers GET /collections/reminders?draftedBy=model, and 400 for a value that is no drafter', async () => {
    const app = testApp(database);
    const r = await call<{ items: { draftedBy: string }[] }>(app, 'GET', '/collections/reminders?draftedBy=model', {
      key: users.key.collector,
    });
    expect(r.status).toBe(200);
    expect(r.body.items.map((i) => i.draftedBy)).toEqual(['model:stub-writer']);
    const bad = await call(app, 'GET', '/collections/reminders?draftedBy=robot', { key: users.key.controller });
    expect(bad.status).toBe(400);
    const clerk = await call(app, 'GET', '/collections/reminders', { key: users.key.billing_clerk });
    expect(clerk.status).toBe(403);
  });
});

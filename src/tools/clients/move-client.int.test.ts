import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type TestUsers } from '../../../test/helpers/api.ts';
import { backend } from '../../../test/helpers/db.ts';
import { importBundleAs } from '../../../test/helpers/import-bundle.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { storedBankAccount } from '../../billing/collections/bank-account.ts';
import { queryRows } from '../../db/client.ts';
import { addTime, bill } from '../../../test/helpers/firm.ts';
import { addUser } from '../../../test/helpers/users.ts';
import {
  auditLog,
  chatNotices,
  clients,
  contracts,
  invoices,
  legalEntities,
  reminderOutbox,
} from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { setBankAccount } from '../../db/stores/bank-account-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { httpStatusOfCode } from '../../shared/error-codes.ts';
import { callTool } from '../call-tool.ts';
import { approvalNoticeOf } from '../chat/chat-notices.ts';
import { collectionsSendReminders } from '../collections/send-reminders.ts';
import type { ToolCaller } from '../define-tool.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
type Steps = { level: number; role: string; reason: string }[];

/** Entity A prints an IBAN, entity B (for the test) an account number with a routing code. */
const SEPA = { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankName: 'Commerzbank' };
const ABA = { accountNumber: '000123456789', routingCode: '021000021', bankName: 'JPMorgan Chase Bank' };
const clientA = { code: 'CL-A', legalEntity: 'LE-A', name: 'Client A', country: 'US' };
const clientB = { code: 'CL-B', legalEntity: 'LE-B', name: 'Client B', country: 'NL' };
const A_TO_B =
  'legal entity LE-A -> LE-B, bank account IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank) -> ' +
  'number …6789 (routing 021000021, JPMorgan Chase Bank), 2 contracts move with it (K-A, U-A)';
/** A reason that starts so, followed by the client's drafts the move takes along (move-client-listing.int.test.ts). */
const startingWith = (reason: string) =>
  expect.stringMatching(
    new RegExp(
      `^${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(, \\d+ invoices? not yet numbered moves? with it: .+)?$`,
    ),
  );
const A_TO_B_WITH_INVOICES = startingWith(A_TO_B);
const NIGHT = '2026-03-20';

/** Moving a client to another legal entity changes the account it pays into: approved like that account. */
describe(`moving a client to another legal entity on ${backend}`, () => {
  const env = useFirmApp();
  const key = (role: keyof TestUsers['key'], scoped = false) => (scoped ? env.users.scopedKey : env.users.key)[role];
  const post = (k: string, path: string, body: unknown = {}) => call<Body>(env.app, 'POST', path, { key: k, body });
  const upsert = (k: string, body: unknown) => post(k, '/clients', body);
  const entityOf = async (code: string) =>
    (await call<Body>(env.app, 'GET', `/clients/${code}`, { key: key('controller') })).body.legalEntity;
  const count = async (table: string) =>
    Number(
      (await queryRows<{ n: number }>(env.database.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]!.n,
    );
  const updates = async (clientCode: string) => {
    const [c] = await env.database.db.select().from(clients).where(eq(clients.code, clientCode));
    return env.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'client.update'), eq(auditLog.targetId, c!.id)));
  };
  /** An open invoice of client A issued by entity A (before any move): due 2026-03-12, a reminder is due tonight. */
  let issuedByA: { id: string; number: string };
  /** A finance admin limited to both entities (not to all): enough to approve a move between them. */
  let bothEntitiesKey: string;
  let bothEntitiesId: string;
  const entityIds = async () =>
    new Map((await env.database.db.select().from(legalEntities)).map((e) => [e.code, e.id]));
  const contractEntities = async (clientCode: string) => {
    const codes = new Map([...(await entityIds())].map(([code, id]) => [id, code]));
    const rows = await env.database.db
      .select({ code: contracts.code, entityId: contracts.legalEntityId })
      .from(contracts)
      .innerJoin(clients, eq(clients.id, contracts.clientId))
      .where(eq(clients.code, clientCode));
    return Object.fromEntries(rows.map((r) => [r.code, codes.get(r.entityId)]));
  };

  beforeAll(async () => {
    const db = env.database.db;
    const ids = new Map((await db.select().from(legalEntities)).map((e) => [e.code, e.id]));
    await setBankAccount(db, ids.get('LE-A')!, storedBankAccount(SEPA));
    await setBankAccount(db, ids.get('LE-B')!, storedBankAccount(ABA));
    await db
      .update(clients)
      .set({ billingContacts: [{ name: 'AP', email: 'ap@cl-a.example' }] })
      .where(eq(clients.code, 'CL-A'));
    issuedByA = await openInvoice(env.database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-02-10',
      totalMinor: 123_456n,
    });
    const both = await addUser(db, {
      email: 'finance-admin.both@test.example',
      name: 'finance_admin (LE-A and LE-B)',
      roles: ['finance_admin'],
      entities: ['LE-A', 'LE-B'],
    });
    if (!both.ok) throw new Error(JSON.stringify(both.error));
    bothEntitiesKey = both.value.key;
    bothEntitiesId = both.value.userId;
  });
  const withContact = { ...clientA, billingContacts: [{ name: 'AP', email: 'ap@cl-a.example' }] };

  it('refuses a person limited to one entity moving a client into or out of it, opening no request', async () => {
    const [requests, audit] = [await count('approval_requests'), await count('audit_log')];
    // The scoped users are limited to LE-B: client A lives outside, client B would leave for outside.
    for (const role of ['billing_clerk', 'finance_admin'] as const) {
      expect(await upsert(key(role, true), { ...withContact, legalEntity: 'LE-B' })).toMatchObject({
        status: 403,
        body: { code: 'ENTITY_OUT_OF_SCOPE' },
      });
      expect(await upsert(key(role, true), { ...clientB, legalEntity: 'LE-A' })).toMatchObject({
        status: 403,
        body: { code: 'ENTITY_OUT_OF_SCOPE' },
      });
    }
    expect([await entityOf('CL-A'), await entityOf('CL-B')]).toEqual(['LE-A', 'LE-B']);
    expect([await count('approval_requests'), await count('audit_log')]).toEqual([requests, audit]);
  });

  it('asks a finance admin before a clerk moves a client, naming both entities and their accounts masked', async () => {
    const asked = await upsert(key('billing_clerk'), { ...withContact, legalEntity: 'LE-B' });
    expect(asked).toMatchObject({ status: 409, body: { code: 'APPROVAL_REQUIRED' } });
    expect(asked.body.details!.steps as Steps).toEqual([
      { level: 1, role: 'finance_admin', reason: A_TO_B_WITH_INVOICES },
    ]);
    expect(await entityOf('CL-A')).toBe('LE-A');
    const requestId = asked.body.details!.requestId as string;
    type Inbox = { items: { requestId?: string; reason: string; steps: Steps }[] };
    const inboxOf = async (k: string) =>
      (await call<Inbox>(env.app, 'GET', '/approvals/inbox', { key: k })).body.items.find(
        (i) => i.requestId === requestId,
      );
    // A finance admin of both entities sees it. One limited to LE-B does not, although the request lives in the entity
    // the client would move to: the client leaves LE-A, outside their scope, whose account the arguments carry in full.
    const item = await inboxOf(bothEntitiesKey);
    expect(item).toMatchObject({
      reason: A_TO_B_WITH_INVOICES,
      steps: [{ role: 'finance_admin', reason: A_TO_B_WITH_INVOICES }],
    });
    expect(await inboxOf(key('finance_admin', true))).toBeUndefined();
    // The reason masks the accounts; the request's arguments keep them in full, as a bank-account request's do.
    expect(JSON.stringify(item!.steps)).not.toMatch(/0532|000123456789/);
    expect((await post(key('billing_clerk'), `/approvals/${requestId}/grant`)).status).toBe(403);
    const byController = await post(key('controller'), `/approvals/${requestId}/grant`);
    // A controller's grant does not count: the request needs a finance admin.
    expect(byController).toMatchObject({ status: 409, body: { code: 'APPROVAL_REQUIRED' } });
    expect(await entityOf('CL-A')).toBe('LE-A');
  });

  it('refuses the grant of a finance admin with only the entity the client goes to in scope', async () => {
    const asked = await upsert(key('billing_clerk'), { ...withContact, legalEntity: 'LE-B' });
    const requestId = asked.body.details!.requestId as string;
    const [audit, approvals] = [await count('audit_log'), await count('approvals')];
    const grant = await post(key('finance_admin', true), `/approvals/${requestId}/grant`);
    expect(grant).toMatchObject({ status: 403, body: { code: 'ENTITY_OUT_OF_SCOPE' } });
    expect(String(grant.body.message)).toContain('also reaches (a client moves out of it)');
    expect(String(grant.body.message)).toContain((await entityIds()).get('LE-A'));
    // Refusing is deciding too: the same scope.
    const reject = await post(key('finance_admin', true), `/approvals/${requestId}/reject`, { reason: 'not ours' });
    expect(reject).toMatchObject({ status: 403, body: { code: 'ENTITY_OUT_OF_SCOPE' } });
    expect([await count('audit_log'), await count('approvals')]).toEqual([audit, approvals]);
    // Chat asks only those who may decide it: finance admins of both entities, never the one limited to LE-B.
    const [opened] = await env.database.db
      .select()
      .from(chatNotices)
      .where(and(eq(chatNotices.requestId, requestId), eq(chatNotices.event, 'opened')));
    const notice = await approvalNoticeOf({ database: env.database, now: () => new Date() }, opened!);
    const fa = (scoped: boolean) => env.users.ids[env.users.email('finance_admin', scoped)]!;
    expect(notice!.audience).toEqual(expect.arrayContaining([fa(false), bothEntitiesId]));
    expect(notice!.audience).not.toContain(fa(true));
    // Still nothing to run on: the request waits for a finance admin of both entities.
    expect(await upsert(key('billing_clerk'), { ...withContact, legalEntity: 'LE-B' })).toMatchObject({
      status: 409,
      body: { code: 'APPROVAL_REQUIRED', details: { requestId } },
    });
    expect(await entityOf('CL-A')).toBe('LE-A');
    expect(await contractEntities('CL-A')).toEqual({ 'K-A': 'LE-A', 'U-A': 'LE-A' });
  });

  it('moves the client and its contracts once a finance admin of both entities grants it, audited', async () => {
    const asked = await upsert(key('billing_clerk'), { ...withContact, legalEntity: 'LE-B' });
    const granted = await post(bothEntitiesKey, `/approvals/${asked.body.details!.requestId as string}/grant`);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const done = await upsert(key('billing_clerk'), { ...withContact, legalEntity: 'LE-B' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.legalEntity).toBe('LE-B');
    expect(await contractEntities('CL-A')).toEqual({ 'K-A': 'LE-B', 'U-A': 'LE-B' });
    const rows = await updates('CL-A');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      before: { legalEntity: 'LE-A' },
      after: { legalEntity: 'LE-B', contractsMoved: ['K-A', 'U-A'] },
      approvalRef: expect.any(String),
      policyDecision: { outcome: 'require_approval', steps: [{ role: 'finance_admin', reason: A_TO_B_WITH_INVOICES }] },
    });
    expect((rows[0]!.before as Record<string, unknown>).contractsMoved).toBeUndefined();
  });

  it('bills what is worked after the move from the new entity; invoices issued before keep their issuer', async () => {
    await addTime(env.database, { person: 'P-A', project: 'PR-A', date: '2026-11-09', hours: '4', status: 'approved' });
    await bill(env.database, '2026-11');
    const ids = await entityIds();
    const [contract] = await env.database.db.select().from(contracts).where(eq(contracts.code, 'K-A'));
    const billed = await env.database.db
      .select({ entityId: invoices.legalEntityId })
      .from(invoices)
      .where(and(eq(invoices.contractId, contract!.id), eq(invoices.period, '2026-11')));
    expect(billed).toEqual([{ entityId: ids.get('LE-B') }]);
    const [old] = await env.database.db.select().from(invoices).where(eq(invoices.id, issuedByA.id));
    expect(old!.legalEntityId).toBe(ids.get('LE-A'));
  });

  it("keeps printing the issuing entity's account on the reminders of invoices issued before the move", async () => {
    // Issued by LE-B after the move: the client's new entity prints its own account.
    const issuedByB = await openInvoice(env.database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-02-10',
      totalMinor: 50_000n,
    });
    const night: ToolCaller = {
      actor: serviceActor('scheduler'),
      correlationId: `night-${NIGHT}`,
      now: new Date(`${NIGHT}T05:00:00Z`),
      deps: { database: env.database, now: () => new Date(`${NIGHT}T05:00:00Z`), reminderWriter: null },
    };
    const r = await callTool(night, collectionsSendReminders, { asOf: NIGHT });
    expect(r.ok ? 'ok' : r.error).toBe('ok');
    const bodyOf = async (invoiceId: string) => {
      const rows = await env.database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, invoiceId));
      expect(rows.length).toBeGreaterThan(0);
      return rows.map((row) => row.body).join('\n');
    };
    const before = await bodyOf(issuedByA.id);
    expect(before).toContain('Bank details: IBAN DE89 3704 0044 0532 0130 00; BIC COBADEFFXXX; bank Commerzbank');
    expect(before).toContain('Entity A');
    expect(before).not.toContain('000123456789');
    const after = await bodyOf(issuedByB.id);
    expect(after).toContain('account number 000123456789');
    expect(after).not.toContain('DE89');
  });

  it('needs a new approval for every move: a grant is applied once', async () => {
    const back = await upsert(key('billing_clerk'), withContact);
    expect(back.status).toBe(409);
    expect((back.body.details!.steps as Steps)[0]!.reason).toEqual(
      startingWith(
        'legal entity LE-B -> LE-A, bank account number …6789 (routing 021000021, JPMorgan Chase Bank) -> ' +
          'IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank), 2 contracts move with it (K-A, U-A)',
      ),
    );
    expect(
      (await post(key('finance_admin'), `/approvals/${back.body.details!.requestId as string}/grant`)).status,
    ).toBe(200);
    expect((await upsert(key('billing_clerk'), withContact)).status).toBe(200);
    expect(await entityOf('CL-A')).toBe('LE-A');
    expect(await contractEntities('CL-A')).toEqual({ 'K-A': 'LE-A', 'U-A': 'LE-A' });
    // The same move as the first, approved and carried out already: it asks again (approvals exist for other moves).
    expect(await upsert(key('billing_clerk'), { ...withContact, legalEntity: 'LE-B' })).toMatchObject({
      status: 409,
      body: { code: 'ARGS_CHANGED' },
    });
    expect(await entityOf('CL-A')).toBe('LE-A');
  });

  it('never lets the requester approve their own move', async () => {
    const asked = await upsert(key('finance_admin'), { ...clientB, legalEntity: 'LE-A' });
    expect(asked.status).toBe(409);
    const own = await post(key('finance_admin'), `/approvals/${asked.body.details!.requestId as string}/grant`);
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ details: { policyCode: 'SOD_INITIATOR_CANNOT_APPROVE' } });
    expect(await entityOf('CL-B')).toBe('LE-B');
  });

  it('changes nothing when the move is refused, and refuses the same move again', async () => {
    const created = await upsert(key('billing_clerk'), { ...clientB, code: 'CL-R', name: 'Client R' });
    expect(created.status).toBe(201);
    const move = { ...clientB, code: 'CL-R', name: 'Client R', legalEntity: 'LE-A' };
    const asked = await upsert(key('controller'), move);
    expect(asked.status).toBe(409);
    const refused = await post(key('finance_admin'), `/approvals/${asked.body.details!.requestId as string}/reject`, {
      reason: 'no signed assignment',
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    expect(await upsert(key('controller'), move)).toMatchObject({ status: 409, body: { code: 'APPROVAL_REJECTED' } });
    expect(await entityOf('CL-R')).toBe('LE-B');
    expect(await updates('CL-R')).toEqual([]);
  });

  describe('the master-data bundle', () => {
    const importBundle = (bundle: unknown) =>
      importBundleAs(env.database, env.users.ids[env.users.email('finance_admin')]!, bundle);
    const fresh = { code: 'CL-BUNDLE-NEW', legalEntity: 'LE-B', name: 'Bundle client', country: 'NL' };

    it('refuses a bundle that moves a client that exists, whole, with nothing written', async () => {
      const audit = await count('audit_log');
      const res = await importBundle({ clients: [fresh, { ...clientA, legalEntity: 'LE-B', name: 'Renamed' }] });
      expect(res.ok ? 'ok' : res.error).toMatchObject({
        code: 'CLIENT_MOVE_NEEDS_APPROVAL',
        path: 'clients.1.legalEntity',
        client: 'CL-A',
        legalEntity: 'LE-B',
      });
      expect(httpStatusOfCode('CLIENT_MOVE_NEEDS_APPROVAL')).toBe(422);
      expect(res.ok ? '' : res.error.message).toContain('would move client CL-A from LE-A to LE-B');
      expect(await entityOf('CL-A')).toBe('LE-A');
      expect(await env.database.db.select().from(clients).where(eq(clients.code, fresh.code))).toEqual([]);
      expect(await count('audit_log')).toBe(audit);
    });

    it("refuses a bundle that changes an existing client's billing contacts or delivery channel, whole", async () => {
      const audit = await count('audit_log');
      const [onFile] = await env.database.db.select().from(clients).where(eq(clients.code, 'CL-A'));
      const res = await importBundle({
        clients: [
          { ...fresh, code: 'CL-BUNDLE-CONTACTS' },
          {
            ...clientA,
            billingContacts: [{ name: 'Mallory', email: 'ap@attacker.example' }],
            deliveryChannel: 'portal',
          },
        ],
      });
      expect(res.ok ? 'ok' : res.error).toMatchObject({
        code: 'CLIENT_BILLING_DETAILS_NEED_APPROVAL',
        path: 'clients.1',
        client: 'CL-A',
        fields: ['billingContacts', 'deliveryChannel'],
      });
      expect(httpStatusOfCode('CLIENT_BILLING_DETAILS_NEED_APPROVAL')).toBe(422);
      const [after] = await env.database.db.select().from(clients).where(eq(clients.code, 'CL-A'));
      expect(after).toEqual(onFile);
      expect(await env.database.db.select().from(clients).where(eq(clients.code, 'CL-BUNDLE-CONTACTS'))).toEqual([]);
      expect(await count('audit_log')).toBe(audit);
    });

    it('takes a bundle that creates a client in any entity and repeats the entity of one that exists', async () => {
      const res = await importBundle({
        clients: [
          fresh,
          { ...fresh, code: 'CL-BUNDLE-NEW-A', legalEntity: 'LE-A' },
          // Its billing contacts as on file: a bundle that leaves them out would clear them, a change it may not make.
          { ...withContact, name: 'Client A Inc' },
        ],
      });
      expect(res.ok ? 'ok' : res.error).toBe('ok');
      expect([await entityOf('CL-BUNDLE-NEW'), await entityOf('CL-BUNDLE-NEW-A'), await entityOf('CL-A')]).toEqual([
        'LE-B',
        'LE-A',
        'LE-A',
      ]);
    });
  });

  it('leaves an audit chain that verifies', async () => {
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { auditLog, legalEntities, paymentAllocations } from '../db/schema/index.ts';
import { verifyAudit } from '../db/stores/audit-store.ts';
import { rolesPermit } from '../policy/permissions.ts';
import { ROLES, type Actor, type Role } from '../policy/roles.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../test/helpers/api.ts';
import { insertInvoice } from '../../test/helpers/invoices.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../test/helpers/two-entity-firm.ts';
import { callTool } from './call-tool.ts';
import type { AnyTool, ToolCaller } from './define-tool.ts';
import { paymentsApply } from './payments/apply-payment.ts';
import { paymentsRecord } from './payments/record-payment.ts';
import { ALL_TOOLS, CATALOGUE } from './registry.ts';
import { createCreditNote, disputeInvoice, voidInvoice, writeOffInvoice } from '../db/usecases/index.ts';
import { approvalsGrant } from './approvals/grant-approval.ts';

const PEOPLE: Role[] = ROLES.filter((r) => r !== 'agent');

/** How each write or decision succeeds on the two-entity firm: who calls it (a permitted role) and with what. */
interface SuccessCase {
  role: Role;
  input: (t: Targets, n: number) => unknown;
}

/** The firm's targets, a posted USD invoice of CL-A (10,000.00) that payments apply to, and an invoice of entity A for each lifecycle step. */
type Targets = FirmTargets & { postedA: string; assigneeId: string; secondRequestA: string; lifecycle: Lifecycle; bankStatementA?: string };
/** Invoices of entity A in the status each lifecycle entry takes; void, credit and write-off already approved. */
interface Lifecycle {
  draft: string; pending: string; pendingToReject: string; approved: string; posted: string; toVoid: string; toCredit: string; toWriteOff: string;
  toDispute: string; disputed: string;
}
const VOID_REASON = 'raised in error';
const CREDIT_REASON = 'the rate was wrong';
const WRITE_OFF_REASON = 'the client is insolvent';
const postedInvoiceA = (database: Database) => insertInvoice(database, { totalMinor: 1_000_000n, status: 'posted', codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' } });

/** Input a read succeeds with. */
const READ_INPUT: Record<string, (t: Targets) => unknown> = {
  exceptions_list: () => ({}),
  approvals_inbox: () => ({}),
  payments_list: () => ({}),
  payments_show: (t) => ({ id: t.paymentA }),
  bank_statements_show: (t) => ({ id: t.bankStatementA }),
  receivables_report: () => ({ asOf: '2026-11-30' }),
};

/** A one-line bank CSV of entity A: 10.00 USD from Client A on account, under its own reference. */
const bankCsvA = (ref: string) => `date,amount,currency,reference,counterparty,account,remittance\n2026-10-31,10.00,USD,${ref},Client A,,on account\n`;

/** One case per write or decision entry of the catalogue; the test fails for an entry without one. */
const SUCCESS: Record<string, SuccessCase> = {
  exceptions_assign: { role: 'billing_clerk', input: (t) => ({ exceptionId: t.exceptionA, assigneeId: t.assigneeId }) },
  exceptions_resolve: { role: 'controller', input: (t) => ({ exceptionId: t.exceptionA, resolutionCode: 'corrected_data', note: 'time approved in the source system' }) },
  approvals_grant: { role: 'controller', input: (t) => ({ requestId: t.approvalRequestA }) },
  approvals_reject: { role: 'controller', input: (t) => ({ requestId: t.secondRequestA, reason: 'the invoice stands' }) },
  payments_record: {
    role: 'collector',
    input: (_t, n) => ({ client: 'CL-A', amount: '10.00', currency: 'USD', receivedOn: '2026-10-31', method: 'check', bankReference: `CATALOGUE-${n}` }),
  },
  payments_apply: { role: 'finance_admin', input: (t) => ({ paymentId: t.paymentA, allocations: [{ invoice: t.postedA, amount: '1.00' }] }) },
  payments_reverse: { role: 'collector', input: (t) => ({ paymentId: t.paymentA, reason: 'returned by the bank' }) },
  bank_statements_import: { role: 'collector', input: (_t, n) => ({ legalEntity: 'LE-A', content: bankCsvA(`CATALOGUE-BANK-${n}`) }) },
  invoices_submit: { role: 'billing_clerk', input: (t) => ({ invoiceId: t.lifecycle.draft }) },
  invoices_approve: { role: 'controller', input: (t) => ({ invoiceId: t.lifecycle.pending }) },
  invoices_reject: { role: 'controller', input: (t) => ({ invoiceId: t.lifecycle.pendingToReject, reason: 'the hours are wrong' }) },
  invoices_post: { role: 'billing_clerk', input: (t) => ({ invoiceId: t.lifecycle.approved }) },
  invoices_deliver: { role: 'billing_clerk', input: (t) => ({ invoiceId: t.lifecycle.posted }) },
  invoices_void: { role: 'billing_clerk', input: (t) => ({ invoiceId: t.lifecycle.toVoid, reason: VOID_REASON }) },
  invoices_credit: { role: 'billing_clerk', input: (t) => ({ invoiceId: t.lifecycle.toCredit, reason: CREDIT_REASON }) },
  invoices_write_off: { role: 'collector', input: (t) => ({ invoiceId: t.lifecycle.toWriteOff, reason: WRITE_OFF_REASON }) },
  invoices_dispute: { role: 'collector', input: (t) => ({ invoiceId: t.lifecycle.toDispute, reason: 'hours on 12 Oct not agreed', disputedAmount: '100.00' }) },
  invoices_resolve_dispute: { role: 'controller', input: (t) => ({ invoiceId: t.lifecycle.disputed, resolution: 'rejected', note: 'the timesheets were signed' }) },
};

describe(`the catalogue on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let targets: Targets;
  let n = 0;
  const actorOf = (role: Role): Actor => ({ userId: users.ids[users.email(role)]!, roles: [role], entityIds: null, onBehalfOf: null });
  const caller = (role: Role): ToolCaller => ({
    actor: actorOf(role), correlationId: `catalogue-${++n}`, now: new Date(), deps: { database, now: () => new Date() },
  });
  const auditRowsOf = async (correlationId: string) =>
    (await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.correlationId, correlationId))).map((r) => r.action);

  beforeAll(async () => {
    database = await createTestDatabase();
    const firm = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    // A second pending request on entity A, to refuse: voiding another draft asks a controller.
    const draft = await insertInvoice(database, { totalMinor: 50_000n, status: 'draft', codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' } });
    const voided = await voidInvoice(database, { actor: actorOf('billing_clerk'), correlationId: 'setup', now: new Date() }, { invoiceId: draft, reason: 'a request to refuse' });
    if (voided.ok || voided.error.code !== 'APPROVAL_REQUIRED' || !voided.error.requestId) throw new Error(JSON.stringify(voided));
    targets = {
      ...firm, postedA: await postedInvoiceA(database), assigneeId: users.ids[users.email('billing_clerk')]!, secondRequestA: voided.error.requestId,
      lifecycle: await lifecycleInvoices(),
    };
    const bank = await callTool(caller('collector'), 'bank_statements_import', { legalEntity: 'LE-A', content: bankCsvA('CATALOGUE-BANK-SETUP') });
    if (!bank.ok) throw new Error(JSON.stringify(bank.error));
    targets.bankStatementA = (bank.value as { statementId: string }).statementId;
  });

  /** An invoice of entity A (500.00) in a status. */
  const invoiceA = (status: 'draft' | 'pending_approval' | 'approved' | 'posted') =>
    insertInvoice(database, { totalMinor: 50_000n, status, codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' } });
  /** Opens the approval request an action asks for (its first call) and has a controller grant it, so the same call then succeeds. */
  const approved = async (open: () => Promise<{ ok: boolean; error?: { code: string; requestId?: string | null } }>) => {
    const first = await open();
    if (first.ok || first.error?.code !== 'APPROVAL_REQUIRED' || !first.error.requestId) throw new Error(JSON.stringify(first));
    const granted = await callTool(caller('controller'), approvalsGrant, { requestId: first.error.requestId });
    if (!granted.ok) throw new Error(JSON.stringify(granted.error));
  };
  const lifecycleInvoices = async (): Promise<Lifecycle> => {
    const ctx = (role: Role) => ({ actor: actorOf(role), correlationId: 'setup', now: new Date() });
    const l: Lifecycle = {
      draft: await invoiceA('draft'), pending: await invoiceA('pending_approval'), pendingToReject: await invoiceA('pending_approval'),
      approved: await invoiceA('approved'), posted: await invoiceA('posted'),
      toVoid: await invoiceA('draft'), toCredit: await invoiceA('posted'), toWriteOff: await invoiceA('posted'),
      toDispute: await invoiceA('posted'), disputed: await invoiceA('posted'),
    };
    if (!(await disputeInvoice(database, ctx('collector'), { invoiceId: l.disputed, reason: 'the client objects' })).ok) throw new Error('could not open a dispute');
    await approved(() => voidInvoice(database, ctx('billing_clerk'), { invoiceId: l.toVoid, reason: VOID_REASON }));
    await approved(() => createCreditNote(database, ctx('billing_clerk'), { invoiceId: l.toCredit, reason: CREDIT_REASON }));
    await approved(() => writeOffInvoice(database, ctx('collector'), { invoiceId: l.toWriteOff, reason: WRITE_OFF_REASON }));
    return l;
  };
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('names every entry resource_verb, once, with input and output schemas, and every write or decision with a policy action', () => {
    expect(new Set(ALL_TOOLS.map((t) => t.name)).size).toBe(ALL_TOOLS.length);
    for (const t of ALL_TOOLS) {
      expect(t.name, t.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
      expect(t.description.length, t.name).toBeGreaterThan(40);
      if (t.risk !== 'read') expect(t.policyAction, t.name).not.toBeNull();
      else expect(t.readers?.length, t.name).toBeGreaterThan(0);
    }
  });

  it('has a success case for every write or decision entry', () => {
    expect(ALL_TOOLS.filter((t) => t.risk !== 'read').map((t) => t.name).sort()).toEqual(Object.keys(SUCCESS).sort());
  });

  const writes = () => ALL_TOOLS.filter((t): t is AnyTool & { policyAction: NonNullable<AnyTool['policyAction']> } => t.risk !== 'read' && t.policyAction !== null);

  it('refuses every write or decision for a role outside its policy action, writing no audit row', async () => {
    for (const t of writes()) {
      const outside = PEOPLE.find((r) => !rolesPermit([r], t.policyAction));
      expect(outside, `${t.name}: some role may not ${t.policyAction}`).toBeDefined();
      const who = caller(outside!);
      const r = await callTool(who, t, SUCCESS[t.name]!.input(targets, n));
      expect(r.ok, t.name).toBe(false);
      if (!r.ok) expect(r.error, `${t.name} as ${outside}`).toMatchObject({ code: 'FORBIDDEN', policyCode: 'ROLE_NOT_PERMITTED' });
      expect(await auditRowsOf(who.correlationId), t.name).toEqual([]);
    }
  });

  it('answers every read for one of its readers', async () => {
    expect(ALL_TOOLS.filter((t) => t.risk === 'read').map((t) => t.name).sort()).toEqual(Object.keys(READ_INPUT).sort());
    for (const t of ALL_TOOLS.filter((x) => x.risk === 'read')) {
      const r = await callTool(caller(t.readers!.find((x) => x !== 'agent')!), t, READ_INPUT[t.name]!(targets));
      expect(r.ok ? 'ok' : JSON.stringify(r.error), t.name).toBe('ok');
      if (r.ok) expect(t.output.safeParse(r.value).success, `${t.name} answers what its output schema says`).toBe(true);
    }
  });

  it('refuses every read for a role that is not among its readers', async () => {
    for (const t of ALL_TOOLS.filter((x) => x.risk === 'read')) {
      const outside = PEOPLE.find((r) => !t.readers!.includes(r));
      if (!outside) continue;
      const r = await callTool(caller(outside), t, READ_INPUT[t.name]!(targets));
      expect(r.ok ? 'ok' : r.error.code, t.name).toBe('FORBIDDEN');
    }
  });

  it('refuses every invoice entry for a person limited to another legal entity, writing nothing', async () => {
    const [b] = await database.db.select({ id: legalEntities.id }).from(legalEntities).where(eq(legalEntities.code, 'LE-B'));
    for (const t of CATALOGUE.invoices as readonly AnyTool[]) {
      const c = SUCCESS[t.name]!;
      const who: ToolCaller = { ...caller(c.role), actor: { ...actorOf(c.role), entityIds: [b!.id] } };
      const r = await callTool(who, t, c.input(targets, n));
      expect(r.ok ? 'ok' : r.error.code, t.name).toBe('ENTITY_OUT_OF_SCOPE');
      expect(await auditRowsOf(who.correlationId), t.name).toEqual([]);
    }
  });

  it('leaves exactly one audit row of its policy action when a write or decision succeeds', async () => {
    const order = [
      'exceptions_assign', 'exceptions_resolve', 'approvals_grant', 'approvals_reject', 'payments_record', 'payments_apply', 'payments_reverse',
      'invoices_submit', 'invoices_approve', 'invoices_reject', 'invoices_post', 'invoices_deliver', 'invoices_void', 'invoices_credit', 'invoices_write_off',
      'invoices_dispute', 'invoices_resolve_dispute',
      'bank_statements_import',
    ];
    expect([...order].sort()).toEqual(writes().map((t) => t.name).sort());
    // Order matters on one firm: apply before reverse (a reversed payment applies nothing).
    for (const name of order) {
      const t = writes().find((x) => x.name === name)!;
      const c = SUCCESS[name]!;
      const who = caller(c.role);
      const r = await callTool(who, t, c.input(targets, n));
      expect(r.ok ? 'ok' : JSON.stringify(r.error), name).toBe('ok');
      if (r.ok) expect(t.output.safeParse(JSON.parse(JSON.stringify(r.value))).success, `${name} answers what its output schema says`).toBe(true);
      expect((await auditRowsOf(who.correlationId)).sort(), name).toEqual([t.policyAction, ...(t.alsoAudits ?? [])].sort());
    }
  });

  it('lets the agent read for a person who may, and refuses it alone, for a person who may not, and for any decision', async () => {
    const agent = (principal: Role | null): ToolCaller => ({
      ...caller('collector'),
      actor: { userId: users.ids[users.email('agent')]!, roles: ['agent'], entityIds: null, onBehalfOf: principal ? { userId: users.ids[users.email(principal)]!, roles: [principal], entityIds: null } : null },
    });
    const code = (r: { ok: boolean; error?: { code: string; policyCode?: string } }) => (r.ok ? 'ok' : `${r.error!.code}/${r.error!.policyCode ?? ''}`);
    const list = (await import('./payments/list-payments.ts')).paymentsList;
    const grant = (await import('./approvals/grant-approval.ts')).approvalsGrant;
    expect(code(await callTool(agent('collector'), list, {}))).toBe('ok');
    expect(code(await callTool(agent(null), list, {}))).toBe('FORBIDDEN/');
    expect(code(await callTool(agent('project_manager'), list, {}))).toBe('FORBIDDEN/');
    expect(code(await callTool(agent('finance_admin'), paymentsRecord, SUCCESS.payments_record!.input(targets, ++n)))).toBe('FORBIDDEN/ROLE_NOT_PERMITTED');
    expect(code(await callTool(agent('controller'), grant, { requestId: targets.secondRequestA }))).toBe('SOD_VIOLATION/AGENT_CANNOT_DECIDE');
  });

  it('answers VALIDATION_FAILED naming the field for input its schema refuses, before policy', async () => {
    const r = await callTool(caller('auditor'), paymentsApply, { paymentId: 'not-a-uuid', allocations: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'VALIDATION_FAILED', issues: expect.arrayContaining([expect.objectContaining({ path: 'paymentId' })]) });
  });
});

describe(`idempotency below HTTP on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let targets: Omit<Targets, 'lifecycle'>;
  let n = 0;
  const collector = (): ToolCaller => ({
    actor: { userId: users.ids[users.email('collector')]!, roles: ['collector'], entityIds: null, onBehalfOf: null },
    correlationId: `idem-${++n}`, now: new Date(), deps: { database, now: () => new Date() },
  });
  const allocated = async (paymentId: string) =>
    (await database.db.select({ a: paymentAllocations.amountMinor }).from(paymentAllocations).where(eq(paymentAllocations.paymentId, paymentId))).reduce((s, r) => s + r.a, 0n);

  beforeAll(async () => {
    database = await createTestDatabase();
    const firm = await loadTwoEntityFirm(database);
    targets = { ...firm, postedA: await postedInvoiceA(database), assigneeId: '', secondRequestA: '' };
    users = await createTestUsers(database, 'LE-B');
  });
  afterAll(async () => database?.close());

  /** A fresh payment of 100.00 from CL-A, all of it unapplied. */
  const freshPayment = async (): Promise<string> => {
    const r = await callTool(collector(), paymentsRecord, {
      client: 'CL-A', amount: '100.00', currency: 'USD', receivedOn: '2026-10-31', method: 'bank_transfer', bankReference: `IDEM-${++n}`,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value.paymentId;
  };

  it('applies a payment once when the same call comes twice with one key; the second replays the first result', async () => {
    const paymentId = await freshPayment();
    const input = { paymentId, allocations: [{ invoice: targets.postedA, amount: '5.00' }] };
    const first = await callTool(collector(), paymentsApply, input, { idempotencyKey: `apply-${paymentId}` });
    const second = await callTool(collector(), paymentsApply, input, { idempotencyKey: `apply-${paymentId}` });
    expect(first.ok && second.ok).toBe(true);
    expect(second.replayed).toBe(true);
    expect(first.replayed).toBeUndefined();
    if (first.ok && second.ok) expect(second.value).toEqual(JSON.parse(JSON.stringify(first.value)));
    expect(await allocated(paymentId)).toBe(500n);
    // Without a key, the same call applies again: that is what the key is for.
    expect((await callTool(collector(), paymentsApply, input)).ok).toBe(true);
    expect(await allocated(paymentId)).toBe(1000n);
  });

  it('answers IDEMPOTENCY_KEY_REUSED for another input under the same key, applying nothing', async () => {
    const paymentId = await freshPayment();
    const key = `reuse-${paymentId}`;
    expect((await callTool(collector(), paymentsApply, { paymentId, allocations: [{ invoice: targets.postedA, amount: '2.00' }] }, { idempotencyKey: key })).ok).toBe(true);
    const other = await callTool(collector(), paymentsApply, { paymentId, allocations: [{ invoice: targets.postedA, amount: '3.00' }] }, { idempotencyKey: key });
    expect(other.ok ? 'ok' : other.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await allocated(paymentId)).toBe(200n);
  });

  it('keeps keys per actor: the same key from another person runs', async () => {
    const paymentId = await freshPayment();
    const input = { paymentId, allocations: [{ invoice: targets.postedA, amount: '1.00' }] };
    const fa: ToolCaller = { ...collector(), actor: { userId: users.ids[users.email('finance_admin')]!, roles: ['finance_admin'], entityIds: null, onBehalfOf: null } };
    expect((await callTool(collector(), paymentsApply, input, { idempotencyKey: 'shared-key' })).ok).toBe(true);
    const r = await callTool(fa, paymentsApply, input, { idempotencyKey: 'shared-key' });
    expect(r.ok && !r.replayed).toBe(true);
    expect(await allocated(paymentId)).toBe(200n);
  });

  it('applies exactly once however many times a keyed call is retried, at once or one after another', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 900 }), fc.boolean(), async (tries, cents, together) => {
      const paymentId = await freshPayment();
      const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      const call = () => callTool(collector(), paymentsApply, { paymentId, allocations: [{ invoice: targets.postedA, amount }] }, { idempotencyKey: `prop-${paymentId}` });
      const results = together ? await Promise.all(Array.from({ length: tries }, call)) : await (async () => {
        const out = [];
        for (let i = 0; i < tries; i++) out.push(await call());
        return out;
      })();
      expect(results.every((r) => r.ok)).toBe(true);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(await allocated(paymentId)).toBe(BigInt(cents));
    }), { numRuns: 8 });
  });
});

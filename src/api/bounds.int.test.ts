import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import type { Role } from '../policy/roles.ts';
import { ROLES } from '../policy/roles.ts';
import type { BoundCode } from '../shared/bounds.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../test/helpers/api.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../test/helpers/two-entity-firm.ts';
import { apiRoutes } from './app.ts';
import type { ApiRoute } from './route.ts';
import { ROUTE_CASES } from './route-cases.test-support.ts';

/**
 * Every writing route refuses a value beyond its bound (docs/limits.md) with 400 VALIDATION_FAILED
 * naming the field and the bound's code, and writes nothing; a value at the bound is accepted.
 * Each row starts from the route's valid request (route-cases.test-support.ts) and changes one field.
 */

const long = (n: number) => 'x'.repeat(n);
const HUGE_USD = '92233720368547758.07';

interface Case {
  op: string;
  /** Dotted path of the field to set in the valid body, and its value. */
  set: Record<string, unknown>;
  /** The field the 400 must name (default: the only key of set). */
  path?: string;
  code: BoundCode;
}

const CASES: Case[] = [
  // Late fees, disputes and the dunning policy (issue 14).
  { op: 'applyLateFee', set: { asOf: '9999-12-31' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'updateInvoiceDispute', set: { owner: `${long(320)}@x.io` }, code: 'TEXT_TOO_LONG' },
  { op: 'setDunningPolicy', set: { reason: long(501) }, code: 'TEXT_TOO_LONG' },
  {
    // The input bound (100 steps); a 13th step within it is the sequence rule's 422 with a sentence (dunning-rules.ts).
    op: 'setDunningPolicy',
    set: { steps: Array.from({ length: 101 }, (_, i) => ({ days: i + 1, step: 'friendly', channel: 'email' })) },
    code: 'TOO_MANY_ITEMS',
  },
  {
    op: 'markApprovalNoticesRead',
    set: { ids: Array.from({ length: 201 }, () => '5f0c3d1e-8a1b-4c2d-9e3f-0a1b2c3d4e5f') },
    code: 'TOO_MANY_ITEMS',
  },
  { op: 'upsertClient', set: { name: long(5_000_000) }, code: 'TEXT_TOO_LONG' },
  { op: 'upsertClient', set: { taxId: long(65) }, code: 'TEXT_TOO_LONG' },
  { op: 'upsertClient', set: { accountManager: long(201) }, code: 'TEXT_TOO_LONG' },
  {
    op: 'upsertClient',
    set: { billingContacts: [{ name: 'AP', email: `${long(250)}@x.io` }] },
    path: 'billingContacts.0.email',
    code: 'TEXT_TOO_LONG',
  },
  {
    op: 'upsertClient',
    set: { billingContacts: Array.from({ length: 21 }, (_, i) => ({ name: 'AP', email: `ap${i}@x.io` })) },
    code: 'TOO_MANY_ITEMS',
  },
  {
    op: 'upsertClient',
    set: { creditLimit: { amount: '1000000000000.01', currency: 'USD' } },
    path: 'creditLimit.amount',
    code: 'AMOUNT_TOO_LARGE',
  },
  {
    op: 'upsertClient',
    set: { creditLimit: { amount: '1000000000001', currency: 'JPY' } },
    path: 'creditLimit.amount',
    code: 'AMOUNT_TOO_LARGE',
  },
  { op: 'changeBankAccount', set: { 'bankAccount.bankName': long(201) }, code: 'TEXT_TOO_LONG' },
  { op: 'upsertPerson', set: { name: long(201) }, code: 'TEXT_TOO_LONG' },
  { op: 'upsertPerson', set: { role: long(101) }, code: 'TEXT_TOO_LONG' },
  { op: 'upsertPerson', set: { costRate: '1000000000.01' }, code: 'RATE_TOO_LARGE' },
  { op: 'upsertContract', set: { name: long(201) }, code: 'TEXT_TOO_LONG' },
  { op: 'upsertContract', set: { startDate: '0001-01-01' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'upsertContract', set: { endDate: '9999-12-31' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'upsertContract', set: { fixedFee: HUGE_USD }, code: 'AMOUNT_TOO_LARGE' },
  { op: 'upsertContract', set: { notToExceed: '1000000000000.01' }, code: 'AMOUNT_TOO_LARGE' },
  { op: 'upsertContract', set: { poNumber: long(141) }, code: 'TEXT_TOO_LONG' },
  { op: 'upsertContract', set: { lateFeePercentMonthly: '100.001' }, code: 'PERCENT_OUT_OF_RANGE' },
  { op: 'upsertContract', set: { 'rateCard.0.rate': '1000000000.01' }, code: 'RATE_TOO_LARGE' },
  { op: 'upsertContract', set: { 'rateCard.0.effectiveFrom': '1999-12-31' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'upsertContract', set: { 'milestones.0.amount': '1000000000000.01' }, code: 'AMOUNT_TOO_LARGE' },
  { op: 'upsertContract', set: { 'milestones.0.dueDate': '9999-12-31' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'upsertContract', set: { 'milestones.0.name': long(201) }, code: 'TEXT_TOO_LONG' },
  {
    op: 'upsertContract',
    set: { discounts: [{ description: 'loyalty', kind: 'percent', value: '101' }] },
    path: 'discounts.0.value',
    code: 'PERCENT_OUT_OF_RANGE',
  },
  {
    op: 'upsertContract',
    set: { discounts: [{ description: 'loyalty', kind: 'amount', value: `-${HUGE_USD}` }] },
    path: 'discounts.0.value',
    code: 'AMOUNT_TOO_LARGE',
  },
  {
    op: 'upsertContract',
    set: { retainer: { fee: '1000.00', includedHours: '100000.01', overageRate: '150' } },
    path: 'retainer.includedHours',
    code: 'HOURS_OUT_OF_RANGE',
  },
  {
    op: 'upsertContract',
    set: { usage: { unit: 'call', tiers: [{ from: '0', upTo: '10000000000000', unitPrice: '0.01' }] } },
    path: 'usage.tiers.0.upTo',
    code: 'QUANTITY_TOO_LARGE',
  },
  { op: 'upsertContract', set: { 'projects.0.name': long(201) }, code: 'TEXT_TOO_LONG' },
  { op: 'upsertProject', set: { name: long(201) }, code: 'TEXT_TOO_LONG' },
  { op: 'triageMessage', set: { text: long(20_001) }, code: 'TEXT_TOO_LONG' },
  { op: 'recordReminderBounce', set: { text: long(20_001) }, code: 'TEXT_TOO_LONG' },
  { op: 'linkChatUser', set: { externalId: long(129) }, code: 'TEXT_TOO_LONG' },
  { op: 'unlinkChatUser', set: { workspaceId: long(129) }, code: 'TEXT_TOO_LONG' },
  { op: 'upsertProject', set: { projectManager: long(201) }, code: 'TEXT_TOO_LONG' },
  { op: 'importTimeEntries', set: { '0.hours': '240' }, code: 'HOURS_OUT_OF_RANGE' },
  { op: 'importTimeEntries', set: { '0.hours': '24.01' }, code: 'HOURS_OUT_OF_RANGE' },
  { op: 'importTimeEntries', set: { '0.date': '0001-01-01' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'importTimeEntries', set: { '0.date': '9999-12-31' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'importTimeEntries', set: { '0.description': long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'importTimeEntries', set: { '0.role': long(101) }, code: 'TEXT_TOO_LONG' },
  { op: 'importTimeEntries', set: { '0.rate': '10000000000' }, code: 'RATE_TOO_LARGE' },
  { op: 'recordExpense', set: { amount: '1000000000000.01' }, code: 'AMOUNT_TOO_LARGE' },
  { op: 'recordPromiseToPay', set: { amount: HUGE_USD }, code: 'AMOUNT_TOO_LARGE' },
  { op: 'recordPromiseToPay', set: { promisedFor: '9999-12-31' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'pauseDunning', set: { until: '9999-12-31' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'sendReminders', set: { asOf: '0001-01-01' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'recordExpense', set: { incurredOn: '9999-12-31' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'recordExpense', set: { description: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'importExchangeRates', set: { '0.rate': '1000000000.01' }, code: 'RATE_TOO_LARGE' },
  { op: 'importExchangeRates', set: { '0.rate': '1.0000000000001' }, code: 'RATE_TOO_LARGE' },
  { op: 'importExchangeRates', set: { '0.rateDate': '9999-12-31' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'importExchangeRates', set: { '0.source': long(101) }, code: 'TEXT_TOO_LONG' },
  { op: 'reportUsage', set: { 'records.0.quantity': '1000000000000.5' }, code: 'QUANTITY_TOO_LARGE' },
  { op: 'reportUsage', set: { 'records.0.occurredOn': '0001-01-01' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'reportUsage', set: { 'records.0.eventKey': long(201) }, code: 'TEXT_TOO_LONG' },
  { op: 'completeMilestone', set: { completedOn: '9999-12-31' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'acceptMilestone', set: { acceptedOn: '0001-01-01' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'acceptMilestone', set: { acceptedBy: long(201) }, code: 'TEXT_TOO_LONG' },
  { op: 'startBillingRun', set: { period: '9999-12' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'recordPayment', set: { amount: HUGE_USD }, code: 'AMOUNT_TOO_LARGE' },
  { op: 'recordPayment', set: { amount: '1000000000000.01' }, code: 'AMOUNT_TOO_LARGE' },
  { op: 'recordPayment', set: { receivedOn: '0001-01-01' }, code: 'DATE_OUT_OF_WINDOW' },
  { op: 'recordPayment', set: { note: long(2001) }, code: 'TEXT_TOO_LONG' },
  {
    op: 'recordPayment',
    set: { allocations: [{ invoice: 'A-1', amount: '1000000000000.01' }] },
    path: 'allocations.0.amount',
    code: 'AMOUNT_TOO_LARGE',
  },
  { op: 'applyPayment', set: { 'allocations.0.amount': HUGE_USD }, code: 'AMOUNT_TOO_LARGE' },
  { op: 'disputeInvoice', set: { disputedAmount: HUGE_USD }, code: 'AMOUNT_TOO_LARGE' },
  { op: 'disputeInvoice', set: { reason: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'resolveInvoiceDispute', set: { note: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'reversePayment', set: { reason: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'createCreditNote', set: { reason: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'writeOffInvoice', set: { reason: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'voidInvoice', set: { reason: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'rejectInvoice', set: { reason: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'resolveException', set: { note: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'rejectApproval', set: { reason: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'changeApprovalMatrix', set: { reason: long(2001) }, code: 'TEXT_TOO_LONG' },
  { op: 'sendAgentMessage', set: { text: long(8001) }, code: 'TEXT_TOO_LONG' },
];

/** A deep copy of body with each dotted path set (array indexes as numbers). */
function withFields(body: unknown, set: Record<string, unknown>): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const [path, value] of Object.entries(set)) {
    const keys = path.split('.');
    let at = copy as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
    at[keys.at(-1)!] = value;
  }
  return copy;
}

describe(`value bounds on every writing route on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  let targets: FirmTargets;
  let routes: Map<string, ApiRoute>;
  const logged: unknown[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    targets = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database, logged);
    routes = new Map(
      apiRoutes({ database, log: () => undefined, now: () => new Date() }).map((r) => [r.operationId, r]),
    );
  });
  afterAll(async () => database?.close());

  const send = (op: string, set: Record<string, unknown>) => {
    const route = routes.get(op)!;
    const role = (
      op === 'approveTimeEntries' ? 'project_manager' : ROLES.find((x) => x !== 'agent' && route.roles.includes(x))
    ) as Role;
    const req = ROUTE_CASES[op]!({
      ...targets,
      assigneeId: users.ids[users.email('billing_clerk')]!,
      clientA: '',
      documentA: '',
    });
    return call<{ code: string; details: { issues?: { path: string; code?: string }[] } }>(
      app,
      route.method.toUpperCase(),
      req.path,
      {
        key: users.key[role],
        body: withFields(req.body ?? {}, set),
      },
    );
  };

  it('has a row for every route that takes a JSON body, but the document routes', () => {
    const covered = new Set(CASES.map((c) => c.op));
    const withBody = Object.entries(ROUTE_CASES)
      .filter(
        ([op, f]) =>
          f({ ...targets, assigneeId: '', clientA: '', documentA: '' }).body !== undefined &&
          !['applyDocumentTerms', 'approveTimeEntries', 'approveExpenses'].includes(op),
      )
      .map(([op]) => op);
    // assignException takes only an assignee id, submitInvoice and approveInvoice only a revision number, deliverReminders nothing: no bounded value.
    expect(withBody.filter((op) => !covered.has(op)).sort()).toEqual([
      'approveInvoice',
      'assignException',
      'deliverReminders',
      'submitInvoice',
    ]);
  });

  it.each(CASES.map((c) => [`${c.op} ${c.path ?? Object.keys(c.set)[0]} -> ${c.code}`, c] as const))(
    'answers 400 naming the field when %s',
    async (_label, c) => {
      const before = await auditRows();
      const res = await send(c.op, c.set);
      const path = c.path ?? Object.keys(c.set)[0]!;
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.issues).toContainEqual(expect.objectContaining({ path, code: c.code }));
      expect(await auditRows()).toBe(before);
    },
  );

  it('accepts each value at its bound: a 200-character name, a trillion dollars, 24 hours, the first day of the window', async () => {
    const ok = [
      await send('upsertClient', { name: long(200) }),
      await send('recordPayment', { amount: '1000000000000.00', bankReference: 'EDGE-TRILLION' }),
      await send('importTimeEntries', { '0.hours': '24', '0.date': '2026-08-03', '0.description': long(2000) }),
      await send('upsertContract', {
        code: 'K-EDGE',
        startDate: '2000-01-01',
        'projects.0.code': 'PR-EDGE',
        lateFeePercentMonthly: '100',
      }),
    ];
    for (const r of ok) expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBeLessThan(300);
    expect(logged).toEqual([]);
  });

  const auditRows = async () =>
    Number((await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM audit_log`))[0]!.n);
});

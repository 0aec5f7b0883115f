import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTime, bill, loadFirm, smallFirm } from '../../../test/helpers/firm.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import type { Database } from '../../db/client.ts';
import {
  auditLog,
  billingExceptions,
  contracts,
  invoiceLines,
  invoices,
  milestones,
  rateCardEntries,
} from '../../db/schema/index.ts';
import { getContractState } from '../../db/stores/contract-terms-store.ts';
import { type UseCaseContext } from '../invoices/lifecycle/index.ts';
import { approvalsInbox } from '../../tools/approvals/approvals-inbox.ts';
import { grantApproval } from '../../tools/approvals/grant-approval.ts';
import type { Actor, Role } from '../../policy/roles.ts';
import { toContractRecord } from '../../extraction/changes/contract-record.ts';
import { diffTermsAgainstContract } from '../../extraction/changes/diff-contract.ts';
import { localEmbedder } from '../../extraction/search/embedder.ts';
import { emptySowTerms, type SowTerms } from '../../extraction/sow-terms.ts';
import { applyDocumentTerms, TERMS_APPLIED, type ApplyDocumentTermsInput } from './apply-terms.ts';
import { builtinTermsExtractor } from '../../extraction/documents/extract-terms.ts';
import { previewDocumentTerms } from './preview-terms.ts';
import { processDocument } from '../../extraction/documents/process-document.ts';
import { recordTermsMismatch } from '../../extraction/documents/record-terms-mismatch.ts';
import { getDocument, insertDocumentOnce } from '../../extraction/documents/store.ts';
import { uploadDocument } from './upload-document.ts';

const AMENDMENT = `# AMENDMENT No. 1 TO CONTRACT K-AMEND

This Amendment is made between Client One ("Client") and Test Advisory Inc. ("Consultant").

With effect from 16 November 2026 the parties agree:

1. The hourly rate for the Senior Consultant role increases from $240 to $275 per hour.
2. The end date of the contract is extended from 31 December 2026 to 31 March 2027.
3. The monthly retainer fee is increased from $5,000 to $6,000.`;

const CODES = [
  'K-FLOW',
  'K-SOD',
  'K-SEL',
  'K-AMEND',
  'K-CHANGE',
  'K-REFUSE',
  'K-BILLED',
  'K-CUR',
  'K-RACE',
  'K-ONCE',
  'K-DAY',
] as const;
type Code = (typeof CODES)[number];

const actor = (
  userId: string,
  roles: Role[],
  onBehalfOf: Actor['onBehalfOf'] = null,
  entityIds: string[] | null = null,
): Actor => ({ userId, roles, entityIds, onBehalfOf });
const clerk = actor('clerk-1', ['billing_clerk']);
const controller = actor('controller-1', ['controller']);
const controller2 = actor('controller-2', ['controller']);
const ctx = (a: Actor): UseCaseContext => ({ actor: a, correlationId: `test-${a.userId}`, now: new Date() });

let database: Database;
const contractIds = {} as Record<Code, string>;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  const base = smallFirm().contracts[0]!;
  await loadFirm(
    database,
    smallFirm({
      contracts: CODES.map((code) => ({
        ...base,
        code,
        name: code,
        milestones: [{ name: 'Discovery report', amount: '10000.00', status: 'pending' }],
        projects: [{ code: `${code}-P`, name: code, status: 'active' }],
      })),
    }),
  );
  for (const c of await database.db.select().from(contracts)) contractIds[c.code as Code] = c.id;
});
afterAll(async () => database?.close());

const sowTerms = (over: Partial<SowTerms> = {}): SowTerms => ({
  ...emptySowTerms('sow'),
  effectiveDate: '2026-01-01',
  currency: 'USD',
  ...over,
});
const quoted = (t: SowTerms): SowTerms => ({
  ...t,
  evidence: [{ field: 'paymentTerms.netDays', quote: 'Payment is due within 45 days of the invoice date.', page: 1 }],
});

/** A processed document with these terms linked to the contract, with its terms-mismatch exception raised as processing does. */
async function storedDocument(code: Code | null, terms: SowTerms, opts: { status?: 'done' | 'queued' } = {}) {
  seq += 1;
  const { row } = await insertDocumentOnce(database.db, {
    sha256: seq.toString(16).padStart(64, 'c'),
    contractId: code ? contractIds[code] : null,
    fileName: `doc-${seq}.txt`,
    kind: 'text',
    sizeBytes: 1,
    pageCount: 1,
    content: Buffer.from('x'),
    pages: [],
    status: opts.status ?? 'done',
    extractor: 'builtin',
    processedAt: new Date(),
    terms: opts.status === 'queued' ? null : (terms as unknown as Record<string, unknown>),
  });
  if (code && opts.status !== 'queued') await recordTermsMismatch(database.db, row, terms);
  return row.id;
}

const apply = (a: Actor, input: ApplyDocumentTermsInput) => applyDocumentTerms(database, ctx(a), input);
const grant = (a: Actor, requestId: string) => grantApproval(database, ctx(a), { requestId });
const state = async (code: Code) => (await getContractState(database.db, contractIds[code]))!;
const requestIdOf = (r: Awaited<ReturnType<typeof apply>>): string => {
  if (r.ok || (r.error.code !== 'APPROVAL_REQUIRED' && r.error.code !== 'ARGS_CHANGED'))
    throw new Error(`expected an approval request: ${JSON.stringify(r)}`);
  return (r.error as { requestId: string }).requestId;
};
/** Request, grant by a controller, apply again. */
async function approvedApply(input: ApplyDocumentTermsInput, by: Actor = clerk) {
  const requestId = requestIdOf(await apply(by, input));
  const granted = await grant(controller2, requestId);
  expect(granted.ok, JSON.stringify(granted)).toBe(true);
  return apply(by, input);
}
const auditRows = (contractId: string) =>
  database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'contract.apply_extracted_terms'), eq(auditLog.targetId, contractId)));

describe(`applyDocumentTerms on ${backend}`, () => {
  it('opens a request, applies once a controller grants it, and has no second effect when called again', async () => {
    const documentId = await storedDocument(
      'K-FLOW',
      quoted(
        sowTerms({
          paymentTerms: { netDays: 45, basis: 'invoice_date' },
          poNumber: 'PO-7788',
          endDate: '2027-03-31',
          caps: [{ kind: 'not_to_exceed', amount: '250000.00', period: null, percentOfFees: null }],
          rates: [
            { role: 'Data Scientist', amount: '190.00', unit: 'hour', currency: null, effectiveFrom: null },
            { role: 'Analyst', amount: '140.00', unit: 'hour', currency: null, effectiveFrom: null },
            { role: 'Senior Consultant', amount: '240.00', unit: 'hour', currency: null, effectiveFrom: null },
          ],
          milestones: [{ name: 'Discovery report', amount: '12000.00', percent: null, dueDate: '2026-03-31' }],
        }),
      ),
    );
    const first = await apply(clerk, { documentId });
    const requestId = requestIdOf(first);
    expect(first.ok ? null : first.error.code).toBe('APPROVAL_REQUIRED');
    expect((await state('K-FLOW')).contract.paymentTermsDays).toBe(30);
    const inbox = await approvalsInbox(database, ctx(controller2));
    expect(
      inbox.ok &&
        inbox.value.items.some(
          (i) =>
            i.kind === 'action_approval' &&
            i.requestId === requestId &&
            i.actionType === 'contract.apply_extracted_terms',
        ),
    ).toBe(true);

    expect((await grant(controller2, requestId)).ok).toBe(true);
    const applied = await apply(clerk, { documentId });
    expect(applied.ok, JSON.stringify(applied)).toBe(true);
    if (!applied.ok) return;
    expect(applied.value.alreadyApplied).toBe(false);
    expect(applied.value.applied.map((w) => w.field).sort()).toEqual([
      'caps.not_to_exceed',
      'endDate',
      'milestones',
      'milestones',
      'paymentTerms.netDays',
      'poNumber',
      'rates',
    ]);
    const s = await state('K-FLOW');
    expect(s.contract).toMatchObject({
      paymentTermsDays: 45,
      poNumber: 'PO-7788',
      endDate: '2027-03-31',
      notToExceedMinor: 25_000_000n,
    });
    expect(
      s.rates.filter((r) => r.role === 'Data Scientist').map((r) => [r.rate, r.effectiveFrom, r.effectiveTo]),
    ).toEqual([['190.000000', '2026-01-01', null]]);
    expect(s.milestones.map((m) => [m.name, m.amountMinor, m.dueDate])).toEqual([
      ['Discovery report', 1_200_000n, '2026-03-31'],
    ]);

    const again = await apply(clerk, { documentId });
    expect(again.ok && again.value).toMatchObject({ alreadyApplied: true, applied: [] });
    expect((await state('K-FLOW')).rates).toHaveLength(s.rates.length);
    expect(await auditRows(contractIds['K-FLOW'])).toHaveLength(1);
  });

  it('uses an approval for one run only: the same terms on a contract changed back need a new approval', async () => {
    const documentId = await storedDocument('K-ONCE', sowTerms({ poNumber: 'PO-ONCE-1' }));
    const input = { documentId, fields: ['poNumber' as const] };
    const firstRequest = requestIdOf(await apply(clerk, input));
    expect((await grant(controller2, firstRequest)).ok).toBe(true);
    expect((await apply(clerk, input)).ok).toBe(true);
    expect((await state('K-ONCE')).contract.poNumber).toBe('PO-ONCE-1');
    // Someone sets the PO back; the plan (and its termsHash) is exactly the approved one again.
    await database.db.update(contracts).set({ poNumber: null }).where(eq(contracts.id, contractIds['K-ONCE']));
    const again = await apply(clerk, input);
    expect(again.ok ? null : again.error.code).toBe('APPROVAL_REQUIRED');
    expect(requestIdOf(again)).not.toBe(firstRequest);
    expect((await state('K-ONCE')).contract.poNumber).toBeNull();
  });

  it('writes the audit row (contract before and after, document, quotes, approval) and resolves the terms-mismatch exception', async () => {
    const [row] = await auditRows(contractIds['K-FLOW']);
    const before = row!.before as Record<string, unknown>;
    const after = row!.after as {
      documentId: string;
      termsHash: string;
      writes: Array<{ field: string; quote: string | null }>;
      contract: Record<string, unknown>;
      exception: { status: string };
    };
    expect(before).toMatchObject({ paymentTermsDays: 30, poNumber: null, endDate: '2026-12-31' });
    expect(after.contract).toMatchObject({ paymentTermsDays: 45, poNumber: 'PO-7788', endDate: '2027-03-31' });
    expect(after.writes.find((w) => w.field === 'paymentTerms.netDays')!.quote).toBe(
      'Payment is due within 45 days of the invoice date.',
    );
    expect(after.termsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.approvalRef).toMatch(/[0-9a-f-]{36}/);
    expect(after.exception.status).toBe('resolved');
    const [ex] = await database.db
      .select()
      .from(billingExceptions)
      .where(eq(billingExceptions.dedupeKey, `contract_terms_mismatch:${after.documentId}`));
    expect(ex).toMatchObject({ status: 'resolved', resolutionCode: TERMS_APPLIED, resolvedBy: 'clerk-1' });
  });

  it('never lets the initiator grant, and lets the agent ask but never approve', async () => {
    const documentId = await storedDocument('K-SOD', sowTerms({ poNumber: 'PO-1' }));
    const byController = requestIdOf(await apply(controller, { documentId }));
    const own = await grant(controller, byController);
    expect(own.ok ? null : own.error).toMatchObject({
      code: 'SOD_VIOLATION',
      policyCode: 'SOD_INITIATOR_CANNOT_APPROVE',
    });

    const agentForClerk = actor('agent-1', ['agent'], { userId: 'clerk-1', roles: ['billing_clerk'], entityIds: null });
    const byAgent = requestIdOf(await apply(agentForClerk, { documentId }));
    const agentForController = actor('agent-1', ['agent'], {
      userId: 'controller-2',
      roles: ['controller'],
      entityIds: null,
    });
    const agentGrant = await grant(agentForController, byAgent);
    expect(agentGrant.ok ? null : agentGrant.error).toMatchObject({
      code: 'SOD_VIOLATION',
      policyCode: 'AGENT_CANNOT_DECIDE',
    });
    // The clerk the agent acted for is an initiator too: a controller other than both may approve it.
    expect((await grant(controller2, byAgent)).ok).toBe(true);
    const done = await apply(agentForClerk, { documentId });
    expect(done.ok && done.value.applied.map((w) => w.to)).toEqual(['PO-1']);
  });

  it('asks for a new approval when the field selection changes after approval', async () => {
    const documentId = await storedDocument(
      'K-SEL',
      sowTerms({ poNumber: 'PO-2', paymentTerms: { netDays: 60, basis: null } }),
    );
    const requestId = requestIdOf(await apply(clerk, { documentId }));
    expect((await grant(controller2, requestId)).ok).toBe(true);
    const narrower = await apply(clerk, { documentId, fields: ['poNumber'] });
    expect(narrower.ok ? null : narrower.error.code).toBe('ARGS_CHANGED');
    expect(requestIdOf(narrower)).not.toBe(requestId);
    expect((await state('K-SEL')).contract).toMatchObject({ poNumber: null, paymentTermsDays: 30 });

    expect((await grant(controller2, requestIdOf(narrower))).ok).toBe(true);
    const done = await apply(clerk, { documentId, fields: ['poNumber'] });
    expect(done.ok && done.value.applied.map((w) => w.field)).toEqual(['poNumber']);
    expect((await state('K-SEL')).contract).toMatchObject({ poNumber: 'PO-2', paymentTermsDays: 30 });
    const [ex] = await database.db
      .select()
      .from(billingExceptions)
      .where(eq(billingExceptions.dedupeKey, `contract_terms_mismatch:${documentId}`));
    expect(ex!.status).toBe('open');
    expect((ex!.details as { diffs: Array<{ field: string }> }).diffs.map((d) => d.field)).toEqual([
      'paymentTerms.netDays',
    ]);
  });

  it("applies an amendment's rate from its effective date: billing rates time before it at the old rate and after it at the new one", async () => {
    const up = await uploadDocument(
      { db: database.db, limits: { maxBytes: 1_000_000, maxPages: 10 }, enqueue: () => undefined },
      {
        bytes: new TextEncoder().encode(AMENDMENT),
        fileName: 'amendment-1.txt',
        clientId: null,
        contractId: contractIds['K-AMEND'],
      },
    );
    if (!up.ok) throw new Error(JSON.stringify(up.error));
    const documentId = up.value.document.id;
    const processed = await processDocument(
      {
        db: database.db,
        extractTerms: builtinTermsExtractor,
        embedder: localEmbedder(256),
        onExtracted: async (d, t) => void (await recordTermsMismatch(database.db, d, t)),
      },
      documentId,
    );
    expect(processed).toBe('done');
    for (const date of ['2026-11-10', '2026-11-20'])
      await addTime(database, { person: 'SAM', project: 'K-AMEND-P', date, hours: '8' });

    const applied = await approvedApply({ documentId });
    expect(applied.ok && applied.value.applied.map((w) => [w.field, w.to, w.effectiveFrom])).toEqual([
      ['endDate', '2027-03-31', null],
      ['rates', '275.00', '2026-11-16'],
    ]);
    const s = await state('K-AMEND');
    expect(
      s.rates.filter((r) => r.role === 'Senior Consultant').map((r) => [r.rate, r.effectiveFrom, r.effectiveTo]),
    ).toEqual([
      ['240.000000', '2026-01-01', '2026-11-15'],
      ['275.000000', '2026-11-16', null],
    ]);

    await bill(database, '2026-11');
    const lines = await database.db
      .select({ unitPrice: invoiceLines.unitPrice, quantity: invoiceLines.quantity })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(and(eq(invoices.contractId, contractIds['K-AMEND']), eq(invoiceLines.kind, 'time')));
    expect(lines.map((l) => [Number(l.unitPrice), Number(l.quantity)]).sort()).toEqual([
      [240, 8],
      [275, 8],
    ]);

    const doc = (await getDocument(database.db, documentId))!;
    const terms = doc.terms as unknown as SowTerms;
    expect(
      diffTermsAgainstContract(terms, toContractRecord(s.contract, s.rates, s.milestones, terms.effectiveDate)),
    ).toEqual([]);
    const [ex] = await database.db
      .select()
      .from(billingExceptions)
      .where(eq(billingExceptions.dedupeKey, `contract_terms_mismatch:${documentId}`));
    expect(ex).toMatchObject({ status: 'resolved', resolutionCode: TERMS_APPLIED });
  });

  it('applies one proposed change by its id, and refuses a change no contract field can take', async () => {
    const up = await uploadDocument(
      { db: database.db, limits: { maxBytes: 1_000_000, maxPages: 10 }, enqueue: () => undefined },
      {
        bytes: new TextEncoder().encode(AMENDMENT.replace('K-AMEND', 'K-CHANGE')),
        fileName: 'amendment-2.txt',
        clientId: null,
        contractId: contractIds['K-CHANGE'],
      },
    );
    if (!up.ok) throw new Error(JSON.stringify(up.error));
    const documentId = up.value.document.id;
    await processDocument(
      {
        db: database.db,
        extractTerms: builtinTermsExtractor,
        embedder: localEmbedder(256),
        onExtracted: async (d, t) => void (await recordTermsMismatch(database.db, d, t)),
      },
      documentId,
    );
    const preview = await previewDocumentTerms(database, ctx(controller2), { documentId });
    if (!preview.ok) throw new Error(JSON.stringify(preview.error));
    const byField = new Map(preview.value.proposedChanges.map((c) => [c.field, c.id]));
    expect([...byField.keys()]).toEqual(['rates', 'endDate', 'retainer.amount']);

    const applied = await approvedApply({ documentId, changeId: byField.get('endDate')! });
    expect(applied.ok && applied.value).toMatchObject({
      changeId: byField.get('endDate'),
      applied: [{ field: 'endDate', from: '2026-12-31', to: '2027-03-31' }],
      exception: { status: 'open', remainingDiffs: 1 },
    });
    const s = await state('K-CHANGE');
    expect(s.contract.endDate).toBe('2027-03-31');
    expect(s.rates.filter((r) => r.role === 'Senior Consultant').map((r) => r.rate)).toEqual(['240.000000']);

    const retainer = await apply(clerk, { documentId, changeId: byField.get('retainer.amount')! });
    expect(retainer.ok ? null : retainer.error.code).toBe('CHANGE_NOT_APPLICABLE');
    const both = await apply(clerk, { documentId, changeId: byField.get('rates')!, fields: ['rates'] });
    expect(both.ok ? null : both.error.code).toBe('INVALID_SELECTION');
  });

  it('refuses cleanly: not processed, no contract, unknown contract, nothing differs, out of scope, a role that may not ask', async () => {
    const code = async (a: Actor, input: ApplyDocumentTermsInput) => {
      const r = await apply(a, input);
      return r.ok
        ? 'ok'
        : r.error.code === 'FORBIDDEN'
          ? `FORBIDDEN:${(r.error as { policyCode: string }).policyCode}`
          : r.error.code;
    };
    const queued = await storedDocument('K-REFUSE', sowTerms(), { status: 'queued' });
    const unlinked = await storedDocument(null, sowTerms({ poNumber: 'PO-3' }));
    const agrees = await storedDocument('K-REFUSE', sowTerms({ paymentTerms: { netDays: 30, basis: null } }));
    const differs = await storedDocument('K-REFUSE', sowTerms({ poNumber: 'PO-3' }));
    expect(await code(clerk, { documentId: '00000000-0000-4000-8000-000000000000' })).toBe('DOCUMENT_NOT_FOUND');
    expect(await code(clerk, { documentId: queued })).toBe('DOCUMENT_NOT_PROCESSED');
    expect(await code(clerk, { documentId: unlinked })).toBe('NO_CONTRACT_LINKED');
    expect(await code(clerk, { documentId: unlinked, contractId: '00000000-0000-4000-8000-000000000000' })).toBe(
      'CONTRACT_NOT_FOUND',
    );
    expect(await code(clerk, { documentId: differs, contractId: contractIds['K-SEL'] })).toBe(
      'DOCUMENT_OF_OTHER_CONTRACT',
    );
    expect(await code(clerk, { documentId: agrees })).toBe('NOTHING_TO_APPLY');
    expect(await code(clerk, { documentId: differs, fields: ['poNumber', 'endDate'] })).toBe('FIELDS_UNCHANGED');
    expect(
      await code(actor('clerk-b', ['billing_clerk'], null, ['00000000-0000-4000-8000-0000000000bb']), {
        documentId: differs,
      }),
    ).toBe('FORBIDDEN:ENTITY_OUT_OF_SCOPE');
    expect(await code(actor('auditor-1', ['auditor']), { documentId: differs })).toBe('FORBIDDEN:ROLE_NOT_PERMITTED');
    const s = await state('K-REFUSE');
    expect(s.contract.poNumber).toBeNull();
    expect(await auditRows(contractIds['K-REFUSE'])).toHaveLength(0);
  });

  it('refuses a rate change over time an issued invoice billed, and a currency change once the contract billed', async () => {
    await addTime(database, { person: 'SAM', project: 'K-BILLED-P', date: '2026-10-20', hours: '4' });
    await bill(database, '2026-10');
    const [draft] = await database.db.select().from(invoices).where(eq(invoices.contractId, contractIds['K-BILLED']));
    const rate = await storedDocument(
      'K-BILLED',
      sowTerms({
        rates: [{ role: 'Senior Consultant', amount: '250.00', unit: 'hour', currency: null, effectiveFrom: null }],
      }),
    );
    const preview = await previewDocumentTerms(database, ctx(clerk), { documentId: rate });
    expect(preview.ok && preview.value.blocker).toBeNull();
    await database.db.update(invoices).set({ status: 'approved' }).where(eq(invoices.id, draft!.id));
    const refused = await apply(clerk, { documentId: rate });
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'RATE_ALREADY_INVOICED',
      role: 'Senior Consultant',
      invoiceIds: [draft!.id],
    });
    const currency = await apply(clerk, {
      documentId: await storedDocument('K-BILLED', sowTerms({ currency: 'EUR' })),
    });
    expect(currency.ok ? null : currency.error.code).toBe('CURRENCY_LOCKED');
    expect((await state('K-BILLED')).contract.currency).toBe('USD');
  });

  it('changes the currency (and the invoice currency with it) while the contract has billed nothing', async () => {
    const applied = await approvedApply({
      documentId: await storedDocument(
        'K-CUR',
        sowTerms({
          currency: 'EUR',
          caps: [{ kind: 'not_to_exceed', amount: '5000.50', period: null, percentOfFees: null }],
        }),
      ),
    });
    expect(applied.ok, JSON.stringify(applied)).toBe(true);
    expect((await state('K-CUR')).contract).toMatchObject({
      currency: 'EUR',
      invoiceCurrency: 'EUR',
      notToExceedMinor: 500_050n,
    });
  });

  it('has one effect when two approved calls race', async () => {
    const terms = sowTerms({
      effectiveDate: '2026-07-01',
      rates: [{ role: 'Analyst', amount: '150.00', unit: 'hour', currency: null, effectiveFrom: '2026-07-01' }],
    });
    const documentId = await storedDocument('K-RACE', terms);
    const input = { documentId, fields: ['rates' as const] };
    expect((await grant(controller2, requestIdOf(await apply(clerk, input)))).ok).toBe(true);
    const results = await Promise.all([apply(clerk, input), apply(clerk, input)]);
    expect(results.map((r) => r.ok && r.value.alreadyApplied).sort()).toEqual([false, true]);
    const rows = await database.db
      .select()
      .from(rateCardEntries)
      .where(and(eq(rateCardEntries.contractId, contractIds['K-RACE']), eq(rateCardEntries.role, 'Analyst')));
    expect(rows.map((r) => [r.rate, r.effectiveFrom, r.effectiveTo]).sort()).toEqual([
      ['140.000000', '2026-01-01', '2026-06-30'],
      ['150.000000', '2026-07-01', null],
    ]);
    expect(await auditRows(contractIds['K-RACE'])).toHaveLength(1);
    expect(
      await database.db.select().from(milestones).where(eq(milestones.contractId, contractIds['K-RACE'])),
    ).toHaveLength(1);
  });

  it('applies extracted day and month rates in their unit, and billing reads 16 h at 8 h a day as 2 days at 1,150.00', async () => {
    const terms = sowTerms({
      effectiveDate: '2026-07-01',
      rates: [
        { role: 'Senior Consultant', amount: '1150.00', unit: 'day', currency: null, effectiveFrom: null },
        { role: 'Analyst', amount: '9000.00', unit: 'month', currency: null, effectiveFrom: null },
        { role: 'Partner', amount: '4000.00', unit: 'week', currency: null, effectiveFrom: null },
      ],
    });
    const documentId = await storedDocument('K-DAY', terms);
    const applied = await approvedApply({ documentId, fields: ['rates'] });
    expect(applied.ok, JSON.stringify(applied)).toBe(true);
    if (!applied.ok) return;
    expect(applied.value.applied.map((w) => [w.key, w.to, w.unit, w.effectiveFrom]).sort()).toEqual([
      ['Analyst', '9000.00', 'month', '2026-07-01'],
      ['Senior Consultant', '1150.00', 'day', '2026-07-01'],
    ]);
    expect((await state('K-DAY')).rates.filter((r) => r.role === 'Partner')).toEqual([]); // a week rate is not converted
    const rows = (await state('K-DAY')).rates
      .filter((r) => r.role === 'Senior Consultant')
      .map((r) => [r.rate, r.unit, r.effectiveFrom, r.effectiveTo]);
    expect(rows).toEqual([
      ['240.000000', 'hour', '2026-01-01', '2026-06-30'],
      ['1150.000000', 'day', '2026-07-01', null],
    ]);

    await addTime(database, { person: 'SAM', project: 'K-DAY-P', date: '2026-07-06', hours: '9' });
    await addTime(database, { person: 'SAM', project: 'K-DAY-P', date: '2026-07-07', hours: '7' });
    await addTime(database, { person: 'ANA', project: 'K-DAY-P', date: '2026-07-08', hours: '4' });
    await bill(database, '2026-07');
    const [inv] = await database.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.contractId, contractIds['K-DAY']), eq(invoices.period, '2026-07')));
    const lines = await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, inv!.id));
    // 16 h / 8 = 2 days × 1,150.00 = 2,300.00; the Analyst's month: 1 × 9,000.00; total 11,300.00 (US tax 0 %).
    expect(lines.map((l) => [l.role, Number(l.quantity), l.unit, l.amountMinor]).sort()).toEqual([
      ['Analyst', 1, 'month', 900_000n],
      ['Senior Consultant', 2, 'day', 230_000n],
    ]);
    expect(inv!.totalMinor).toBe(1_130_000n);
  });
});

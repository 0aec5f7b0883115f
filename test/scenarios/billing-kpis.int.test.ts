import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { billingExceptions, contracts } from '../../src/db/schema/index.ts';
import {
  approveInvoice,
  createCreditNote,
  postInvoice,
  rejectInvoice,
  submitInvoice,
} from '../../src/tools/invoices/lifecycle/index.ts';
import { billingKpis } from '../../src/tools/kpis/billing-kpis.ts';
import { grantApproval } from '../../src/tools/approvals/grant-approval.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { loadFirm } from '../helpers/firm.ts';
import { cast, ctxOf, insertInvoice, person, unwrap } from '../helpers/invoices.ts';

const APPROVED_AT = new Date('2026-11-03T12:00:00Z');
const AS_OF = new Date('2026-11-20T12:00:00Z');

describe('billingKpis', () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
    const at = ctxOf(cast.pm, APPROVED_AT);
    // October: approved 2.5 days after the period ended, first time.
    unwrap(
      await approveInvoice(database, at, {
        invoiceId: await insertInvoice(database, { totalMinor: 100_00n, period: '2026-10' }),
      }),
    );
    // September: rejected once, then approved 33.5 days after its period.
    const sep = await insertInvoice(database, { totalMinor: 100_00n, period: '2026-09' });
    unwrap(await rejectInvoice(database, ctxOf(cast.ctl, APPROVED_AT), { invoiceId: sep, reason: 'wrong PO' }));
    unwrap(await submitInvoice(database, ctxOf(cast.clerk, APPROVED_AT), { invoiceId: sep }));
    unwrap(await approveInvoice(database, at, { invoiceId: sep }));
    // August: approved 63.5 days after its period (September 1st to November 3rd, noon), then credited.
    const aug = await insertInvoice(database, { totalMinor: 100_00n, period: '2026-08' });
    unwrap(await approveInvoice(database, at, { invoiceId: aug }));
    unwrap(await postInvoice(database, ctxOf(cast.clerk, APPROVED_AT), { invoiceId: aug }));
    const later = ctxOf(cast.am, AS_OF);
    const asked = await createCreditNote(database, later, { invoiceId: aug, reason: 'goodwill' });
    unwrap(
      await grantApproval(database, ctxOf(cast.ctl, AS_OF), {
        requestId: !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '',
      }),
    );
    unwrap(await createCreditNote(database, later, { invoiceId: aug, reason: 'goodwill' }));
    // Exceptions: one open past its SLA, one open within it, one resolved.
    const [c] = await database.db.select().from(contracts).where(eq(contracts.code, 'C1'));
    const base = {
      type: 'rate_mismatch' as const,
      severity: 'warning' as const,
      ownerRole: 'billing_clerk',
      message: 'm',
      contractId: c!.id,
      slaHours: 72,
    };
    await database.db.insert(billingExceptions).values([
      { ...base, dedupeKey: 'k1', slaDueAt: new Date('2026-11-19T00:00:00Z') },
      {
        ...base,
        dedupeKey: 'k2',
        slaDueAt: new Date('2026-11-21T00:00:00Z'),
        severity: 'blocking',
        type: 'missing_rate',
      },
      { ...base, dedupeKey: 'k3', slaDueAt: new Date('2026-11-01T00:00:00Z'), status: 'resolved' },
    ]);
  });
  afterEach(async () => database.close());

  it('reports cycle time from period end to approval, first-pass accuracy and exceptions past SLA', async () => {
    const k = unwrap(await billingKpis(database, ctxOf(cast.auditor, AS_OF)));
    expect(k.billingCycleTime).toEqual({ invoices: 3, averageDays: 33.17, medianDays: 33.5, p90Days: 63.5 });
    expect(k.firstPassAccuracy).toEqual({ approved: 3, firstPass: 1, percent: 33.33 });
    expect(k.exceptions).toEqual({
      open: 2,
      pastSla: 1,
      bySeverity: {
        blocking: { open: 1, pastSla: 0 },
        warning: { open: 1, pastSla: 1 },
        info: { open: 0, pastSla: 0 },
      },
    });
  });

  it('counts only invoices approved inside the window', async () => {
    const k = unwrap(await billingKpis(database, ctxOf(cast.auditor, AS_OF), { from: '2026-11-04' }));
    expect(k.billingCycleTime.invoices).toBe(0);
    expect(k.firstPassAccuracy.percent).toBeNull();
  });

  it('sees only the legal entities the actor may see', async () => {
    const elsewhere = person('u-aud-eu', ['auditor'], ['00000000-0000-4000-8000-000000000001']);
    const k = unwrap(await billingKpis(database, ctxOf(elsewhere, AS_OF)));
    expect([k.billingCycleTime.invoices, k.exceptions.open]).toEqual([0, 0]);
    const [c] = await database.db.select().from(contracts).where(eq(contracts.code, 'C1'));
    expect(await billingKpis(database, ctxOf(elsewhere, AS_OF), { legalEntityId: c!.legalEntityId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { invoices } from '../../src/db/schema/index.ts';
import { verifyAudit } from '../../src/db/stores/audit-store.ts';
import { approveInvoice } from '../../src/db/usecases/approve-invoice.ts';
import { submitInvoice } from '../../src/db/usecases/submit-invoice.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { addTime, bill, loadFirm } from '../helpers/firm.ts';
import { cast, codeOf, ctxOf, unwrap } from '../helpers/invoices.ts';

describe('approveInvoice', () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
  });
  afterEach(async () => database.close());

  it('approves and numbers a clean draft after submission', async () => {
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '7.50' });
    await bill(database, '2026-10');
    const [draft] = await database.db.select().from(invoices);
    unwrap(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: draft!.id }));
    const r = unwrap(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: draft!.id }));
    expect(r).toMatchObject({ outcome: 'approved', number: 'TUS-000001', issueDate: '2026-11-26', dueDate: '2026-12-26' });
    expect(codeOf(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: draft!.id }))).toBe('INVALID_TRANSITION');
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });
});

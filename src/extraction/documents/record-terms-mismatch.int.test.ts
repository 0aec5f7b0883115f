import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { billingExceptions, contracts } from '../../db/schema/index.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { emptySowTerms } from '../sow-terms.ts';
import { insertDocumentOnce } from './store.ts';
import { recordTermsMismatch } from './record-terms-mismatch.ts';

describe('recordTermsMismatch', () => {
  let database: Database;
  let contractId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
    const [c] = await database.db.select().from(contracts).where(eq(contracts.code, 'C1'));
    contractId = c!.id;
  });
  afterAll(async () => database.close());

  const document = async (sha: string) =>
    (
      await insertDocumentOnce(database.db, {
        sha256: sha.repeat(64).slice(0, 64),
        contractId,
        fileName: 'sow.pdf',
        kind: 'pdf',
        sizeBytes: 10,
        pageCount: 1,
        content: Buffer.from('x'),
        pages: [],
        status: 'done',
      })
    ).row;

  it('raises one mismatch exception with a diff per field when the document disagrees with the contract', async () => {
    const doc = await document('a');
    const terms = {
      ...emptySowTerms('sow'),
      currency: 'EUR',
      paymentTerms: { netDays: 45, basis: 'invoice_date' as const },
    };
    const diffs = await recordTermsMismatch(database.db, doc, terms);
    expect(diffs.map((d) => d.field).sort()).toEqual(expect.arrayContaining(['currency', 'paymentTerms.netDays']));
    await recordTermsMismatch(database.db, doc, terms); // re-extraction: still one exception
    const ex = await database.db
      .select()
      .from(billingExceptions)
      .where(eq(billingExceptions.type, 'contract_terms_mismatch'));
    expect(ex).toHaveLength(1);
    expect(ex[0]!.status).toBe('open');
    expect((ex[0]!.details as { diffs: unknown[] }).diffs.length).toBe(diffs.length);
  });

  it('raises nothing when the document agrees with the contract record', async () => {
    const doc = await document('b');
    const diffs = await recordTermsMismatch(database.db, doc, { ...emptySowTerms('sow'), currency: 'USD' });
    expect(diffs).toEqual([]);
    const ex = await database.db
      .select()
      .from(billingExceptions)
      .where(eq(billingExceptions.dedupeKey, `contract_terms_mismatch:${doc.id}`));
    expect(ex).toHaveLength(0);
  });
});

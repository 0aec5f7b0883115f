import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../test/helpers/api.ts';
import { loadTwoEntityFirm } from '../../test/helpers/two-entity-firm.ts';
import { createApp } from './app.ts';
import { localEmbedder } from '../extraction/search/embedder.ts';
import { createDocumentProcessor } from '../extraction/documents/processor.ts';
import { builtinTermsExtractor } from '../extraction/documents/extract-terms.ts';
import { EMBEDDING_DIMENSIONS } from '../db/schema/documents.ts';

const SOW = `STATEMENT OF WORK SOW-2026-031
Effective Date: March 1, 2026
Fees. Client shall pay the Consultant at the rate of USD 185.00 per hour for a Consultant.
Travel expenses are reimbursed at cost with receipts.
Payment terms: net 30 days from the invoice date.`;

describe(`/documents on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let app: ReturnType<typeof createApp>;
  let processor: ReturnType<typeof createDocumentProcessor>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    const embedder = localEmbedder(EMBEDDING_DIMENSIONS);
    processor = createDocumentProcessor({ db: database.db, extractTerms: builtinTermsExtractor, embedder });
    app = createApp({ database, log: () => undefined, documents: { limits: { maxBytes: 1_000_000, maxPages: 50 }, processor, embedder } });
  });
  afterAll(async () => database?.close());

  const upload = (key: string | null, text = SOW) => {
    const form = new FormData();
    form.set('file', new Blob([text], { type: 'text/plain' }), 'sow.txt');
    return app.request('/documents', { method: 'POST', body: form, headers: key ? { authorization: `Bearer ${key}` } : {} });
  };

  it('refuses an upload without a key (401) and from a role that may not upload (403)', async () => {
    expect((await upload(null)).status).toBe(401);
    const res = await upload(users.key.auditor);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('stores, extracts and makes searchable a document a billing clerk uploads', async () => {
    const res = await upload(users.key.billing_clerk);
    expect(res.status).toBeLessThan(300);
    const { id } = (await res.json()) as { id: string };
    await processor.drain();
    const got = await app.request(`/documents/${id}`, { headers: { authorization: `Bearer ${users.key.auditor}` } });
    expect(got.status).toBe(200);
    const doc = (await got.json()) as { status: string; terms: { rates: { amount: string }[]; paymentTerms: { netDays: number } } };
    expect(doc.status).toBe('done');
    expect(doc.terms.rates[0]!.amount).toBe('185.00');
    expect(doc.terms.paymentTerms.netDays).toBe(30);
    const search = await app.request('/documents/search?q=travel%20expenses', { headers: { authorization: `Bearer ${users.key.account_manager}` } });
    expect(search.status).toBe(200);
    expect(JSON.stringify(await search.json())).toContain('Travel expenses');
  });
});

import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../../evals/extraction/render/pdf.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { loadFirm, smallFirm } from '../../../test/helpers/firm.ts';
import type { Database } from '../../db/client.ts';
import { clients, contracts } from '../../db/schema/index.ts';
import { documentChunks, documents } from '../../db/schema/documents.ts';
import { localEmbedder } from '../search/embedder.ts';
import { searchDocuments } from '../search/search-documents.ts';
import type { SowTerms } from '../sow-terms.ts';
import { builtinTermsExtractor } from './extract-terms.ts';
import { processDocument } from './process-document.ts';
import { createDocumentProcessor } from './processor.ts';
import { ensureDocumentTables } from './testing/ensure-document-tables.ts';
import { claimDocument, completeDocument, replaceChunks } from './store.ts';
import { uploadDocument } from '../../tools/documents/upload-document.ts';

const SOW = `# STATEMENT OF WORK SOW-41

Between Client One ("Client") and Test Advisory Inc. ("Consultant"). Effective as of 1 March 2026.

| Role | Hourly rate |
|---|---|
| Senior Consultant | $250.00 |

Payment is due within 30 days of the invoice date.

<!-- pagebreak -->

Reasonable travel expenses approved in advance are reimbursed at cost, capped at 10% of the fees invoiced.`;
const CHANGE_ORDER = `# CHANGE ORDER CO-2

With effect from 1 May 2026 the hourly rate for the Senior Consultant role increases from $250 to $275 per hour.`;
const OTHER_CLIENT_SOW = `# STATEMENT OF WORK SOW-99

Travel expenses are not reimbursed under this SOW. Payment is due within 45 days of the invoice date.`;

const embedder = localEmbedder(256);
const limits = { maxBytes: 5_000_000, maxPages: 50 };
let database: Database;
let clientId: string;
let otherClientId: string;
let contractId: string;
const extracted: SowTerms[] = [];
const deps = () => ({
  db: database.db,
  extractTerms: builtinTermsExtractor,
  embedder,
  onExtracted: async (_d: unknown, t: SowTerms) => void extracted.push(t),
});

beforeAll(async () => {
  database = await createTestDatabase();
  await ensureDocumentTables(database);
  const firm = smallFirm();
  await loadFirm(database, {
    ...firm,
    clients: [...firm.clients, { ...firm.clients[0]!, code: 'CL2', name: 'Client Two' }],
  });
  clientId = (await database.db.select().from(clients).where(eq(clients.code, 'CL1')))[0]!.id;
  otherClientId = (await database.db.select().from(clients).where(eq(clients.code, 'CL2')))[0]!.id;
  contractId = (await database.db.select().from(contracts).where(eq(contracts.code, 'C1')))[0]!.id;
});
afterAll(async () => database?.close());

const documentCount = async () => (await database.db.select({ n: count() }).from(documents))[0]!.n;

describe('uploadDocument and processDocument', () => {
  it('stores a document once by content hash, queues it once and recognises the same file again', async () => {
    const queued: string[] = [];
    const bytes = await renderPdf(SOW);
    const up = { db: database.db, limits, enqueue: (id: string) => void queued.push(id) };
    const first = await uploadDocument(up, { bytes, fileName: 'sow.pdf', clientId, contractId });
    const again = await uploadDocument(up, { bytes, fileName: 'copy-of-sow.pdf', clientId, contractId });
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect([first.value.duplicate, again.value.duplicate]).toEqual([false, true]);
    expect(again.value.document.id).toBe(first.value.document.id);
    expect(first.value.document).toMatchObject({ status: 'queued', kind: 'pdf', pageCount: 2, fileName: 'sow.pdf' });
    expect(queued).toEqual([first.value.document.id]);
  });

  it('refuses a corrupt file or an unknown link and writes nothing', async () => {
    const before = await documentCount();
    const up = { db: database.db, limits, enqueue: () => undefined };
    const corrupt = await uploadDocument(up, {
      bytes: (await renderPdf(SOW)).slice(0, 500),
      fileName: null,
      clientId,
      contractId: null,
    });
    const unknown = await uploadDocument(up, {
      bytes: await renderPdf(OTHER_CLIENT_SOW),
      fileName: null,
      clientId: '00000000-0000-4000-8000-000000000000',
      contractId: null,
    });
    const foreign = await uploadDocument(up, {
      bytes: await renderPdf(OTHER_CLIENT_SOW),
      fileName: null,
      clientId: otherClientId,
      contractId,
    });
    expect([corrupt, unknown, foreign].map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'CORRUPT_DOCUMENT',
      'UNKNOWN_CLIENT',
      'CONTRACT_OF_OTHER_CLIENT',
    ]);
    expect(await documentCount()).toBe(before);
  });

  it('extracts terms and proposed changes, indexes passages with pages, and skips a finished document', async () => {
    const processor = createDocumentProcessor(deps());
    const up = { db: database.db, limits, enqueue: (id: string) => processor.enqueue(id) };
    const sow = await uploadDocument(up, {
      bytes: await renderPdf(`${SOW}\n\nSchedule B applies.`),
      fileName: 'sow-b.pdf',
      clientId,
      contractId,
    });
    const co = await uploadDocument(up, {
      bytes: await renderPdf(CHANGE_ORDER),
      fileName: 'co.pdf',
      clientId,
      contractId,
    });
    await processor.drain();
    if (!sow.ok || !co.ok) throw new Error('upload failed');
    const [doc] = await database.db.select().from(documents).where(eq(documents.id, sow.value.document.id));
    expect(doc).toMatchObject({ status: 'done', extractor: 'builtin', error: null });
    expect(doc?.terms).toMatchObject({
      reference: 'SOW-41',
      currency: 'USD',
      paymentTerms: { netDays: 30, basis: 'invoice_date' },
    });
    const [coDoc] = await database.db.select().from(documents).where(eq(documents.id, co.value.document.id));
    expect(coDoc?.proposedChanges).toEqual([
      expect.objectContaining({
        status: 'proposed',
        field: 'rates',
        key: 'Senior Consultant',
        from: '250.00',
        to: '275.00',
        effectiveDate: '2026-05-01',
      }),
    ]);
    const chunks = await database.db
      .select()
      .from(documentChunks)
      .where(eq(documentChunks.documentId, sow.value.document.id));
    expect(chunks.map((c) => c.page)).toEqual(expect.arrayContaining([1, 2]));
    expect(chunks.every((c) => c.clientId === clientId && c.embeddingModel === embedder.model)).toBe(true);
    expect(extracted.map((t) => t.reference)).toEqual(expect.arrayContaining(['SOW-41', 'CO-2']));
    expect(await processDocument(deps(), sow.value.document.id)).toBe('skipped');
  });

  it('marks a document failed with a code when extraction throws', async () => {
    const up = { db: database.db, limits, enqueue: () => undefined };
    const r = await uploadDocument(up, {
      bytes: new TextEncoder().encode('STATEMENT OF WORK SOW-500\nNet 30.'),
      fileName: 'x.txt',
      clientId,
      contractId: null,
    });
    if (!r.ok) throw new Error(r.error.code);
    const failing = { ...deps(), extractTerms: async () => Promise.reject(new Error('model unavailable')) };
    expect(await processDocument(failing, r.value.document.id)).toBe('failed');
    const [doc] = await database.db.select().from(documents).where(eq(documents.id, r.value.document.id));
    expect(doc).toMatchObject({ status: 'failed', error: { code: 'EXTRACTION_FAILED', message: 'model unavailable' } });
  });
});

describe('searchDocuments', () => {
  it("answers a question with the passage and page from the client's documents only", async () => {
    const processor = createDocumentProcessor(deps());
    const up = { db: database.db, limits, enqueue: (id: string) => processor.enqueue(id) };
    await uploadDocument(up, {
      bytes: await renderPdf(OTHER_CLIENT_SOW),
      fileName: 'other.pdf',
      clientId: otherClientId,
      contractId: null,
    });
    await processor.drain();
    const hits = await searchDocuments(database.db, embedder, {
      query: 'what does the SOW say about travel expenses?',
      clientId,
      limit: 3,
    });
    expect(hits[0]).toMatchObject({ page: 2, fileName: expect.stringMatching(/^sow/) });
    expect(hits[0]?.text).toContain('travel expenses approved in advance');
    expect(hits.every((h) => h.fileName !== 'other.pdf')).toBe(true);
    const other = await searchDocuments(database.db, embedder, {
      query: 'travel expenses',
      clientId: otherClientId,
      limit: 3,
    });
    expect(other.map((h) => h.fileName)).toEqual(['other.pdf']);
  });

  it('finds no passage of a document still in processing, though its passages are written', async () => {
    const up = await uploadDocument(
      { db: database.db, limits, enqueue: () => undefined },
      {
        bytes: new TextEncoder().encode('Hotel nights in Reykjavik are reimbursed up to 180 euros a night.'),
        fileName: 'half-done.txt',
        clientId,
        contractId: null,
      },
    );
    if (!up.ok) throw new Error(up.error.message);
    const row = await claimDocument(database.db, up.value.document.id);
    const [vector] = await embedder.embed(['Hotel nights in Reykjavik are reimbursed up to 180 euros a night.']);
    await replaceChunks(database.db, row!, embedder.model, [
      {
        ordinal: 0,
        page: 1,
        text: 'Hotel nights in Reykjavik are reimbursed up to 180 euros a night.',
        embedding: vector!,
        searchLanguage: 'english',
      },
    ]);
    const query = { query: 'hotel nights Reykjavik', clientId, limit: 3 };
    expect((await searchDocuments(database.db, embedder, query)).map((h) => h.fileName)).not.toContain('half-done.txt');
    await completeDocument(database.db, row!, {
      extractor: 'builtin',
      terms: {},
      proposedChanges: [],
      disagreements: [],
    });
    expect((await searchDocuments(database.db, embedder, query))[0]?.fileName).toBe('half-done.txt');
  });
});

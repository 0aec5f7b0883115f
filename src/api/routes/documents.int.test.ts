import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../../evals/extraction/render/pdf.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import type { Database } from '../../db/client.ts';
import { clients } from '../../db/schema/index.ts';
import { builtinTermsExtractor } from '../../extraction/documents/extract-terms.ts';
import { createDocumentProcessor, type DocumentProcessor } from '../../extraction/documents/processor.ts';
import { ensureDocumentTables } from '../../extraction/documents/testing/ensure-document-tables.ts';
import { localEmbedder } from '../../extraction/search/embedder.ts';
import { onError } from '../error-map.ts';
import { documentRoutes } from './documents.ts';

const SOW = `# STATEMENT OF WORK SOW-12

Between Client One ("Client") and Test Advisory Inc. ("Consultant").

Consultant is paid $180 per hour. Payment is due net 30 days from the invoice date.

<!-- pagebreak -->

Travel expenses are reimbursed at cost when approved in advance by the Client.`;

let database: Database;
let processor: DocumentProcessor;
let app: Hono;
let clientId: string;
const embedder = localEmbedder(256);

beforeAll(async () => {
  database = await createTestDatabase();
  await ensureDocumentTables(database);
  await loadFirm(database);
  clientId = (await database.db.select().from(clients).where(eq(clients.code, 'CL1')))[0]!.id;
  processor = createDocumentProcessor({ db: database.db, extractTerms: builtinTermsExtractor, embedder });
  app = new Hono();
  app.onError((e, c) => onError(e, c, () => undefined));
  app.route('/documents', documentRoutes({ database, limits: { maxBytes: 200_000, maxPages: 10 }, processor, embedder }));
});
afterAll(async () => database?.close());

const upload = (bytes: Uint8Array | string, fields: Record<string, string> = {}, name = 'upload.bin') => {
  const form = new FormData();
  form.append('file', new File([typeof bytes === 'string' ? bytes : Buffer.from(bytes)], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return app.request('/documents', { method: 'POST', body: form });
};

describe('documentRoutes', () => {
  it('accepts a PDF for asynchronous processing, then serves its status and SowTerms', async () => {
    const res = await upload(await renderPdf(SOW), { clientId }, 'sow.docx');
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status: string; duplicate: boolean; kind: string };
    expect(body).toMatchObject({ status: 'queued', duplicate: false, kind: 'pdf' });
    await processor.drain();
    const got = await app.request(`/documents/${body.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ status: 'done', clientId, terms: { schema: 'sow-terms-v1', reference: 'SOW-12', paymentTerms: { netDays: 30 } } });
  });

  it('recognises the same file uploaded twice', async () => {
    const bytes = await renderPdf(`${SOW}\n\nCopy test.`);
    const first = (await (await upload(bytes, { clientId })).json()) as { id: string };
    const second = await upload(bytes, { clientId });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ id: first.id, duplicate: true });
  });

  it('refuses bad files with a 4xx code, message and details', async () => {
    const cases: Array<[Uint8Array | string, number, string]> = [
      ['', 422, 'EMPTY_DOCUMENT'],
      [(await renderPdf(SOW)).slice(0, 400), 422, 'CORRUPT_DOCUMENT'],
      [await renderPdf(SOW, { userPassword: 'pw' }), 422, 'ENCRYPTED_DOCUMENT'],
      [await renderPdf(SOW, { imageOnly: true }), 422, 'IMAGE_ONLY_DOCUMENT'],
      [new Uint8Array([0, 159, 146, 150, 0, 1, 2]), 415, 'UNSUPPORTED_DOCUMENT_TYPE'],
      [await renderPdf(Array.from({ length: 12 }, (_, i) => `Page ${i + 1}`).join('\n\n<!-- pagebreak -->\n\n')), 413, 'TOO_MANY_PAGES'],
      ['x'.repeat(300_000), 413, 'DOCUMENT_TOO_LARGE'],
    ];
    for (const [bytes, status, code] of cases) {
      const res = await upload(bytes);
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([status, code]);
    }
    const bad = await upload('hello', { clientId: '00000000-0000-4000-8000-000000000000' });
    expect(await bad.json()).toMatchObject({ code: 'UNKNOWN_CLIENT', message: expect.any(String), details: { clientId: expect.any(String) } });
  });

  it('validates requests and ids', async () => {
    const noFile = await app.request('/documents', { method: 'POST', body: new FormData() });
    expect([noFile.status, ((await noFile.json()) as { code: string }).code]).toEqual([400, 'VALIDATION_FAILED']);
    const json = await app.request('/documents', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(415);
    expect((await app.request('/documents/not-a-uuid')).status).toBe(400);
    const missing = await app.request('/documents/00000000-0000-4000-8000-000000000000');
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([404, 'DOCUMENT_NOT_FOUND']);
    expect((await app.request('/documents/search')).status).toBe(400);
  });

  it('answers a search with passages and their pages', async () => {
    const res = await app.request(`/documents/search?q=${encodeURIComponent('what does the SOW say about travel expenses')}&clientId=${clientId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Array<{ page: number; text: string; score: number }> };
    expect(body.items[0]).toMatchObject({ page: 2, text: expect.stringContaining('Travel expenses are reimbursed') });
    expect(body.items[0]!.score).toBeGreaterThan(0);
  });
});

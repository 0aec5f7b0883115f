import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../../evals/extraction/render/pdf.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import type { Database } from '../../db/client.ts';
import { auditLog, clients, contracts, idempotencyKeys } from '../../db/schema/index.ts';
import { builtinTermsExtractor } from '../../extraction/documents/extract-terms.ts';
import { createDocumentProcessor, type DocumentProcessor } from '../../extraction/documents/processor.ts';
import { localEmbedder } from '../../extraction/search/embedder.ts';
import { createApp } from '../app.ts';
import { formFingerprint, requestHash } from '../idempotency.ts';

const SOW = `# STATEMENT OF WORK SOW-12

Between Client A ("Client") and Test Advisory Inc. ("Consultant").

Consultant is paid $180 per hour. Payment is due net 30 days from the invoice date.

<!-- pagebreak -->

Travel expenses are reimbursed at cost when approved in advance by the Client.`;

const MAX_BYTES = 200_000;
let database: Database;
let processor: DocumentProcessor;
let app: ReturnType<typeof createApp>;
let users: TestUsers;
let clientA: string;
let clientB: string;
const embedder = localEmbedder(256);

beforeAll(async () => {
  database = await createTestDatabase();
  await loadTwoEntityFirm(database);
  users = await createTestUsers(database, 'LE-B');
  const idOf = async (code: string) => (await database.db.select().from(clients).where(eq(clients.code, code)))[0]!.id;
  [clientA, clientB] = [await idOf('CL-A'), await idOf('CL-B')];
  processor = createDocumentProcessor({ db: database.db, extractTerms: builtinTermsExtractor, embedder });
  app = createApp({
    database,
    log: () => undefined,
    documents: { limits: { maxBytes: MAX_BYTES, maxPages: 10 }, processor, embedder },
  });
});
afterAll(async () => database?.close());

const auth = (key: string | undefined = users.key.billing_clerk) => ({ authorization: `Bearer ${key}` });
const form = (bytes: Uint8Array | string, fields: Record<string, string> = {}, name = 'upload.bin') => {
  const f = new FormData();
  f.append('file', new File([typeof bytes === 'string' ? bytes : Buffer.from(bytes)], name));
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};
const upload = (
  bytes: Uint8Array | string,
  fields: Record<string, string> = {},
  opts: { name?: string; key?: string; headers?: Record<string, string> } = {},
) =>
  app.request('/documents', {
    method: 'POST',
    body: form(bytes, fields, opts.name),
    headers: { ...auth(opts.key), ...opts.headers },
  });
const get = (path: string, key?: string) => app.request(path, { headers: auth(key) });
const codeOf = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];

describe(`POST /documents, GET /documents/:id and /documents/search on ${backend}`, () => {
  it('accepts a PDF for asynchronous processing, then serves its status and SowTerms', async () => {
    const res = await upload(await renderPdf(SOW), { clientId: clientA }, { name: 'sow.docx' });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status: string; duplicate: boolean; kind: string };
    expect(body).toMatchObject({ status: 'queued', duplicate: false, kind: 'pdf' });
    await processor.drain();
    const got = await get(`/documents/${body.id}`, users.key.auditor);
    expect(got.status).toBe(200);
    const doc = (await got.json()) as { terms: { evidence: Array<{ field: string; confidence?: number }> } };
    expect(doc).toMatchObject({
      status: 'done',
      clientId: clientA,
      terms: { schema: 'sow-terms-v1', reference: 'SOW-12', paymentTerms: { netDays: 30 } },
    });
    // Every value says how sure the extractor is of it.
    expect(doc.terms.evidence.find((e) => e.field === 'paymentTerms.netDays')?.confidence).toBe(0.9);
    expect(
      doc.terms.evidence.every((e) => typeof e.confidence === 'number' && e.confidence > 0 && e.confidence <= 1),
    ).toBe(true);
  });

  it('answers a search with passages and their pages', async () => {
    const res = await get(
      `/documents/search?q=${encodeURIComponent('what does the SOW say about travel expenses')}&clientId=${clientA}`,
      users.key.account_manager,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Array<{ page: number; text: string; score: number }> };
    expect(body.items[0]).toMatchObject({ page: 2, text: expect.stringContaining('Travel expenses are reimbursed') });
    expect(body.items[0]!.score).toBeGreaterThan(0);
  });

  it('pages a search: the next page starts where the first ended, and the last page has no next offset', async () => {
    const search = async (offset: number) =>
      (await (
        await get(
          `/documents/search?q=${encodeURIComponent('payment terms and expenses')}&clientId=${clientA}&limit=1&offset=${offset}`,
          users.key.account_manager,
        )
      ).json()) as {
        items: { documentId: string; page: number; text: string }[];
        page: { limit: number; offset: number; nextOffset: number | null };
      };
    const first = await search(0);
    expect(first.page).toEqual({ limit: 1, offset: 0, nextOffset: 1 });
    const second = await search(1);
    expect(second.items).toHaveLength(1);
    expect(second.items[0]).not.toEqual(first.items[0]);
    const all = (await (
      await get(
        `/documents/search?q=${encodeURIComponent('payment terms and expenses')}&clientId=${clientA}&limit=50`,
        users.key.account_manager,
      )
    ).json()) as { items: unknown[]; page: { nextOffset: number | null } };
    expect(all.items.slice(0, 2)).toEqual([first.items[0], second.items[0]]);
    expect(all.page.nextOffset).toBeNull();
    const past = await search(all.items.length);
    expect(past).toMatchObject({ items: [], page: { nextOffset: null } });
  });

  it('recognises the same file uploaded twice, and audits the upload that stored it once', async () => {
    const bytes = await renderPdf(`${SOW}\n\nCopy test.`);
    const first = (await (await upload(bytes, { clientId: clientA })).json()) as { id: string };
    const second = await upload(bytes, { clientId: clientA });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ id: first.id, duplicate: true });
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.targetId, first.id));
    expect(rows).toMatchObject([
      { action: 'document.upload', targetType: 'document', after: { clientId: clientA, kind: 'pdf' } },
    ]);
  });

  it('refuses bad files with a 4xx code, message and details', async () => {
    const cases: Array<[Uint8Array | string, number, string]> = [
      ['', 422, 'EMPTY_DOCUMENT'],
      [(await renderPdf(SOW)).slice(0, 400), 422, 'CORRUPT_DOCUMENT'],
      [await renderPdf(SOW, { userPassword: 'pw' }), 422, 'ENCRYPTED_DOCUMENT'],
      [await renderPdf(SOW, { imageOnly: true }), 422, 'IMAGE_ONLY_DOCUMENT'],
      [new Uint8Array([0, 159, 146, 150, 0, 1, 2]), 415, 'UNSUPPORTED_DOCUMENT_TYPE'],
      [
        await renderPdf(Array.from({ length: 12 }, (_, i) => `Page ${i + 1}`).join('\n\n<!-- pagebreak -->\n\n')),
        413,
        'TOO_MANY_PAGES',
      ],
      // Over the file limit but within the multipart slack: read, then refused by the text reader.
      ['x'.repeat(300_000), 413, 'DOCUMENT_TOO_LARGE'],
      // Over the body limit: refused while the body is read.
      ['x'.repeat(600_000), 413, 'DOCUMENT_TOO_LARGE'],
    ];
    for (const [bytes, status, code] of cases) expect(await codeOf(await upload(bytes))).toEqual([status, code]);
    const bad = await upload('hello', { clientId: '00000000-0000-4000-8000-000000000000' });
    expect(await bad.json()).toMatchObject({
      code: 'UNKNOWN_CLIENT',
      message: expect.any(String),
      details: { client: '00000000-0000-4000-8000-000000000000' },
    });
    expect(await codeOf(await upload('hello', { client: 'NO-SUCH-CLIENT' }))).toEqual([422, 'UNKNOWN_CLIENT']);
    expect(await codeOf(await upload('hello', { contract: 'NO-SUCH-CONTRACT' }))).toEqual([422, 'UNKNOWN_CONTRACT']);
    expect(await codeOf(await upload('hello', { client: 'CL-A', clientId: clientA }))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
  });

  it('takes the client and the contract by code like the other routes, and still by id', async () => {
    const byCode = await upload('STATEMENT OF WORK SOW-CODES\nTravel is billed at cost.', { client: 'CL-A' });
    expect(byCode.status).toBe(202);
    expect(await byCode.json()).toMatchObject({ clientId: clientA });
    const byIdField = await upload('STATEMENT OF WORK SOW-CODES-2\nTravel is billed at cost.', { clientId: 'CL-A' });
    expect(await byIdField.json()).toMatchObject({ clientId: clientA });
  });

  it("links a document uploaded for a contract to the contract's client", async () => {
    const [contract] = await database.db.select().from(contracts).where(eq(contracts.clientId, clientA)).limit(1);
    const byCode = await upload('STATEMENT OF WORK SOW-CONTRACT\nTravel is billed at cost.', {
      contract: contract!.code,
    });
    expect(byCode.status).toBe(202);
    const body = (await byCode.json()) as { id: string };
    expect(body).toMatchObject({ contractId: contract!.id, clientId: clientA });
    expect(await (await get(`/documents/${body.id}`)).json()).toMatchObject({ clientId: clientA });
    const byId = await upload('STATEMENT OF WORK SOW-CONTRACT-2\nTravel is billed at cost.', {
      contractId: contract!.id,
    });
    expect(await byId.json()).toMatchObject({ contractId: contract!.id, clientId: clientA });
  });

  it('refuses a body over the limit before reading it whole: by its Content-Length unread, and a stream once it passes the limit', async () => {
    let pulled = 0;
    const total = 4_000_000;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += 65_536;
        controller.enqueue(new Uint8Array(65_536));
      },
    });
    const headers = { ...auth(), 'content-type': 'multipart/form-data; boundary=x' };
    const streamed = await app.request('/documents', {
      method: 'POST',
      body: stream,
      headers,
      duplex: 'half',
    } as RequestInit);
    expect(await codeOf(streamed)).toEqual([413, 'DOCUMENT_TOO_LARGE']);
    expect(pulled).toBeLessThan(total / 4);

    let touched = false;
    const unread = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          touched = true;
          controller.enqueue(new Uint8Array(10));
        },
      },
      { highWaterMark: 0 },
    );
    const declared = await app.request('/documents', {
      method: 'POST',
      body: unread,
      headers: { ...headers, 'content-length': String(total) },
      duplex: 'half',
    } as RequestInit);
    expect(await codeOf(declared)).toEqual([413, 'DOCUMENT_TOO_LARGE']);
    expect(touched).toBe(false);
  });

  it('validates requests and ids', async () => {
    const noFile = await app.request('/documents', { method: 'POST', body: new FormData(), headers: auth() });
    expect(await codeOf(noFile)).toEqual([400, 'VALIDATION_FAILED']);
    const json = await app.request('/documents', {
      method: 'POST',
      body: '{}',
      headers: { ...auth(), 'content-type': 'application/json' },
    });
    expect(await codeOf(json)).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const broken = await app.request('/documents', {
      method: 'POST',
      body: '--x\r\nnot a part',
      headers: { ...auth(), 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(await codeOf(broken)).toEqual([400, 'MALFORMED_MULTIPART']);
    expect((await get('/documents/not-a-uuid')).status).toBe(400);
    expect(await codeOf(await get('/documents/00000000-0000-4000-8000-000000000000'))).toEqual([
      404,
      'DOCUMENT_NOT_FOUND',
    ]);
    expect((await get('/documents/search')).status).toBe(400);
  });
});

describe(`POST /documents with an Idempotency-Key on ${backend}`, () => {
  const keyed = (key: string) => ({ 'idempotency-key': key });

  it('replays the first response for the same key and the same file and fields instead of running the upload again', async () => {
    const text = 'STATEMENT OF WORK SOW-IDEM-1\nPayment terms: net 45 days.';
    const first = await upload(text, { clientId: clientA }, { headers: keyed('doc-k1') });
    expect(first.status).toBe(202);
    const firstBody = await first.text();
    // Run again, the upload would answer 200 duplicate: true; the replay is the first 202.
    const again = await upload(text, { clientId: clientA }, { headers: keyed('doc-k1') });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(firstBody);
    expect(JSON.parse(firstBody)).toMatchObject({ duplicate: false });
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another file, another field or another file name', async () => {
    const text = 'STATEMENT OF WORK SOW-IDEM-2\nPayment terms: net 15 days.';
    expect((await upload(text, { clientId: clientA }, { headers: keyed('doc-k2'), name: 'a.txt' })).status).toBe(202);
    for (const [bytes, fields, name] of [
      [`${text} `, { clientId: clientA }, 'a.txt'],
      [text, {}, 'a.txt'],
      [text, { clientId: clientA }, 'b.txt'],
    ] as const) {
      expect(await codeOf(await upload(bytes, fields, { headers: keyed('doc-k2'), name }))).toEqual([
        422,
        'IDEMPOTENCY_KEY_REUSED',
      ]);
    }
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS while the first upload with the key is still running', async () => {
    const text = 'STATEMENT OF WORK SOW-IDEM-3';
    const f = form(text, { clientId: clientA }, 'c.txt');
    const userId = users.ids[users.email('billing_clerk')]!;
    await database.db
      .insert(idempotencyKeys)
      .values({ userId, key: 'doc-k3', requestHash: requestHash('POST', '/documents', await formFingerprint(f)) });
    const res = await app.request('/documents', {
      method: 'POST',
      body: f,
      headers: { ...auth(), ...keyed('doc-k3') },
    });
    expect(await codeOf(res)).toEqual([409, 'IDEMPOTENCY_IN_PROGRESS']);
  });

  it('claims no key for a body that is not a form, so the key still works for the real upload', async () => {
    const json = await app.request('/documents', {
      method: 'POST',
      body: '{}',
      headers: { ...auth(), ...keyed('doc-k4'), 'content-type': 'application/json' },
    });
    expect(json.status).toBe(415);
    expect((await upload('STATEMENT OF WORK SOW-IDEM-4', {}, { headers: keyed('doc-k4') })).status).toBe(202);
  });
});

describe(`/documents entity scope on ${backend}`, () => {
  let docA: string;
  let unlinked: string;
  beforeAll(async () => {
    docA = (
      (await (
        await upload('STATEMENT OF WORK SOW-SCOPE-A\nTravel is billed at cost.', { clientId: clientA })
      ).json()) as { id: string }
    ).id;
    unlinked = (
      (await (await upload('STATEMENT OF WORK SOW-SCOPE-NONE\nTravel is billed at cost.')).json()) as { id: string }
    ).id;
    await processor.drain();
  });

  it("lets a user limited to entity B read and upload B's documents", async () => {
    const res = await upload(
      'STATEMENT OF WORK SOW-SCOPE-B\nTravel is billed at cost.',
      { clientId: clientB },
      { key: users.scopedKey.billing_clerk },
    );
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect((await get(`/documents/${id}`, users.scopedKey.auditor)).status).toBe(200);
  });

  it("answers 403 ENTITY_OUT_OF_SCOPE to a user limited to entity B for A's documents, firm-wide ones and an upload that names A's client", async () => {
    expect(await codeOf(await get(`/documents/${docA}`, users.scopedKey.auditor))).toEqual([
      403,
      'ENTITY_OUT_OF_SCOPE',
    ]);
    expect(await codeOf(await get(`/documents/${unlinked}`, users.scopedKey.auditor))).toEqual([
      403,
      'ENTITY_OUT_OF_SCOPE',
    ]);
    expect(
      await codeOf(
        await upload('STATEMENT OF WORK SOW-SCOPE-A2', { clientId: clientA }, { key: users.scopedKey.billing_clerk }),
      ),
    ).toEqual([403, 'ENTITY_OUT_OF_SCOPE']);
    expect(
      await codeOf(await upload('STATEMENT OF WORK SOW-SCOPE-NONE2', {}, { key: users.scopedKey.billing_clerk })),
    ).toEqual([403, 'ENTITY_OUT_OF_SCOPE']);
    // The same bytes as A's document, uploaded for B: the stored copy is A's, and stays hidden.
    expect(
      await codeOf(
        await upload(
          'STATEMENT OF WORK SOW-SCOPE-A\nTravel is billed at cost.',
          { clientId: clientB },
          { key: users.scopedKey.billing_clerk },
        ),
      ),
    ).toEqual([403, 'ENTITY_OUT_OF_SCOPE']);
    expect(await codeOf(await get(`/documents/search?q=travel&clientId=${clientA}`, users.scopedKey.auditor))).toEqual([
      403,
      'ENTITY_OUT_OF_SCOPE',
    ]);
    expect(await codeOf(await get('/documents/search?q=travel&legalEntity=LE-A', users.scopedKey.auditor))).toEqual([
      403,
      'ENTITY_OUT_OF_SCOPE',
    ]);
  });

  it('searches only the documents of the caller’s entities when no client is named', async () => {
    await processor.drain();
    const ids = async (key: string) =>
      (
        (await (await get('/documents/search?q=travel%20billed%20at%20cost&limit=50', key)).json()) as {
          items: { documentId: string }[];
        }
      ).items.map((i) => i.documentId);
    const everyone = await ids(users.key.auditor);
    expect(everyone).toEqual(expect.arrayContaining([docA, unlinked]));
    const scoped = await ids(users.scopedKey.auditor);
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped).not.toContain(docA);
    expect(scoped).not.toContain(unlinked);
  });
});

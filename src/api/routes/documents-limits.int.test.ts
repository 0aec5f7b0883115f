import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { documents } from '../../db/schema/index.ts';
import { documentLimits, stopDocumentWorker, warmUpDocumentWorker } from '../../extraction/text/extract-text.ts';
import { docxRunsBomb, docxTextBomb, pdfTextBomb } from '../../extraction/text/testing/bombs.ts';
import { localEmbedder } from '../../extraction/search/embedder.ts';
import { createApp } from '../app.ts';

/**
 * Decompression bombs against POST /documents with the default document limits (only the upload
 * size is raised, for the 19 MB text). Each is refused with a typed 413, stores nothing, and the
 * process's memory stays within MEMORY_BOUND of what it used before: before the limits, the DOCX
 * killed the server (heap out of memory) and the PDF took 3.3 GB.
 */
const MEMORY_BOUND = 256 * 1024 * 1024;
const limits = { ...documentLimits(loadConfig({})), maxBytes: 25 * 1024 * 1024 };

let database: Database;
let app: ReturnType<typeof createApp>;
let users: TestUsers;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadTwoEntityFirm(database);
  users = await createTestUsers(database, 'LE-B');
  app = createApp({
    database,
    log: () => undefined,
    documents: { limits, processor: { enqueue: () => undefined }, embedder: localEmbedder(256) },
  });
  await warmUpDocumentWorker(limits);
});
afterAll(async () => {
  await stopDocumentWorker();
  await database?.close();
});

const upload = (bytes: Uint8Array, name: string) => {
  const form = new FormData();
  form.append('file', new File([Buffer.from(bytes)], name));
  return app.request('/documents', {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${users.key.billing_clerk}` },
  });
};
const stored = async () => (await database.db.select({ n: count() }).from(documents))[0]!.n;

/** Uploads the bytes while sampling the process's RSS and asking GET /health; the answer, the RSS growth and whether /health answered first. */
async function uploadWatched(bytes: Uint8Array, name: string) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  let settled = false;
  const pending = Promise.resolve(upload(bytes, name)).finally(() => (settled = true));
  const health = await app.request('/health');
  const healthFirst = health.status === 200 && !settled;
  const res = await pending;
  clearInterval(sampler);
  return {
    status: res.status,
    body: (await res.json()) as { code: string; details: Record<string, unknown> },
    growth: peak - before,
    healthFirst,
  };
}

describe(`POST /documents refuses decompression bombs on ${backend}`, () => {
  it('refuses a 1 MB DOCX of 33 million text runs with 413 DOCUMENT_TOO_COMPLEX, stores nothing and keeps answering', async () => {
    const bomb = docxRunsBomb(400);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = await stored();
    const r = await uploadWatched(bomb, 'runs.docx');
    expect([r.status, r.body.code]).toEqual([413, 'DOCUMENT_TOO_COMPLEX']);
    expect(r.body.details).toMatchObject({ maxXmlElements: limits.maxXmlElements });
    expect(r.healthFirst).toBe(true);
    expect(r.growth).toBeLessThan(MEMORY_BOUND);
    expect(await stored()).toBe(before);
  });

  it('refuses a DOCX holding 1 GiB of text with 413 DOCUMENT_TEXT_TOO_LONG and stores nothing', async () => {
    const before = await stored();
    const r = await uploadWatched(docxTextBomb(1024), 'text.docx');
    expect([r.status, r.body.code]).toEqual([413, 'DOCUMENT_TEXT_TOO_LONG']);
    expect(r.growth).toBeLessThan(MEMORY_BOUND);
    expect(await stored()).toBe(before);
  });

  it('refuses a 600 KB PDF whose content stream inflates to 200 MB of text with 413 DOCUMENT_TEXT_TOO_LONG and stores nothing', async () => {
    const before = await stored();
    const r = await uploadWatched(pdfTextBomb(200), 'bomb.pdf');
    expect([r.status, r.body.code]).toEqual([413, 'DOCUMENT_TEXT_TOO_LONG']);
    expect(r.body.details).toMatchObject({ maxTextChars: limits.maxTextChars });
    expect(r.healthFirst).toBe(true);
    expect(r.growth).toBeLessThan(MEMORY_BOUND);
    expect(await stored()).toBe(before);
  });

  it('refuses a 19 MB plain text with 413 DOCUMENT_TEXT_TOO_LONG and stores nothing', async () => {
    const before = await stored();
    const text = 'Consultant is paid $180 per hour. Payment is due net 30 days.\n'.repeat(300_000);
    const r = await uploadWatched(new TextEncoder().encode(text), 'huge.txt');
    expect([r.status, r.body.code]).toEqual([413, 'DOCUMENT_TEXT_TOO_LONG']);
    expect(r.body.details).toMatchObject({ chars: text.length, maxTextChars: limits.maxTextChars });
    expect(r.growth).toBeLessThan(MEMORY_BOUND);
    expect(await stored()).toBe(before);
  });
});

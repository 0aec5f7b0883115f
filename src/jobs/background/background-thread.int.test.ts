import { mkdtemp, rm } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { addTime, loadFirm } from '../../../test/helpers/firm.ts';
import { migrateDatabase, openDatabase, type Database } from '../../db/client.ts';
import { billingRuns, invoiceLines, invoices } from '../../db/schema/index.ts';
import { documents } from '../../db/schema/documents.ts';
import { BillingRunFailed, runBillingRequest, type BillingRunRequest } from '../../db/stores/billing-run-request.ts';
import { uploadDocument } from '../../tools/documents/upload-document.ts';
import { SYSTEM_PREPARER } from '../../billing/billing-run/run-billing.ts';
import { backgroundThreadFor, type BackgroundThread } from './background-thread.ts';

/**
 * The server's background thread on the database under test: PostgreSQL (DATABASE_URL), or an
 * embedded folder served on its socket as `npm start` serves it.
 */
let database: Database;
let folder: string | null = null;
let thread: BackgroundThread;
const logged: { msg: string; meta: Record<string, unknown> }[] = [];
const request = (over: Partial<BillingRunRequest> = {}): BillingRunRequest => ({
  period: '2026-03',
  trigger: 'test',
  preparedBy: SYSTEM_PREPARER,
  entityId: null,
  ...over,
});

beforeAll(async () => {
  if (process.env.DATABASE_URL) database = await createTestDatabase();
  else {
    folder = await mkdtemp(path.join(tmpdir(), 'bc-background-'));
    database = await openDatabase({
      dataDir: path.join(folder, 'data'),
      serve: true,
      holder: { role: 'server', command: 'test' },
    });
    await migrateDatabase(database);
  }
  await loadFirm(database);
  for (const [person, date, hours] of [
    ['ANA', '2026-03-02', '8.00'],
    ['SAM', '2026-03-03', '6.50'],
    ['ANA', '2026-03-04', '2.25'],
  ] as const) {
    await addTime(database, { person, project: 'C1-P', date, hours });
  }
  thread = backgroundThreadFor(database, (msg, meta) => void logged.push({ msg, meta }))!;
}, 60_000);

afterAll(async () => {
  await thread?.close();
  await database?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const draftOf = async (runId: string) => {
  const [invoice] = await database.db.select().from(invoices).where(eq(invoices.period, '2026-03'));
  const lines = await database.db
    .select({ description: invoiceLines.description, amountMinor: invoiceLines.amountMinor })
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoice!.id));
  const [run] = await database.db.select().from(billingRuns).where(eq(billingRuns.id, runId));
  return {
    totalMinor: invoice!.totalMinor,
    lines: lines.map((l) => `${l.description} ${l.amountMinor}`).sort(),
    run: run!.status,
  };
};

describe(`background thread (${process.env.DATABASE_URL ? 'postgres' : 'pglite served on its socket'})`, () => {
  it('is offered where another thread can reach the database, and not for PGlite in this thread', async () => {
    expect(thread).not.toBeNull();
    expect(database.reachableAs).toEqual(
      process.env.DATABASE_URL ? { databaseUrl: expect.any(String) } : { socketDir: database.socketDir },
    );
    const { reachableAs: _, ...inThisThreadOnly } = database;
    expect(backgroundThreadFor(inThisThreadOnly, () => undefined)).toBeNull();
  });

  it('runs billing in the thread with the same result as in this one, reporting progress', async () => {
    const progress: number[] = [];
    const there = await thread.billing.run(request(), (p) => void progress.push(p.contractsDone));
    if (!there.ok) throw new Error(there.error.message);
    // 8 h + 2.25 h of the Analyst at 140.00, 6.5 h of the Senior Consultant at 240.00.
    expect(there.value).toMatchObject({ invoicesWritten: 1, timeEntriesRated: 3, totalsByCurrency: { USD: 299_500n } });
    expect(progress).toEqual([1]);
    const inThread = await draftOf(there.value.runId);
    const here = await runBillingRequest(database, request(), { now: () => new Date() });
    if (!here.ok) throw new Error(here.error.message);
    expect({ ...here.value, runId: '' }).toEqual({ ...there.value, runId: '' });
    expect(await draftOf(here.value.runId)).toEqual(inThread);
    expect(inThread).toMatchObject({ totalMinor: 299_500n, run: 'completed' });
  });

  it('returns a refused run as its result, and a failed one as BillingRunFailed with the run it recorded as failed', async () => {
    const refused = await thread.billing.run(request({ period: '2026-13' }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_PERIOD' } });
    // Not a legal entity id: the run starts, then its first query fails.
    const failed = await thread.billing.run(request({ entityId: 'not-a-uuid' })).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(BillingRunFailed);
    const runId = (failed as BillingRunFailed).runId;
    expect(runId).toEqual(expect.any(String));
    const [run] = await database.db.select().from(billingRuns).where(eq(billingRuns.id, runId!));
    expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('uuid') });
    // The thread is still there for the next run.
    expect((await thread.billing.run(request())).ok).toBe(true);
  });

  it('processes an uploaded document in the thread and drains its queue', async () => {
    const text =
      'STATEMENT OF WORK SOW-7\n\nSenior Consultant: $250.00 per hour.\n\nPayment is due within 30 days of the invoice date.';
    const up = await uploadDocument(
      { db: database.db, limits: { maxBytes: 1_000_000, maxPages: 10 }, enqueue: (id) => thread.documents.enqueue(id) },
      {
        bytes: new TextEncoder().encode(text),
        fileName: 'sow-7.txt',
        clientId: null,
        contractId: null,
      },
    );
    if (!up.ok) throw new Error(up.error.message);
    await thread.documents.drain();
    const [doc] = await database.db.select().from(documents).where(eq(documents.id, up.value.document.id));
    expect(doc).toMatchObject({
      status: 'done',
      extractor: 'builtin',
      terms: expect.objectContaining({ reference: 'SOW-7', paymentTerms: expect.objectContaining({ netDays: 30 }) }),
    });
  });

  it('runs at a lower priority than the thread that answers requests (BILLING_WORKER_NICE, default 10)', async () => {
    const here = getPriority(0);
    await thread.billing.run(request());
    // As the thread read it itself (os.getPriority inside it); Linux keeps a nice value per thread.
    expect(await thread.niceValue()).toBe(process.platform === 'linux' ? Math.max(10, here) : here);
    expect(getPriority(0)).toBe(here);
  });

  it('finishes a run in progress before it closes, then starts anew on the next use', async () => {
    const run = thread.billing.run(request());
    await new Promise((r) => setTimeout(r, 5));
    await thread.close();
    expect((await run).ok).toBe(true);
    expect((await thread.billing.run(request())).ok).toBe(true);
    expect(logged.filter((l) => l.msg.includes('failed'))).toEqual([]);
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../../test/helpers/two-entity-firm.ts';
import type { Database } from '../../db/client.ts';
import { auditLog, billingExceptions, contracts } from '../../db/schema/index.ts';
import { recordTermsMismatch } from '../../extraction/documents/record-terms-mismatch.ts';
import { getDocument, insertDocumentOnce } from '../../extraction/documents/store.ts';
import { emptySowTerms, type SowTerms } from '../../extraction/sow-terms.ts';

describe(`document terms routes on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  let t: FirmTargets;

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database);
    // What processing does after extraction: the fixture's differences become its terms-mismatch exception.
    const doc = (await getDocument(database.db, t.termsDocumentA))!;
    await recordTermsMismatch(database.db, doc, doc.terms as unknown as SowTerms);
  });
  afterAll(async () => database?.close());

  const contractA = async () => (await database.db.select().from(contracts).where(eq(contracts.code, 'K-A')))[0]!;
  type Body = { code: string; details: Record<string, unknown> } & Record<string, unknown>;
  const post = (key: string, path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
    call<Body>(app, 'POST', path, { key, body, headers });
  const get = (key: string, path: string) => call<Body>(app, 'GET', path, { key });

  it('previews, asks a controller, applies once granted, and answers a repeat with alreadyApplied', async () => {
    const path = `/documents/${t.termsDocumentA}`;
    const preview = await get(users.key.controller, `${path}/apply-preview`);
    expect(preview.status).toBe(200);
    expect(
      (preview.body.writes as Array<{ field: string; from: unknown; to: unknown }>).map((w) => [w.field, w.from, w.to]),
    ).toEqual([
      ['paymentTerms.netDays', 30, 45],
      ['poNumber', null, 'PO-A-7'],
    ]);
    const { termsHash } = (preview.body.action as { args: { termsHash: string } }).args;

    const asked = await post(users.key.billing_clerk, `${path}/apply`);
    expect(asked.status).toBe(409);
    expect(asked.body.code).toBe('APPROVAL_REQUIRED');
    const requestId = asked.body.details.requestId as string;
    const inbox = await get(users.key.controller, '/approvals/inbox');
    const item = (inbox.body.items as Array<{ requestId?: string; args?: { termsHash: string } }>).find(
      (i) => i.requestId === requestId,
    );
    expect(item?.args?.termsHash).toBe(termsHash);
    expect((await contractA()).paymentTermsDays).toBe(30);

    expect((await post(users.key.billing_clerk, `/approvals/${requestId}/grant`)).status).toBe(403);
    expect((await post(users.key.controller, `/approvals/${requestId}/grant`)).status).toBe(200);
    const applied = await post(users.key.billing_clerk, `${path}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      termsHash,
      alreadyApplied: false,
      exception: { status: 'resolved', remainingDiffs: 0 },
    });
    expect(await contractA()).toMatchObject({ paymentTermsDays: 45, poNumber: 'PO-A-7' });

    const repeat = await post(users.key.billing_clerk, `${path}/apply`);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ alreadyApplied: true, applied: [] });
    const rows = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'contract.apply_extracted_terms'), eq(auditLog.targetId, (await contractA()).id)));
    expect(rows).toHaveLength(1);
    const [ex] = await database.db
      .select()
      .from(billingExceptions)
      .where(eq(billingExceptions.dedupeKey, `contract_terms_mismatch:${t.termsDocumentA}`));
    expect(ex).toMatchObject({ status: 'resolved', resolutionCode: 'terms_applied' });
  });

  it('lets the agent ask for a person but never grant', async () => {
    const k = await contractA();
    const { row } = await insertDocumentOnce(database.db, {
      sha256: 'b2'.repeat(32),
      clientId: k.clientId,
      contractId: k.id,
      fileName: 'amendment.txt',
      kind: 'text',
      sizeBytes: 1,
      pageCount: 1,
      content: Buffer.from('x'),
      pages: [],
      status: 'done',
      extractor: 'builtin',
      processedAt: new Date(),
      terms: {
        ...emptySowTerms('amendment'),
        effectiveDate: '2026-12-01',
        rates: [{ role: 'Analyst', amount: '165.00', unit: 'hour', currency: null, effectiveFrom: null }],
      },
    });
    const asked = await post(
      users.key.agent,
      `/documents/${row.id}/apply`,
      {},
      { 'x-on-behalf-of': users.email('billing_clerk') },
    );
    // The contract already has approvals for other terms (the first test's), so the gate answers ARGS_CHANGED; either way a request is open.
    expect([asked.status, asked.body.code]).toEqual([409, 'ARGS_CHANGED']);
    const requestId = asked.body.details.requestId as string;
    const agentGrant = await post(
      users.key.agent,
      `/approvals/${requestId}/grant`,
      {},
      { 'x-on-behalf-of': users.email('controller') },
    );
    expect(agentGrant.status).toBe(403);
    expect((await post(users.key.controller, `/approvals/${requestId}/grant`)).status).toBe(200);
    const applied = await post(
      users.key.agent,
      `/documents/${row.id}/apply`,
      {},
      { 'x-on-behalf-of': users.email('billing_clerk') },
    );
    expect(applied.status).toBe(200);
    expect(
      (applied.body.applied as Array<{ key: string; effectiveFrom: string }>).map((w) => [w.key, w.effectiveFrom]),
    ).toEqual([['Analyst', '2026-12-01']]);
  });

  it('answers 404 for an unknown document, 409 for one not processed, 400 for an unknown field, and 409 when nothing differs', async () => {
    expect(
      (await post(users.key.billing_clerk, '/documents/00000000-0000-4000-8000-000000000000/apply')).body.code,
    ).toBe('DOCUMENT_NOT_FOUND');
    const { row } = await insertDocumentOnce(database.db, {
      sha256: 'c3'.repeat(32),
      contractId: (await contractA()).id,
      fileName: 'queued.txt',
      kind: 'text',
      sizeBytes: 1,
      pageCount: 1,
      content: Buffer.from('x'),
      pages: [],
    });
    const queued = await post(users.key.billing_clerk, `/documents/${row.id}/apply`);
    expect([queued.status, queued.body.code]).toEqual([409, 'DOCUMENT_NOT_PROCESSED']);
    const badField = await get(
      users.key.billing_clerk,
      `/documents/${t.termsDocumentA}/apply-preview?fields=rates,discounts`,
    );
    expect([badField.status, badField.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const agrees = await insertDocumentOnce(database.db, {
      sha256: 'd4'.repeat(32),
      contractId: (await contractA()).id,
      fileName: 'agrees.txt',
      kind: 'text',
      sizeBytes: 1,
      pageCount: 1,
      content: Buffer.from('x'),
      pages: [],
      status: 'done',
      processedAt: new Date(),
      terms: { ...emptySowTerms('sow'), currency: 'USD' },
    });
    const none = await post(users.key.billing_clerk, `/documents/${agrees.row.id}/apply`);
    expect([none.status, none.body.code]).toEqual([409, 'NOTHING_TO_APPLY']);
    const scoped = await get(users.scopedKey.controller, `/documents/${t.termsDocumentA}/apply-preview`);
    expect([scoped.status, scoped.body.code]).toEqual([403, 'ENTITY_OUT_OF_SCOPE']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../test/helpers/users.ts';
import type { Database } from '../../db/client.ts';
import { approvalMatrixJson, approvalMatrixV1, bundledMatrixV1 } from '../../policy/approval-matrix.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../../test/helpers/api.ts';

type Body = Record<string, unknown> & { details: Record<string, unknown> };
const v1Json = approvalMatrixJson(approvalMatrixV1) as Record<string, unknown>;
const v2 = { ...v1Json, version: 2, lowMargin: { belowPercent: '20', roles: ['controller'] } };

describe(`approval matrix routes on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  let fa2: string;
  const logged: unknown[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    const r = await addUser(
      database.db,
      { email: 'fa2@test.example', name: 'Second finance admin', roles: ['finance_admin'], entities: null },
      { actorId: 'test', correlationId: 'test', now: new Date() },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    fa2 = r.value.key;
    app = testApp(database, logged);
  });
  afterAll(async () => database?.close());

  const fa = () => users.key.finance_admin;

  it('serves the bundled version 1 while nothing is stored', async () => {
    const res = await call(app, 'GET', '/approval-matrix', { key: users.key.auditor });
    // sha256 pins the file as shipped; the rules added since are in force and named.
    expect(res).toMatchObject({
      status: 200,
      body: {
        version: 1,
        source: 'bundled',
        sha256: bundledMatrixV1.sha256,
        matrix: v1Json,
        createdAt: null,
        addedRules: [
          'heldRelease',
          'clientBillingDetails',
          'projectStatus',
          'heldLines',
          'disputeRisk',
          'legalEntityBankAccount',
        ],
      },
    });
  });

  it('proposes, lets another finance admin review and grant, applies, and serves the new version', async () => {
    const body = { matrix: v2, reason: 'margin threshold down to 20%' };
    const asked = await call<Body>(app, 'POST', '/approval-matrix', { key: fa(), body });
    expect(asked.status).toBe(409);
    expect(asked.body).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      details: { steps: [{ level: 1, role: 'finance_admin' }] },
    });
    const { requestId, matrixHash } = asked.body.details as { requestId: string; matrixHash: string };

    const review = await call(app, 'GET', `/approval-matrix/proposals/${matrixHash}`, { key: fa2 });
    expect(review).toMatchObject({
      status: 200,
      body: {
        version: 2,
        basedOnVersion: 1,
        status: 'open',
        reason: body.reason,
        changes: [{ rule: 'lowMargin.belowPercent', from: '25', to: '20' }],
      },
    });
    const inbox = await call<{ items: unknown[] }>(app, 'GET', '/approvals/inbox', { key: fa2 });
    expect(inbox.body.items).toMatchObject([{ requestId, actionType: 'approval_matrix.change', args: { matrixHash } }]);

    expect(await call(app, 'POST', `/approvals/${requestId}/grant`, { key: fa() })).toMatchObject({
      status: 403,
      body: { code: 'SOD_VIOLATION' },
    });
    expect(await call(app, 'POST', `/approvals/${requestId}/grant`, { key: fa2 })).toMatchObject({
      status: 200,
      body: { ready: true },
    });
    const done = await call(app, 'POST', '/approval-matrix', { key: fa(), body });
    expect(done).toMatchObject({
      status: 201,
      body: {
        version: 2,
        previousVersion: 1,
        sha256: matrixHash,
        requestId,
        changes: [{ rule: 'lowMargin.belowPercent' }],
      },
    });

    expect(await call(app, 'GET', '/approval-matrix', { key: users.key.controller })).toMatchObject({
      status: 200,
      body: { version: 2, source: 'stored', sha256: matrixHash, matrix: v2 },
    });
    expect(await call(app, 'GET', `/approval-matrix/proposals/${matrixHash}`, { key: fa2 })).toMatchObject({
      body: { status: 'applied' },
    });
    expect(await call(app, 'GET', '/approval-matrix/versions/1', { key: users.key.auditor })).toMatchObject({
      status: 200,
      body: { version: 1, matrix: v1Json },
    });
    expect(await call(app, 'GET', '/approval-matrix/versions/3', { key: users.key.auditor })).toMatchObject({
      status: 404,
      body: { code: 'APPROVAL_MATRIX_VERSION_NOT_FOUND' },
    });
  });

  it('lists versions newest first, the bundled one last, a page at a time', async () => {
    const all = await call<{ items: { version: number; source: string }[]; page: Record<string, unknown> }>(
      app,
      'GET',
      '/approval-matrix/versions',
      { key: users.key.auditor },
    );
    expect(all.body.items.map((v) => [v.version, v.source])).toEqual([
      [2, 'stored'],
      [1, 'bundled'],
    ]);
    expect(all.body.page).toEqual({ limit: 50, offset: 0, total: 2, nextOffset: null });
    const second = await call<{ items: { version: number }[]; page: Record<string, unknown> }>(
      app,
      'GET',
      '/approval-matrix/versions?limit=1&offset=1',
      { key: users.key.auditor },
    );
    expect(second.body.items.map((v) => v.version)).toEqual([1]);
    const first = await call<{ page: Record<string, unknown> }>(app, 'GET', '/approval-matrix/versions?limit=1', {
      key: users.key.auditor,
    });
    expect(first.body.page).toMatchObject({ total: 2, nextOffset: 1 });
  });

  it('answers 422 with one issue per problem for an invalid matrix, and 409 for a version other than the next', async () => {
    const invalid = await call<Body>(app, 'POST', '/approval-matrix', {
      key: fa(),
      body: { matrix: { ...v2, version: 3, approvalTtlHours: 0, surprise: 1 }, reason: 'x' },
    });
    expect(invalid).toMatchObject({ status: 422, body: { code: 'APPROVAL_MATRIX_INVALID' } });
    expect((invalid.body.details.issues as string[]).length).toBe(2);
    const stale = await call(app, 'POST', '/approval-matrix', {
      key: fa(),
      body: { matrix: { ...v2, approvalTtlHours: 48 }, reason: 'x' },
    });
    expect(stale).toMatchObject({
      status: 409,
      body: { code: 'APPROVAL_MATRIX_VERSION_CONFLICT', details: { currentVersion: 2, proposedVersion: 2 } },
    });
  });

  it('refuses the agent acting for a finance admin at the route, and a proposal without a reason', async () => {
    const agent = await call(app, 'POST', '/approval-matrix', {
      key: users.key.agent,
      headers: { 'x-on-behalf-of': users.email('finance_admin') },
      body: { matrix: { ...v2, version: 3 }, reason: 'x' },
    });
    expect(agent).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(
      await call(app, 'POST', '/approval-matrix', { key: fa(), body: { matrix: { ...v2, version: 3 } } }),
    ).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(logged).toEqual([]);
  });
});

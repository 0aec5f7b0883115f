import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, testApp, type App, type TestUsers } from '../../../test/helpers/api.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { MAX_BANK_FILE_BYTES } from '../../tools/bank-statements/read-statement.ts';

type Role = keyof TestUsers['key'];
const camt = readFileSync(new URL('../../../test/fixtures/bank/camt053-le-a-2026-11-03.xml', import.meta.url));

describe(`POST /bank-statements on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database);
  });
  afterAll(async () => database?.close());

  const upload = async (
    role: Role,
    bytes: Uint8Array | string,
    fields: Record<string, string> = { legalEntity: 'LE-A' },
    scoped = false,
  ) => {
    const form = new FormData();
    form.set('file', new File([bytes], 'statement.xml', { type: 'application/xml' }));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await app.request('/bank-statements', {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${(scoped ? users.scopedKey : users.key)[role]}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { code?: string } };
  };

  it('imports a camt.053 (201), answers the same file again with replayed: true (200), and shows its unapplied lines', async () => {
    const first = await upload('collector', camt);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ legalEntity: 'LE-A', format: 'camt053', replayed: false, linesInFile: 8 });
    const again = await upload('finance_admin', camt);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ statementId: first.body.statementId, replayed: true });
    const res = await app.request(`/bank-statements/${first.body.statementId as string}?status=unidentified`, {
      headers: { authorization: `Bearer ${users.key.auditor}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { lines: { bankReference: string }[] }).lines.map((l) => l.bankReference)).toEqual([
      'FT26307AX05',
    ]);
  });

  it('refuses a file over the limit (413), an unreadable one (422), a CSV mapping that is not JSON (400), a clerk (403) and another entity (403)', async () => {
    expect((await upload('collector', new Uint8Array(MAX_BANK_FILE_BYTES + 1))).body.code).toBe(
      'BANK_STATEMENT_TOO_LARGE',
    );
    expect(await upload('collector', '<Document><Nope/></Document>')).toMatchObject({
      status: 422,
      body: { code: 'BANK_STATEMENT_UNREADABLE' },
    });
    expect(await upload('collector', 'a,b\n1,2\n', { legalEntity: 'LE-A', mapping: '{' })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    expect((await upload('billing_clerk', camt)).status).toBe(403);
    expect(await upload('collector', camt, { legalEntity: 'LE-A' }, true)).toMatchObject({
      status: 403,
      body: { code: 'ENTITY_OUT_OF_SCOPE' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { auditLog, clients, legalEntities } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { backend } from '../../../test/helpers/db.ts';
import { importBundleAs } from '../../../test/helpers/import-bundle.ts';
import { call, type TestUsers } from '../../../test/helpers/api.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { twoEntityBundle } from '../../../test/helpers/two-entity-firm.ts';
import { httpStatusOfCode } from '../../shared/error-codes.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
type Steps = { level: number; role: string; reason: string }[];

const SEPA = { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankName: 'Commerzbank' };
const FRAUD = { iban: 'NL91 ABNA 0417 1643 00', bic: 'ABNANL2A', bankName: 'ABN AMRO Bank' };
const STORED_SEPA = {
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  bankName: 'Commerzbank',
  accountNumber: null,
  routingCode: null,
};

/** Where clients pay changes only with a second person's approval, over the API and never through the bundle. */
describe(`legal_entities_change_bank_account over HTTP on ${backend}`, () => {
  const env = useFirmApp();
  const as = (key: string) => ({
    post: (path: string, body: unknown = {}) => call<Body>(env.app, 'POST', path, { key, body }),
  });
  const key = (role: keyof TestUsers['key'], scoped = false) => (scoped ? env.users.scopedKey : env.users.key)[role];
  const change = (k: string, entity: string, bankAccount: unknown) =>
    as(k).post(`/legal-entities/${entity}/bank-account`, { bankAccount });
  const account = async (code: string) => {
    const [e] = await env.database.db.select().from(legalEntities).where(eq(legalEntities.code, code));
    return { iban: e!.iban, bic: e!.bic, bankName: e!.bankName, accountNumber: e!.accountNumber, name: e!.name };
  };
  const changeRows = async (entity: string) => {
    const [e] = await env.database.db.select().from(legalEntities).where(eq(legalEntities.code, entity));
    return env.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'legal_entity.change_bank_account'), eq(auditLog.targetId, e!.id)));
  };
  const auditCount = async () =>
    Number((await queryRows<{ n: number }>(env.database.db, sql`SELECT count(*)::int AS n FROM audit_log`))[0]!.n);
  /** The bundle as a finance admin loads it (master_data_import; the CLI's `import contracts` calls the same entry). */
  const importBundle = (bundle: unknown) =>
    importBundleAs(env.database, env.users.ids[env.users.email('finance_admin')]!, bundle);

  it('asks a finance admin, never the requester, and writes the account once when the call comes again', async () => {
    // The unscoped finance admin asks for entity B; the finance admin limited to B approves.
    const asked = await change(key('finance_admin'), 'LE-B', SEPA);
    expect(asked).toMatchObject({
      status: 409,
      body: { code: 'APPROVAL_REQUIRED', details: { requestId: expect.any(String) } },
    });
    const steps = asked.body.details!.steps as Steps;
    expect(steps).toEqual([{ level: 1, role: 'finance_admin', reason: expect.any(String) }]);
    expect(steps[0]!.reason).toBe('bank account none -> IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank)');
    expect((await account('LE-B')).iban).toBeNull();
    const requestId = asked.body.details!.requestId as string;

    const own = await as(key('finance_admin')).post(`/approvals/${requestId}/grant`);
    expect(own.status, JSON.stringify(own.body)).toBe(403);
    expect(own.body).toMatchObject({ details: { policyCode: 'SOD_INITIATOR_CANNOT_APPROVE' } });
    expect(await change(key('finance_admin'), 'LE-B', SEPA)).toMatchObject({ status: 409 });
    expect((await account('LE-B')).iban).toBeNull();

    const granted = await as(key('finance_admin', true)).post(`/approvals/${requestId}/grant`);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const [first, second] = await Promise.all([
      change(key('finance_admin'), 'LE-B', SEPA),
      change(key('finance_admin'), 'LE-B', SEPA),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.changed, second.body.changed].sort()).toEqual([false, true]);
    expect(await account('LE-B')).toMatchObject({ iban: STORED_SEPA.iban, bic: 'COBADEFFXXX' });
    const rows = await changeRows('LE-B');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      before: { legalEntity: 'LE-B', bankAccount: null },
      after: { legalEntity: 'LE-B', bankAccount: STORED_SEPA },
      approvalRef: expect.any(String),
      policyDecision: { outcome: 'require_approval' },
      reason: 'bank account of LE-B: none -> IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank)',
    });
    // The approval ran once: the same call again writes nothing and asks nothing.
    const before = await auditCount();
    expect(await change(key('finance_admin'), 'LE-B', SEPA)).toMatchObject({ status: 200, body: { changed: false } });
    expect(await auditCount()).toBe(before);
  });

  it('asks again for any other account, and a refused request changes nothing', async () => {
    const asked = await change(key('controller'), 'LE-B', FRAUD);
    expect(asked.status).toBe(409);
    const reason = (asked.body.details!.steps as Steps)[0]!.reason;
    expect(reason).toBe(
      'bank account IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank) -> IBAN NL91 …4300 (BIC ABNANL2A, ABN AMRO Bank)',
    );
    expect(reason).not.toMatch(/0532|ABNA0417/);
    const requestId = asked.body.details!.requestId as string;
    const refused = await as(key('finance_admin')).post(`/approvals/${requestId}/reject`, { reason: 'no bank letter' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    expect(await change(key('controller'), 'LE-B', FRAUD)).toMatchObject({
      status: 409,
      body: { code: 'APPROVAL_REJECTED' },
    });
    expect((await account('LE-B')).iban).toBe(STORED_SEPA.iban);
    expect(await changeRows('LE-B')).toHaveLength(1);
  });

  it('removes an account (null) only with approval too', async () => {
    const asked = await change(key('controller'), 'LE-B', null);
    expect(asked.status).toBe(409);
    expect((asked.body.details!.steps as Steps)[0]!.reason).toMatch(/-> none$/);
    expect((await account('LE-B')).iban).toBe(STORED_SEPA.iban);
  });

  it('names an account without IBAN by its number in the reason, never "bank account account"', async () => {
    const aba = { accountNumber: '000123456789', routingCode: '021000021', bankName: 'JPMorgan Chase Bank' };
    const asked = await change(key('controller'), 'LE-A', aba);
    expect(asked.status).toBe(409);
    expect((asked.body.details!.steps as Steps)[0]!.reason).toBe(
      'bank account none -> number …6789 (routing 021000021, JPMorgan Chase Bank)',
    );
    expect((await account('LE-A')).accountNumber).toBeNull();
  });

  it('refuses a billing clerk (no finance role) and a user limited to the other entity, writing nothing', async () => {
    expect(await change(key('billing_clerk'), 'LE-A', SEPA)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect(await change(key('controller', true), 'LE-A', SEPA)).toMatchObject({
      status: 403,
      body: { code: 'ENTITY_OUT_OF_SCOPE' },
    });
    expect(await change(key('controller'), 'LE-NOPE', SEPA)).toMatchObject({
      status: 404,
      body: { code: 'LEGAL_ENTITY_NOT_FOUND' },
    });
  });

  it('still refuses an IBAN whose checksum fails with IBAN_INVALID, opening no request', async () => {
    const before = await auditCount();
    const bad = await change(key('controller'), 'LE-A', { ...SEPA, iban: 'DE88 3704 0044 0532 0130 00' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [expect.objectContaining({ path: 'bankAccount.iban', code: 'IBAN_INVALID' })] },
    });
    expect(await auditCount()).toBe(before);
  });

  describe('the master-data bundle', () => {
    const entityA = () => twoEntityBundle().legalEntities.find((e) => e.code === 'LE-A')!;
    const entityB = () => twoEntityBundle().legalEntities.find((e) => e.code === 'LE-B')!;
    const newClient = { code: 'CL-BUNDLE-BANK', legalEntity: 'LE-A', name: 'Bundle client', country: 'US' };
    const clientRows = () => env.database.db.select().from(clients).where(eq(clients.code, newClient.code));

    it.each([
      ['sets a first account on an entity that exists', 'LE-A', () => ({ ...entityA(), bankAccount: SEPA }), 'set'],
      ['changes the account on file', 'LE-B', () => ({ ...entityB(), bankAccount: FRAUD }), 'change'],
      ['removes the account on file', 'LE-B', () => ({ ...entityB(), bankAccount: null }), 'remove'],
    ])('refuses a bundle that %s whole, naming the entity, with nothing written', async (_what, code, entity, verb) => {
      const before = await auditCount();
      const accountBefore = await account(code);
      const res = await importBundle({
        legalEntities: [{ ...entity(), name: 'Renamed by the bundle' }],
        clients: [newClient],
      });
      expect(res.ok ? 'ok' : res.error).toMatchObject({
        code: 'BANK_ACCOUNT_NEEDS_APPROVAL',
        legalEntity: code,
        path: 'legalEntities.0.bankAccount',
      });
      expect(httpStatusOfCode('BANK_ACCOUNT_NEEDS_APPROVAL')).toBe(422);
      const message = res.ok ? '' : (res.error.message as string);
      expect(message).toContain(`would ${verb} the bank account of ${code}`);
      expect(message).toContain(`/legal-entities/${code}/bank-account`);
      expect(await account(code)).toEqual(accountBefore);
      expect(await clientRows()).toEqual([]);
      expect(await auditCount()).toBe(before);
    });

    it('takes a bundle repeating the account on file or leaving it out, and a new entity with its first', async () => {
      const res = await importBundle({
        legalEntities: [
          { ...entityB(), bankAccount: SEPA },
          { ...entityA() },
          {
            code: 'LE-C',
            name: 'Entity C',
            country: 'GB',
            functionalCurrency: 'GBP',
            invoicePrefix: 'C-',
            bankAccount: { accountNumber: '31926819', routingCode: '60-16-13', bankName: 'NatWest' },
          },
        ],
        clients: [newClient],
      });
      expect(res.ok ? 'ok' : res.error).toBe('ok');
      expect((await account('LE-B')).iban).toBe(STORED_SEPA.iban);
      expect((await account('LE-A')).iban).toBeNull();
      expect(await account('LE-C')).toMatchObject({ accountNumber: '31926819', bankName: 'NatWest' });
      const [row] = await env.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'master_data.import'))
        .orderBy(sql`seq DESC`)
        .limit(1);
      expect(row!.after).toMatchObject({ firstBankAccounts: ['LE-C'] });
    });

    it('still refuses a bundle whose IBAN checksum fails with IBAN_INVALID', async () => {
      const res = await importBundle({
        legalEntities: [{ ...entityA(), bankAccount: { ...SEPA, iban: 'DE88 3704 0044 0532 0130 00' } }],
      });
      expect(res.ok ? 'ok' : res.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ path: 'bundle.legalEntities.0.bankAccount.iban', code: 'IBAN_INVALID' })],
      });
    });
  });

  it('leaves an audit chain that verifies', async () => {
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });
});

import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { importBundleAs } from '../../../test/helpers/import-bundle.ts';
import { twoEntityBundle } from '../../../test/helpers/two-entity-firm.ts';
import { queryRows, type Database, type DbOrTx } from '../../db/client.ts';
import { auditLog, people } from '../../db/schema/index.ts';
import { getContract } from '../../db/stores/master-data-queries.ts';
import { approvalMatrixV1, type ApprovalMatrix } from '../../policy/approval-matrix.ts';
import { operatorActor } from '../../policy/service-identities.ts';
import { httpStatusOfCode } from '../../shared/error-codes.ts';
import { commercialTerms, contractDetailView } from '../contracts/contract-view.ts';

const count = async (db: DbOrTx, table: 'audit_log' | 'approval_requests' | 'contracts' | 'people') =>
  Number((await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]!.n);
const termsOf = async (db: DbOrTx, code: string) => commercialTerms(contractDetailView((await getContract(db, code))!));
const costOf = async (db: DbOrTx, code: string) =>
  (
    await db
      .select({ costRate: people.costRate, costCurrency: people.costCurrency })
      .from(people)
      .where(eq(people.code, code))
  )[0];
const lastImport = async (db: DbOrTx) =>
  (
    await db
      .select({ after: auditLog.after, decision: auditLog.policyDecision })
      .from(auditLog)
      .where(eq(auditLog.action, 'master_data.import'))
      .orderBy(desc(auditLog.seq))
      .limit(1)
  )[0];

/** The firm's bundle with contract K-A and person P-A edited, plus a new contract and a new person. */
function edited(contract: Record<string, unknown> = {}, person: Record<string, unknown> = {}) {
  const b = twoEntityBundle();
  const kA = b.contracts.find((c) => c.code === 'K-A')!;
  return {
    ...b,
    people: [
      ...b.people.map((p) => (p.code === 'P-A' ? { ...p, ...person } : p)),
      { code: 'P-NEW', name: 'New person', role: 'Analyst', costRate: '40.00', costCurrency: 'USD' },
    ],
    contracts: [
      ...b.contracts.map((c) => (c.code === 'K-A' ? { ...c, ...contract } : c)),
      { ...kA, code: 'K-NEW', name: 'New contract', milestones: [], projects: [{ code: 'PR-NEW', name: 'New' }] },
    ],
  };
}

/**
 * An existing contract's terms change under contract.change_terms and a person's cost rate under
 * person.change_cost_rate (a controller, a finance admin approves by the bundled matrix): the master-data bundle must
 * not make either change on the side. New records and unchanged ones still import.
 */
describe(`the bundle and an existing contract's terms or person's cost rate, on ${backend}`, () => {
  const env = useFirmApp();
  const admin = () => env.users.ids[env.users.email('finance_admin')]!;
  const db = () => env.database.db;

  it('takes the same bundle again, twice, changing nothing and naming no change', async () => {
    const [terms, cost] = [await termsOf(db(), 'K-A'), await costOf(db(), 'P-A')];
    for (const _ of [1, 2]) {
      const res = await importBundleAs(env.database, admin(), twoEntityBundle());
      expect(res.ok ? res.value : res.error).toMatchObject({ contracts: 4, people: 2 });
      expect((await lastImport(db()))?.after).not.toHaveProperty('changedUnderPolicy');
    }
    expect(await termsOf(db(), 'K-A')).toEqual(terms);
    expect(await costOf(db(), 'P-A')).toEqual(cost);
  });

  it("refuses a bundle that changes a contract's cap or a milestone's amount, whole, opening no request", async () => {
    const [terms, audit, requests, contracts] = [
      await termsOf(db(), 'K-A'),
      await count(db(), 'audit_log'),
      await count(db(), 'approval_requests'),
      await count(db(), 'contracts'),
    ];
    const changes: [Record<string, unknown>, string[]][] = [
      [{ notToExceed: '5000.00' }, ['notToExceed']],
      [{ milestones: [{ name: 'Kickoff A', amount: '9000.00' }] }, ['milestones']],
      [{ rateCard: [{ role: 'Analyst', rate: '150.00', effectiveFrom: '2026-01-01', unit: 'day' }] }, ['rateCard']],
    ];
    for (const [change, fields] of changes) {
      const res = await importBundleAs(env.database, admin(), edited(change));
      expect(res.ok ? 'ok' : res.error).toMatchObject({
        code: 'CONTRACT_TERMS_NEED_POLICY',
        path: 'contracts.0',
        contract: 'K-A',
        fields,
        action: 'contract.change_terms',
        outcome: 'require_approval',
        steps: [{ role: 'controller' }],
      });
      const message = res.ok ? '' : String(res.error.message);
      expect(message).toContain(`would change ${fields[0]} in the terms of contract K-A`);
      expect(message).toContain('POST /contracts (contracts_upsert) opens the approval request');
    }
    expect(httpStatusOfCode('CONTRACT_TERMS_NEED_POLICY')).toBe(422);
    expect(await termsOf(db(), 'K-A')).toEqual(terms);
    expect(await count(db(), 'contracts')).toBe(contracts);
    expect(await count(db(), 'audit_log')).toBe(audit);
    expect(await count(db(), 'approval_requests')).toBe(requests);
  });

  it("refuses a bundle that changes or clears a person's cost rate, whole", async () => {
    const [cost, audit, headcount] = [
      await costOf(db(), 'P-A'),
      await count(db(), 'audit_log'),
      await count(db(), 'people'),
    ];
    for (const [change, fields] of [
      [{ costRate: '20.00' }, ['costRate']],
      [{ costRate: undefined, costCurrency: undefined }, ['costRate', 'costCurrency']],
    ] as const) {
      const res = await importBundleAs(env.database, admin(), edited({}, change));
      expect(res.ok ? 'ok' : res.error).toMatchObject({
        code: 'COST_RATE_NEEDS_POLICY',
        path: 'people.0',
        person: 'P-A',
        fields,
        action: 'person.change_cost_rate',
        outcome: 'require_approval',
        steps: [{ role: 'finance_admin' }],
      });
      expect(res.ok ? '' : res.error.message).toContain('POST /people (people_upsert)');
    }
    expect(httpStatusOfCode('COST_RATE_NEEDS_POLICY')).toBe(422);
    expect(await costOf(db(), 'P-A')).toEqual(cost);
    expect(await count(db(), 'people')).toBe(headcount);
    expect(await count(db(), 'audit_log')).toBe(audit);
  });

  it('takes the changes when policy lets the importer make them without approval, naming them in the audit row', async () => {
    const { 'contract.change_terms': _t, 'person.change_cost_rate': _c, ...always } = approvalMatrixV1.always;
    const matrix: ApprovalMatrix = { ...approvalMatrixV1, always };
    const was = await termsOf(db(), 'K-A');
    const res = await importBundleAs(env.database, admin(), edited({ notToExceed: '7000.00' }, { costRate: '55.00' }), {
      matrix,
    });
    expect(res.ok ? res.value : res.error).toMatchObject({ contracts: 5, people: 3 });
    expect((await termsOf(db(), 'K-A')).notToExceed).toEqual({ amount: '7000.00', currency: 'USD' });
    expect(await costOf(db(), 'P-A')).toEqual({ costRate: expect.stringMatching(/^55\.0+$/), costCurrency: 'USD' });
    const row = await lastImport(db());
    expect(row?.after).toMatchObject({
      changedUnderPolicy: [
        {
          action: 'contract.change_terms',
          code: 'K-A',
          fields: ['notToExceed'],
          before: { notToExceed: was.notToExceed },
          decision: { outcome: 'allow' },
        },
        {
          action: 'person.change_cost_rate',
          code: 'P-A',
          fields: ['costRate'],
          before: { costRate: expect.stringMatching(/^50\.0+$/) },
          after: { costRate: expect.stringMatching(/^55\.0+$/) },
          decision: { outcome: 'allow' },
        },
      ],
    });
    // The new contract and person were created: creating needs no approval, and names no change.
    expect((row?.after as { changedUnderPolicy: unknown[] }).changedUnderPolicy).toHaveLength(2);
  });
});

/** The console operator may load a bundle while the firm has no administrator, but never change terms it holds. */
describe(`the console operator re-importing a bundle, on ${backend}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());
  const asOperator = (bundle: unknown) => importBundleAs(database, 'unused', bundle, { actor: operatorActor('setup') });

  it('loads a new firm and the same bundle again, and refuses a change to a rate it loaded', async () => {
    for (const _ of [1, 2]) expect((await asOperator(twoEntityBundle())).ok).toBe(true);
    const terms = await termsOf(database.db, 'U-A');
    const b = twoEntityBundle();
    const res = await asOperator({
      ...b,
      contracts: b.contracts.map((c) =>
        c.code === 'U-A'
          ? { ...c, usage: { unit: 'call', tiers: [{ from: '0', upTo: null, unitPrice: '0.001' }] } }
          : c,
      ),
    });
    expect(res.ok ? 'ok' : res.error).toMatchObject({
      code: 'CONTRACT_TERMS_NEED_POLICY',
      contract: 'U-A',
      fields: ['usage'],
      outcome: 'deny',
      policyCode: 'ROLE_NOT_PERMITTED',
    });
    expect(await termsOf(database.db, 'U-A')).toEqual(terms);
  });
});

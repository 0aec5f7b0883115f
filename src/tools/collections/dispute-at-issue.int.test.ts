import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { cast, codeOf, ctxOf, insertInvoice, NOW, unwrap } from '../../../test/helpers/invoices.ts';
import type { RiskInvoice } from '../../billing/risk/features.ts';
import { trainRiskModel } from '../../billing/risk/model.ts';
import { disputeAtIssue } from '../../billing/risk/score.ts';
import { type Database, type DbOrTx, queryRows } from '../../db/client.ts';
import { riskModels } from '../../db/schema/index.ts';
import { currentRiskModel, writeDisputeScores } from '../../db/stores/dispute-scores-store.ts';
import { ledgerHistory } from '../../db/stores/receivables-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { addDays } from '../../shared/dates.ts';
import { prng } from '../../shared/prng.ts';
import { approveInvoice, postInvoice } from '../invoices/lifecycle/index.ts';
import { prioritizeCollections } from './prioritize-collections.ts';
import { storeDisputeAtIssue } from './score-dispute-at-issue.ts';

/** A settled history with enough disputes for a trained (not prior) dispute model. */
function trainingHistory(): RiskInvoice[] {
  const rnd = prng(11);
  const out: RiskInvoice[] = [];
  for (let c = 0; c < 60; c++)
    for (let k = 0; k < 6; k++) {
      const issue = addDays('2025-01-01', k * 45 + Math.floor(rnd() * 20));
      const disputed = rnd() < 0.2;
      out.push({
        id: `t${c}-${k}`,
        clientId: `c${c}`,
        group: c % 2 ? 'US' : 'DE',
        paperless: rnd() < 0.5,
        amount: 300 + rnd() * 9_000,
        issueDate: issue,
        dueDate: addDays(issue, 30),
        settledDate: addDays(issue, Math.round(20 + rnd() * 25 + (disputed ? 20 : 0))),
        disputeKnownOn: disputed ? addDays(issue, 12) : null,
      });
    }
  return out;
}

describe(`dispute score at issue on ${backend}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
  });
  afterAll(async () => database?.close());

  const postNew = async (totalMinor: bigint): Promise<string> => {
    const id = await insertInvoice(database, { totalMinor });
    unwrap(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id }));
    unwrap(await postInvoice(database, ctxOf(cast.clerk), { invoiceId: id }));
    return id;
  };
  const scoresOf = (invoiceId: string) =>
    queryRows<{ model_version: number; model_hash: string; probability: string }>(
      database.db,
      sql`SELECT model_version, model_hash, probability::text FROM invoice_dispute_scores WHERE invoice_id = ${invoiceId}::uuid`,
    );

  let beforeModel = '';
  it('stores nothing before the first trained model (the prior changes with the date)', async () => {
    beforeModel = await postNew(1_500_00n);
    expect(await scoresOf(beforeModel)).toEqual([]);
  });

  let posted = '';
  it("posting an invoice stores one score under the newest model: the model's probability at the issue date", async () => {
    const model = trainRiskModel(trainingHistory(), '2026-01-01');
    expect(model.dispute).not.toBeNull();
    await database.db.insert(riskModels).values({
      version: 1,
      kind: model.kind,
      trainedThrough: model.trainedThrough,
      trainedBy: 'test',
      trainedAt: new Date('2026-01-02T00:00:00Z'),
      metrics: model.metrics as unknown as Record<string, unknown>,
      model: model as unknown as Record<string, unknown>,
    });
    posted = await postNew(2_750_00n);
    const current = (await currentRiskModel(database.db))!;
    const history = await ledgerHistory(
      database.db,
      (await ledgerHistory(database.db)).find((i) => i.id === posted)!.clientId,
    );
    const expected = disputeAtIssue(current.model, history.find((i) => i.id === posted)!, history);
    expect(await scoresOf(posted)).toEqual([
      { model_version: 1, model_hash: current.hash, probability: String(expected) },
    ]);
    expect(current.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a retry of the scoring or of the posting writes nothing more', async () => {
    const [row] = await queryRows<{ client_id: string }>(
      database.db,
      sql`SELECT client_id FROM invoices WHERE id = ${posted}::uuid`,
    );
    const before = await scoresOf(posted);
    expect(await storeDisputeAtIssue(database.db, { id: posted, clientId: row!.client_id }, new Date())).toBe(0);
    expect(codeOf(await postInvoice(database, ctxOf(cast.clerk), { invoiceId: posted }))).toBe('INVALID_TRANSITION');
    expect(await scoresOf(posted)).toEqual(before);
  });

  it('the nightly run reads the score stored at posting and computes only the missing one', async () => {
    const asOf = NOW.toISOString().slice(0, 10);
    const r = unwrap(
      await prioritizeCollections(
        database,
        {
          actor: serviceActor('scheduler'),
          correlationId: 'test:at-issue',
          now: new Date(`${addDays(asOf, 1)}T02:00:00Z`),
        },
        { asOf },
      ),
    );
    const [audit] = await queryRows<{ counts: { read: number; computed: number } }>(
      database.db,
      sql`SELECT after->'disputeScores' AS counts FROM audit_log WHERE action = 'collections.prioritize' AND target_id = ${r.runId}`,
    );
    expect(audit!.counts).toEqual({ read: 1, computed: 1 });
    expect((await scoresOf(beforeModel)).map((s) => s.model_version)).toEqual([1]);
  });

  it('writes no score of a batch unless every invoice and the model exist (no foreign keys: checked set-based)', async () => {
    const current = (await currentRiskModel(database.db))!;
    const fresh = await postNew(3_100_00n);
    await database.db.execute(sql`DELETE FROM invoice_dispute_scores WHERE invoice_id = ${fresh}::uuid`);
    const unknown = '00000000-0000-4000-8000-000000000001';
    const batch = [
      { invoiceId: fresh, probability: 0.25 },
      { invoiceId: unknown, probability: 0.5 },
    ];
    await expect(writeDisputeScores(database.db, current, batch, new Date())).rejects.toThrow(/1 of 2 found/);
    expect(await scoresOf(fresh)).toEqual([]);
    const noModel = { version: 99, hash: current.hash };
    await expect(writeDisputeScores(database.db, noModel, batch.slice(0, 1), new Date())).rejects.toThrow(/0 of 1/);
    expect(await scoresOf(fresh)).toEqual([]);
    expect(await writeDisputeScores(database.db, current, batch.slice(0, 1), new Date())).toBe(1);
    expect(await scoresOf(fresh)).toEqual([{ model_version: 1, model_hash: current.hash, probability: '0.25' }]);
  });

  it("deleting an invoice or a model deletes its scores, as the foreign keys' cascade did", async () => {
    const current = (await currentRiskModel(database.db))!;
    const draft = await insertInvoice(database, { totalMinor: 900_00n });
    expect(await writeDisputeScores(database.db, current, [{ invoiceId: draft, probability: 0.1 }], new Date())).toBe(
      1,
    );
    const kept = (await scoresOf(posted)).length;
    expect(kept).toBe(1);
    await database.db.execute(sql`DELETE FROM invoices WHERE id = ${draft}::uuid`);
    expect(await scoresOf(draft)).toEqual([]);
    expect(await scoresOf(posted)).toHaveLength(1);
    // A second model with a score of its own; version 1 is referenced by the night's run record.
    const [m1] = await database.db.select().from(riskModels);
    await database.db.insert(riskModels).values({ ...m1!, version: 2 });
    const second = { version: 2, hash: current.hash };
    expect(await writeDisputeScores(database.db, second, [{ invoiceId: posted, probability: 0.3 }], new Date())).toBe(
      1,
    );
    expect((await scoresOf(posted)).map((s) => s.model_version).sort()).toEqual([1, 2]);
    await database.db.execute(sql`DELETE FROM risk_models WHERE version = 2`);
    expect((await scoresOf(posted)).map((s) => s.model_version)).toEqual([1]);
  });
  it('keeps a score stored under the same hash and replaces one under another, each number exactly', async () => {
    const [m1] = await database.db.select().from(riskModels).where(eq(riskModels.version, 1));
    await database.db.insert(riskModels).values({ ...m1!, version: 7 });
    const ids = (await queryRows<{ id: string }>(database.db, sql`SELECT id FROM invoices ORDER BY id LIMIT 3`)).map(
      (r) => r.id,
    );
    expect(ids).toHaveLength(3);
    const probabilities = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 });
    /** Writes `first` under hash a, `then` under a (kept) and under b (replaced), on `db`; what each wrote and stored. */
    const writes = async (db: DbOrTx, first: number[], then: number[]) => {
      const batch = (ps: number[]) => ids.map((invoiceId, n) => ({ invoiceId, probability: ps[n]! }));
      const stored = () =>
        queryRows<{ invoice_id: string; model_hash: string; probability: string; scored_at: unknown }>(
          db,
          sql`SELECT invoice_id, model_hash, probability::text, scored_at FROM invoice_dispute_scores
            WHERE model_version = 7 ORDER BY invoice_id`,
        );
      const written = [await writeDisputeScores(db, { version: 7, hash: 'a' }, batch(first), new Date(NOW))];
      written.push(await writeDisputeScores(db, { version: 7, hash: 'a' }, batch(then), new Date('2026-05-01Z')));
      const kept = await stored();
      written.push(await writeDisputeScores(db, { version: 7, hash: 'b' }, batch(then), new Date('2026-05-02Z')));
      const replaced = await stored();
      await db.execute(sql`DELETE FROM invoice_dispute_scores WHERE model_version = 7`);
      return { written, kept, replaced };
    };
    await fc.assert(
      fc.asyncProperty(probabilities, probabilities, async (first, then) => {
        const viaPool = await writes(database.db, first, then);
        expect(viaPool.written).toEqual([3, 0, 3]);
        // numeric keeps the shortest decimal of each double: it reads back as the same number.
        expect(viaPool.kept.map((r) => String(Number(r.probability)))).toEqual(first.map(String));
        expect(viaPool.replaced.map((r) => [r.model_hash, String(Number(r.probability))])).toEqual(
          then.map((p) => ['b', String(p)]),
        );
        // A posting's single score is written on its transaction's handle: the same statement, the same rows.
        expect(await database.db.transaction((tx) => writes(tx, first, then))).toEqual(viaPool);
      }),
      { numRuns: 25 },
    );
    await database.db.execute(sql`DELETE FROM risk_models WHERE version = 7`);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { prioritize } from '../../billing/collections/prioritize.ts';
import { historyAsOf, receivableFacts } from '../../billing/collections/receivable-facts.ts';
import { type RiskInvoice } from '../../billing/risk/features.ts';
import { byClient, trainRiskModel } from '../../billing/risk/model.ts';
import { scoreOpenLean } from '../../billing/risk/score.ts';
import { type Database, dedicatedConnection, queryRows, type RawSql } from '../../db/client.ts';
import { riskModels } from '../../db/schema/index.ts';
import { currentRiskModel, writeDisputeScores } from '../../db/stores/dispute-scores-store.ts';
import { activePauses, dunningPolicyTable, outboxSteps, promisesAsOf } from '../../db/stores/dunning-store.ts';
import { rankingFx } from '../../db/stores/exchange-rate-store.ts';
import {
  clientCollectionFacts,
  disputesOpenOn,
  latestRiskModel,
  ledgerHistory,
  openAmountsAsOf,
} from '../../db/stores/receivables-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { addDays } from '../../shared/dates.ts';
import { prng } from '../../shared/prng.ts';
import { backfillDisputeScores } from './backfill-dispute-scores.ts';
import { prioritizeCollections } from './prioritize-collections.ts';
import { type ClientsLedger, ledgerInClientOrder, ledgerOfClients } from '../../db/stores/worklist-store.ts';

const AS_OF = '2026-06-30';
const CLIENTS = 14;

/**
 * A firm whose ledger exercises every input of the ranking: clients on paper and electronic
 * delivery, two countries, three segments, credit limits (under, over, in another currency), active
 * projects, two collectors and unassigned clients; invoices paid in full, in part, after the date,
 * by a payment reversed after the date, credited, written off before and after the date, issued on
 * the date and after it; disputes open, resolved before and after the date; promises active,
 * broken, kept and superseded.
 */
async function loadVariedFirm(database: Database): Promise<void> {
  const run = (q: string) => database.db.execute(sql.raw(q));
  await run(
    `INSERT INTO legal_entities (code, name, country, functional_currency, invoice_prefix) VALUES ('EQ', 'Equivalence', 'US', 'USD', 'EQ-')`,
  );
  await run(
    `INSERT INTO users (email, name, roles) SELECT 'col' || g || '@eq.test', 'Collector ' || g, '{collector}' FROM generate_series(1, 2) g`,
  );
  await run(`INSERT INTO clients (code, legal_entity_id, name, country, segment, delivery_channel, credit_limit_minor, credit_limit_currency)
    SELECT 'EQ' || lpad(g::text, 3, '0'), le.id, 'Client ' || g, (ARRAY['US', 'DE'])[1 + g % 2], (ARRAY['strategic', 'standard', 'small'])[1 + g % 3],
      (ARRAY['email', 'post', 'portal'])[1 + g % 3]::delivery_channel,
      CASE g % 4 WHEN 0 THEN 2000000 WHEN 1 THEN 100000000 WHEN 2 THEN 500000 END, CASE g % 4 WHEN 0 THEN 'USD' WHEN 1 THEN 'USD' WHEN 2 THEN 'EUR' END
    FROM generate_series(0, ${CLIENTS - 1}) g, legal_entities le`);
  await run(`INSERT INTO contracts (code, client_id, legal_entity_id, name, models, currency, invoice_currency, start_date, tax_jurisdiction, expense_terms)
    SELECT 'K' || c.code, c.id, c.legal_entity_id, 'Contract', '{time_and_materials}', 'USD', 'USD', '2024-01-01', 'US',
      '{"billable":true,"markupPercent":"0","capMinor":null,"capPercentOfFees":null}'::jsonb FROM clients c`);
  await run(`INSERT INTO projects (code, contract_id, name, status)
    SELECT 'P' || k.code || n, k.id, 'Project', CASE WHEN (substr(k.code, 4)::int + n) % 3 = 0 THEN 'active' ELSE 'closed' END::project_status
    FROM contracts k, generate_series(1, 2) n`);
  await run(`INSERT INTO client_collectors (client_id, collector_id, assigned_by, assigned_at)
    SELECT c.id, u.id, 'test', now() FROM clients c JOIN users u ON u.email = 'col' || (1 + substr(c.code, 3)::int % 2) || '@eq.test'
    WHERE substr(c.code, 3)::int % 5 <> 4`);

  const rnd = prng(2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const clientRows = await queryRows<{ id: string; k: string; code: string }>(
    database.db,
    sql`SELECT c.id, k.id AS k, c.code FROM clients c JOIN contracts k ON k.client_id = c.id ORDER BY c.code`,
  );
  let number = 0;
  for (const [ci, c] of clientRows.entries()) {
    // Client 0 has no history at all (the prior stands in); the others 6 to 30 invoices.
    const count = ci === 0 ? 2 : 6 + Math.floor(rnd() * 25);
    for (let k = 0; k < count; k++) {
      const issue =
        k === count - 1 && ci % 3 === 0 ? AS_OF : addDays(AS_OF, -Math.floor(rnd() * 420) + (k === 0 ? 5 : 0));
      const terms = pick([0, 14, 30, 30, 45]);
      const total = BigInt(1000 + Math.floor(rnd() * 2_000_000));
      const fate =
        ci === 0
          ? 'open'
          : pick([
              'paid',
              'paid',
              'paid',
              'partial',
              'open',
              'open',
              'later',
              'reversed',
              'credited',
              'off_before',
              'off_after',
            ]);
      const status =
        { paid: 'paid', later: 'paid', reversed: 'delivered', off_before: 'written_off', off_after: 'written_off' }[
          fate as string
        ] ?? 'delivered';
      const changed =
        fate === 'off_before' ? addDays(issue, 60) : fate === 'off_after' ? addDays(AS_OF, 3) : addDays(issue, 1);
      const num = `EQ-${String(++number).padStart(5, '0')}`;
      const [inv] = await queryRows<{ id: string }>(
        database.db,
        sql`INSERT INTO invoices (number, kind, status, legal_entity_id, client_id, contract_id, period, currency, subtotal_minor, total_minor,
            payment_terms_days, issue_date, due_date, status_changed_at)
          SELECT ${num}, 'invoice', ${status}::invoice_status, c.legal_entity_id, c.id, ${c.k}::uuid, ${`${2000 + number}-01`}, 'USD', ${total}, ${total},
            ${terms}, ${issue}::date, ${addDays(issue, terms)}::date, ${`${changed}T10:00:00Z`}::timestamptz
          FROM clients c WHERE c.id = ${c.id}::uuid RETURNING id`,
      );
      const pay = async (amount: bigint, on: string, reversedAt: string | null = null) => {
        const [p] = await queryRows<{ id: string }>(
          database.db,
          sql`INSERT INTO payments (legal_entity_id, client_id, currency, amount_minor, received_on, method, bank_reference, recorded_by, created_at, status, reversed_at, reversed_by, reversal_reason)
            SELECT c.legal_entity_id, c.id, 'USD', ${amount}, ${on}::date, 'bank_transfer', ${`R-${num}-${on}`}, 'test', now(),
              ${reversedAt ? 'reversed' : 'recorded'}::payment_status, ${reversedAt}::timestamptz, ${reversedAt ? 'test' : null}, ${reversedAt ? 'bounced' : null}
            FROM clients c WHERE c.id = ${c.id}::uuid RETURNING id`,
        );
        await database.db.execute(
          sql`INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, recorded_minor, created_at) VALUES (${p!.id}::uuid, ${inv!.id}::uuid, ${amount}, ${amount}, now())`,
        );
      };
      const settleDays = Math.round(15 + rnd() * 50);
      if (fate === 'paid')
        await pay(total, addDays(issue, settleDays) < AS_OF ? addDays(issue, settleDays) : addDays(AS_OF, -1));
      if (fate === 'later') await pay(total, addDays(AS_OF, 5));
      if (fate === 'partial') await pay(total / 3n, addDays(issue, 10) < AS_OF ? addDays(issue, 10) : AS_OF);
      if (fate === 'reversed') await pay(total, addDays(issue, 5), `${addDays(AS_OF, 2)}T09:00:00Z`);
      if (fate === 'credited') {
        await database.db.execute(
          sql`INSERT INTO invoices (number, kind, status, legal_entity_id, client_id, contract_id, period, currency, subtotal_minor, total_minor,
              payment_terms_days, issue_date, due_date, credits_invoice_id)
            SELECT ${`${num}-CN`}, 'credit_note', 'delivered', c.legal_entity_id, c.id, ${c.k}::uuid, ${`${2000 + number}-02`}, 'USD',
              ${-total / 2n}, ${-total / 2n}, 0, ${addDays(issue, 7)}::date, ${addDays(issue, 7)}::date, ${inv!.id}::uuid
            FROM clients c WHERE c.id = ${c.id}::uuid`,
        );
      }
      const d = rnd();
      if (d < 0.25 && ci !== 0) {
        const opened = addDays(issue, 5 + Math.floor(rnd() * 20));
        const resolved = d < 0.08 ? null : d < 0.16 ? addDays(opened, 10) : addDays(AS_OF, 10);
        await database.db.execute(
          sql`INSERT INTO invoice_disputes (invoice_id, reason, opened_by, opened_at, resolution, resolved_by, resolved_at)
            VALUES (${inv!.id}::uuid, 'hours not agreed', 'test', ${`${opened}T09:00:00Z`}::timestamptz,
              ${resolved ? 'rejected' : null}, ${resolved ? 'test' : null}, ${resolved ? `${resolved}T09:00:00Z` : null}::timestamptz)`,
        );
      }
      if ((fate === 'open' || fate === 'partial') && rnd() < 0.5) {
        const promisedFor = pick([addDays(AS_OF, 7), addDays(AS_OF, -7), AS_OF]);
        const superseded = rnd() < 0.3;
        const recorded = addDays(AS_OF, -20);
        await database.db.execute(
          sql`INSERT INTO promises_to_pay (invoice_id, amount_minor, currency, open_at_record_minor, promised_for, promised_by, recorded_by, recorded_at, status, closed_on)
            VALUES (${inv!.id}::uuid, ${total / (rnd() < 0.3 ? 1n : 4n)}, 'USD', ${rnd() < 0.2 ? total / 2n : total}, ${promisedFor}::date, 'AP', 'test',
              ${`${recorded}T09:00:00Z`}::timestamptz, ${superseded ? 'superseded' : 'open'}, ${superseded ? addDays(AS_OF, -3) : null}::date)`,
        );
      }
    }
  }
  const model = trainRiskModel(modelHistory(), '2026-01-01');
  await database.db.insert(riskModels).values({
    version: 1,
    kind: model.kind,
    trainedThrough: model.trainedThrough,
    trainedBy: 'test',
    trainedAt: new Date(),
    metrics: model.metrics as unknown as Record<string, unknown>,
    model: model as unknown as Record<string, unknown>,
  });
}

/** The settled history the test's risk models are trained on. */
function modelHistory(): RiskInvoice[] {
  const rndModel = prng(3);
  const history: RiskInvoice[] = [];
  for (let c = 0; c < 80; c++) {
    for (let k = 0; k < 8; k++) {
      const issue = addDays('2024-01-01', k * 60 + Math.floor(rndModel() * 30));
      const disputed = rndModel() < 0.25;
      history.push({
        id: `h${c}-${k}`,
        clientId: `c${c}`,
        group: c % 2 ? 'US' : 'DE',
        paperless: rndModel() < 0.6,
        amount: 500 + rndModel() * 20_000,
        issueDate: issue,
        dueDate: addDays(issue, 30),
        settledDate: addDays(issue, Math.round(20 + rndModel() * 30 + (disputed ? 15 : 0))),
        disputeKnownOn: disputed ? addDays(issue, 10) : null,
      });
    }
  }
  return history;
}

describe(`prioritizeCollections on ${backend}`, () => {
  let database: Database;
  /** Stores a risk model trained on modelHistory as of a date as the given version (the newest is scored with). */
  const storeModel = async (version: number, trainedAsOf: string) => {
    const model = trainRiskModel(modelHistory(), trainedAsOf);
    await database.db.insert(riskModels).values({
      version,
      kind: model.kind,
      trainedThrough: model.trainedThrough,
      trainedBy: 'test',
      trainedAt: new Date(),
      metrics: model.metrics as unknown as Record<string, unknown>,
      model: model as unknown as Record<string, unknown>,
    });
  };
  const ctx = () => ({
    actor: serviceActor('scheduler'),
    correlationId: 'test:eq',
    now: new Date('2026-07-01T02:00:00Z'),
  });
  beforeAll(async () => {
    database = await createTestDatabase();
    await loadVariedFirm(database);
  });
  afterAll(async () => database?.close());

  /** The worklist rows a run stored, in rank order. */
  const storedRows = (runId: string) =>
    queryRows<Record<string, unknown>>(
      database.db,
      sql`SELECT rank, invoice_id, collector_id, priority::text, action, step, reasons, open_minor::text, currency, days_past_due,
          late_probability::text, expected_days_late::text, dispute_probability::text
        FROM worklist_items WHERE run_id = ${runId}::uuid ORDER BY rank`,
    );

  /**
   * The reference: the whole ledger read at once by the stores the run used before batching, scored
   * by scoreOpen (the dispute model run on every receivable), or by `score` where given.
   */
  async function reference(asOf: string, score?: Parameters<typeof receivableFacts>[7]) {
    const known = historyAsOf(await ledgerHistory(database.db), asOf);
    const owed = await openAmountsAsOf(database.db, asOf);
    const clients = await clientCollectionFacts(database.db);
    const receivables = known
      .filter((i) => owed.has(i.id) && i.settledDate === null)
      .map((i) => ({ ...i, openMinor: owed.get(i.id)! }));
    const scored = receivableFacts(
      (await latestRiskModel(database.db))!.model,
      asOf,
      receivables,
      byClient(known),
      await disputesOpenOn(database.db, asOf),
      clients,
      await promisesAsOf(database.db, asOf),
      score,
      {
        policies: await dunningPolicyTable(database.db),
        pauses: await activePauses(database.db, asOf),
        sent: await outboxSteps(database.db, asOf),
      },
      // The run's rates: credit exposure in a limit's currency converts (or names) the client's other currencies.
      await rankingFx(database.db, asOf),
    );
    const byId = new Map(scored.map((s, n) => [s.facts.invoiceId, { s, inv: receivables[n]! }]));
    return prioritize(scored.map((x) => x.facts)).map((p) => {
      const { s, inv } = byId.get(p.invoiceId)!;
      return {
        rank: p.rank,
        invoice_id: p.invoiceId,
        collector_id: clients.get(inv.clientId)?.collectorId ?? null,
        priority: p.priority.toFixed(4),
        action: p.action,
        step: p.step,
        reasons: p.reasons,
        open_minor: String(inv.openMinor),
        currency: inv.currency,
        days_past_due: s.facts.daysPastDue,
        late_probability: s.facts.lateProbability.toFixed(4),
        expected_days_late: Math.min(999_999, s.facts.expectedDaysLate).toFixed(2),
        dispute_probability: s.disputeProbability.toFixed(4),
      };
    });
  }

  /** The dispute score counts of the run's audit row. */
  const scoreCounts = async (runId: string) => {
    const [row] = await queryRows<{ read: number; computed: number }>(
      database.db,
      sql`SELECT (after->'disputeScores'->>'read')::int AS read, (after->'disputeScores'->>'computed')::int AS computed
        FROM audit_log WHERE action = 'collections.prioritize' AND target_id = ${runId}`,
    );
    return row!;
  };

  /** Receivables of a worklist without a dispute open on the date (the ones the dispute model scores). */
  const undisputedIn = async (rows: readonly { invoice_id: string }[], asOf: string) => {
    const disputed = await disputesOpenOn(database.db, asOf);
    return rows.filter((r) => !disputed.has(r.invoice_id)).length;
  };

  /** Stored dispute scores per model version. */
  const storedScores = async () =>
    new Map(
      (
        await queryRows<{ v: number; n: number }>(
          database.db,
          sql`SELECT model_version AS v, count(*)::int AS n FROM invoice_dispute_scores GROUP BY model_version`,
        )
      ).map((r) => [r.v, r.n]),
    );

  it('stores the worklist the whole-ledger ranking (receivableFacts with scoreOpen, prioritize) gives, batch by batch', async () => {
    const r = await prioritizeCollections(database, ctx(), { asOf: AS_OF }, { clientBatch: 3 });
    if (!r.ok) throw new Error(r.error.message);
    const stored = await storedRows(r.value.runId);
    const expected = await reference(AS_OF);
    // The fixture reaches every branch the ranking has.
    expect(new Set(expected.map((e) => e.action))).toEqual(
      new Set(['monitor', 'reminder', 'call', 'escalate', 'hold']),
    );
    expect(expected.some((e) => e.reasons.some((x) => x.includes('was broken')))).toBe(true);
    expect(expected.some((e) => e.reasons.some((x) => x.includes('priority lowered')))).toBe(true);
    expect(expected.some((e) => e.reasons.some((x) => x.includes('against a credit limit')))).toBe(true);
    // A limit in EUR over USD invoices with no EUR/USD rate: the exposure names what it leaves out.
    expect(
      expected.some((e) => e.reasons.some((x) => /^Credit exposure leaves out .* USD: no exchange rate/.test(x))),
    ).toBe(true);
    expect(expected.some((e) => e.collector_id === null)).toBe(true);
    expect(stored).toEqual(expected);
    expect(r.value.summary).toMatchObject({
      items: expected.length,
      unassigned: expected.filter((e) => !e.collector_id).length,
    });
    // The first run under the model scores every open receivable without an open dispute, and stores each once.
    const undisputed = await undisputedIn(expected, AS_OF);
    expect(await scoreCounts(r.value.runId)).toEqual({ read: 0, computed: undisputed });
    expect(await storedScores()).toEqual(new Map([[1, undisputed]]));
  });

  it('decodes the ledger by column position as ledgerHistory decodes it: cursor rows as arrays or objects, and ranges', async () => {
    /** A read's chunks as one ledger, its invoices by id (chunk boundaries aside, the reads must agree). */
    const merged = (chunks: readonly ClientsLedger[]) => ({
      history: chunks.flatMap((c) => c.history).sort((a, b) => (a.id < b.id ? -1 : 1)),
      open: new Map(chunks.flatMap((c) => [...c.open])),
      disputed: new Set(chunks.flatMap((c) => [...c.disputed])),
      promises: new Map(chunks.flatMap((c) => [...c.promises])),
      sent: new Map(chunks.flatMap((c) => [...c.sent])),
    });
    const [range] = await queryRows<{ from: string; to: string }>(
      database.db,
      sql`SELECT min(id::text) AS from, max(id::text) AS to FROM clients`,
    );
    const ranges = merged([await ledgerOfClients(database.db, AS_OF, range!)]);
    // The ranges decode every invoice issued by the date as ledgerInvoiceOf does, field for field.
    const known = (await ledgerHistory(database.db)).filter((i) => i.issueDate <= AS_OF);
    expect(ranges.history).toEqual(known.sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(ranges.open.size).toBeGreaterThan(0);
    expect(ranges.promises.size).toBeGreaterThan(0);
    expect(ranges.disputed.size).toBeGreaterThan(0);
    const conn = await dedicatedConnection(database.db);
    if (!conn) return; // PGlite: no cursor on a connection of its own; the ranges are its read.
    try {
      const read = async (raw: RawSql) => {
        const out: ClientsLedger[] = [];
        for await (const chunk of ledgerInClientOrder(raw, AS_OF, 7)) out.push(chunk);
        return merged(out);
      };
      // Rows as arrays (the server connection's queryArrays), and as objects put in the columns' order.
      expect(conn.queryArrays).toBeDefined();
      expect(await read(conn)).toEqual(ranges);
      expect(await read({ query: conn.query })).toEqual(ranges);
      // Columns in another order than the positions read (two swapped): the read refuses instead of mixing fields.
      const swapped: RawSql = {
        query: conn.query,
        queryArrays: async (text, params) => {
          const r = await conn.queryArrays!(text, params);
          const swap = <T>(x: readonly T[]): T[] => (x.length > 1 ? [x[1]!, x[0]!, ...x.slice(2)] : [...x]);
          return { rows: r.rows.map(swap), columns: swap(r.columns) };
        },
      };
      await expect(read(swapped)).rejects.toThrow(/the cursor's columns are number, id/);
    } finally {
      conn.release();
    }
  });

  it('leaves nothing staged, and the same date again replays the run with no second audit row', async () => {
    const [staged] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM worklist_staging`);
    expect(staged!.n).toBe(0);
    const again = await prioritizeCollections(database, ctx(), { asOf: AS_OF });
    expect(again.ok && again.value.replayed).toBe(true);
    const [audits] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'collections.prioritize'`,
    );
    expect(audits!.n).toBe(1);
  });

  it('a later night reads the stored scores, runs the model only for new ones, and ranks as rescoring all does', async () => {
    const before = (await storedScores()).get(1)!;
    const night = addDays(AS_OF, 1);
    const r = await prioritizeCollections(database, { ...ctx(), now: new Date(`${night}T02:00:00Z`) }, { asOf: night });
    if (!r.ok) throw new Error(r.error.message);
    expect(await storedRows(r.value.runId)).toEqual(await reference(night));
    const counts = await scoreCounts(r.value.runId);
    expect(counts.read).toBeGreaterThan(0);
    expect(counts.read).toBeLessThanOrEqual(before);
    expect((await storedScores()).get(1)).toBe(before + counts.computed);
  });

  it('uses a stored score as it is: a different stored value shows in the worklist, the model is not run for it', async () => {
    const night = addDays(AS_OF, 2);
    // The target: a receivable of that night without a dispute open on it (the dispute model's score
    // is used only for those), whose score is already stored and well below the planted one.
    // Chosen from the night's own reference, so the invoice's UUID order cannot pick one the night
    // does not rank (an earlier run's row, since disputed or settled).
    const disputed = await disputesOpenOn(database.db, night);
    const scoredIds = new Set(
      (
        await queryRows<{ invoice_id: string }>(
          database.db,
          sql`SELECT invoice_id FROM invoice_dispute_scores WHERE model_version = 1`,
        )
      ).map((r) => r.invoice_id),
    );
    const target = (await reference(night)).find(
      (r) => !disputed.has(r.invoice_id) && scoredIds.has(r.invoice_id) && Number(r.dispute_probability) < 0.5,
    );
    expect(target).toBeDefined();
    const planted = 0.9375;
    await database.db.execute(
      sql`UPDATE invoice_dispute_scores SET probability = ${String(planted)}::numeric WHERE invoice_id = ${target!.invoice_id}::uuid`,
    );
    const r = await prioritizeCollections(database, { ...ctx(), now: new Date(`${night}T02:00:00Z`) }, { asOf: night });
    if (!r.ok) throw new Error(r.error.message);
    const stored = await storedRows(r.value.runId);
    // The reference with the planted score for that invoice and the model for the others.
    const planting: Parameters<typeof receivableFacts>[7] = (m, inv, h, d, od) =>
      scoreOpenLean(m, inv, h, d, od, inv.id === target!.invoice_id ? planted : undefined);
    expect(stored).toEqual(await reference(night, planting));
    expect(stored).not.toEqual(await reference(night));
  });

  it("a new model version scores every receivable again under it and leaves the old version's scores", async () => {
    const v1 = (await storedScores()).get(1)!;
    await storeModel(2, '2025-09-01');
    const night = addDays(AS_OF, 3);
    const r = await prioritizeCollections(database, { ...ctx(), now: new Date(`${night}T02:00:00Z`) }, { asOf: night });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.modelVersion).toBe(2);
    const expected = await reference(night);
    expect(await storedRows(r.value.runId)).toEqual(expected);
    const undisputed = await undisputedIn(expected, night);
    expect(await scoreCounts(r.value.runId)).toEqual({ read: 0, computed: undisputed });
    expect(await storedScores()).toEqual(
      new Map([
        [1, v1],
        [2, undisputed],
      ]),
    );
  });

  it("a backfill after a new model stores every open receivable's score, so the next night computes none and ranks the same", async () => {
    await storeModel(3, '2025-11-01');
    const night = addDays(AS_OF, 4);
    const at = { ...ctx(), now: new Date(`${night}T01:00:00Z`) };
    const open = (await reference(night)).length;
    const filled = await backfillDisputeScores(database, at, { asOf: night }, { clientBatch: 3 });
    if (!filled.ok) throw new Error(filled.error.message);
    expect(filled.value).toEqual({
      modelVersion: 3,
      asOf: night,
      open,
      alreadyStored: 0,
      stored: open,
      skipped: false,
    });
    // Disputed receivables are scored too: the night does not need them, a closed dispute will.
    expect((await storedScores()).get(3)).toBe(open);

    const r = await prioritizeCollections(database, { ...ctx(), now: new Date(`${night}T02:00:00Z`) }, { asOf: night });
    if (!r.ok) throw new Error(r.error.message);
    const expected = await reference(night);
    expect(await storedRows(r.value.runId)).toEqual(expected);
    expect(await scoreCounts(r.value.runId)).toEqual({ read: await undisputedIn(expected, night), computed: 0 });

    // Again: every unsettled invoice has its score, so the ledger is not read and nothing is audited.
    const again = await backfillDisputeScores(database, at, { asOf: night });
    expect(again.ok && again.value).toEqual({
      modelVersion: 3,
      asOf: night,
      open: 0,
      alreadyStored: 0,
      stored: 0,
      skipped: true,
    });
    const audits = await queryRows<{ actor_id: string; stored: number }>(
      database.db,
      sql`SELECT actor_id, (after->>'stored')::int AS stored FROM audit_log
        WHERE action = 'risk_models.backfill_scores' ORDER BY seq`,
    );
    expect(audits).toEqual([{ actor_id: 'service:scheduler', stored: open }]);
  });

  it('a backfill counts what was stored already, and a collector may not run one', async () => {
    await storeModel(4, '2025-12-01');
    const night = addDays(AS_OF, 5);
    const receivables = await reference(night);
    // Five receivables were scored under version 4 already (at posting, say): those are counted, not computed.
    const current = (await currentRiskModel(database.db))!;
    expect(current.version).toBe(4);
    const planted = receivables.slice(0, 5).map((r) => ({ invoiceId: r.invoice_id, probability: 0.25 }));
    await writeDisputeScores(database.db, current, planted, new Date());
    const first = await backfillDisputeScores(database, ctx(), { asOf: night }, { clientBatch: 4 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value).toMatchObject({
      modelVersion: 4,
      open: receivables.length,
      alreadyStored: 5,
      stored: receivables.length - 5,
      skipped: false,
    });
    // The planted scores stay as they were.
    const [kept] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM invoice_dispute_scores WHERE model_version = 4 AND probability = 0.25`,
    );
    expect(kept!.n).toBe(5);
    const collector = {
      ...ctx(),
      actor: { userId: 'u-col', roles: ['collector' as const], entityIds: null, onBehalfOf: null },
    };
    const refused = await backfillDisputeScores(database, collector, {});
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
  });

  it("a backfill stores by the pool's cursor the rows it stores on a transaction's handle; again, none", async () => {
    await storeModel(5, '2026-01-01');
    const night = addDays(AS_OF, 6);
    const at = { ...ctx(), now: new Date(`${night}T01:00:00Z`) };
    const scoresOf5 = () =>
      queryRows<Record<string, unknown>>(
        database.db,
        sql`SELECT invoice_id, model_version, model_hash, probability::text, scored_at FROM invoice_dispute_scores
          WHERE model_version = 5 ORDER BY invoice_id`,
      );
    const filled = await backfillDisputeScores(database, at, { asOf: night }, { clientBatch: 3 });
    if (!filled.ok) throw new Error(filled.error.message);
    const viaPool = await scoresOf5();
    expect(viaPool).toHaveLength(filled.value.stored);
    expect(filled.value.stored).toBe((await reference(night)).length);

    // The same backfill on a transaction's handle, which has no pool: the ledger is read by ranges of clients.
    await database.db.execute(sql`DELETE FROM invoice_dispute_scores WHERE model_version = 5`);
    const viaArrays = await database.db.transaction((tx) =>
      backfillDisputeScores({ db: tx }, at, { asOf: night }, { clientBatch: 3 }),
    );
    expect(viaArrays).toEqual(filled);
    const current = (await currentRiskModel(database.db))!;
    expect(current.version).toBe(5);
    expect(await scoresOf5()).toEqual(viaPool);
    expect(new Set(viaPool.map((r) => r.model_hash))).toEqual(new Set([current.hash]));

    // Again through the pool: every unsettled invoice is scored, nothing is stored or changed.
    const again = await backfillDisputeScores(database, at, { asOf: night }, { clientBatch: 3 });
    expect(again.ok && again.value).toMatchObject({ modelVersion: 5, stored: 0, skipped: true });
    expect(await scoresOf5()).toEqual(viaPool);
  });
});

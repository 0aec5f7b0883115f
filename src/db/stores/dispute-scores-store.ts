/**
 * Dispute probabilities at issue per risk model version (invoice_dispute_scores): the model they
 * belong to is named by its version and the sha256 of its stored JSON, so a score is never read for
 * another model that came to carry the same version number.
 */
import { createHash } from 'node:crypto';
import { desc, eq, type SQL, sql } from 'drizzle-orm';
import type { RiskModel } from '../../billing/risk/model.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { riskModels } from '../schema/index.ts';
import { arrayLiteral } from './worklist-staging-store.ts';

/** A stored risk model version and the key its scores are stored under. */
export interface CurrentRiskModel {
  version: number;
  /** sha256 (hex) of the model as stored. */
  hash: string;
  model: RiskModel;
}

/** Parsed and hashed models by version and training time (a model is a few hundred KiB of JSON). */
const cache = new Map<string, CurrentRiskModel>();

/** The newest stored risk model with its hash, or null before the first training. */
export async function currentRiskModel(db: DbOrTx): Promise<CurrentRiskModel | null> {
  const [head] = await db
    .select({ version: riskModels.version, trainedAt: riskModels.trainedAt })
    .from(riskModels)
    .orderBy(desc(riskModels.version))
    .limit(1);
  if (!head) return null;
  const key = `${head.version}@${head.trainedAt.toISOString()}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const [row] = await db
    .select({ model: riskModels.model })
    .from(riskModels)
    .where(eq(riskModels.version, head.version));
  if (!row) return null;
  const found: CurrentRiskModel = {
    version: head.version,
    hash: createHash('sha256').update(JSON.stringify(row.model)).digest('hex'),
    model: row.model as unknown as RiskModel,
  };
  if (cache.size > 8) cache.clear();
  cache.set(key, found);
  return found;
}

/** The part of a model that names its scores. */
export type ScoreKey = Pick<CurrentRiskModel, 'version' | 'hash'>;

/**
 * Stores dispute probabilities at issue under a model, in one statement (each column one array
 * parameter through unnest). A score already stored for the invoice and version stays (it is the same
 * number: it reads only history before the issue) unless it was stored under another hash, which it
 * replaces. The invoices and the model are checked set-based (the table has no foreign keys, migration
 * 0044): the statement writes nothing unless every score joins its invoice and the model exists, and
 * then throws. Returns the rows written. One path on every handle: a COPY into a temporary table on a
 * server pool was tried and removed, as it saved no time (docs/performance.md, prioritization).
 */
export async function writeDisputeScores(
  db: DbOrTx,
  key: ScoreKey,
  scores: readonly { invoiceId: string; probability: number }[],
  at: Date,
): Promise<number> {
  if (scores.length === 0) return 0;
  for (const s of scores)
    if (!(s.probability >= 0 && s.probability <= 1))
      throw new Error(`dispute probability ${s.probability} of ${s.invoiceId}`);
  // String(number) is the shortest text that reads back as the same double; numeric keeps it exactly.
  const [done] = await queryRows<Written>(
    db,
    storeScores(
      sql`unnest(${arrayLiteral(
        scores.map((s) => s.invoiceId),
        true,
      )}::uuid[], ${arrayLiteral(
        scores.map((s) => String(s.probability)),
        true,
      )}::numeric[]) AS x(invoice_id, probability)`,
      key,
      scores.length,
      at,
    ),
  );
  if (done?.found !== scores.length)
    throw new Error(
      `dispute scores: ${done?.found ?? 0} of ${scores.length} found their invoice and model ${key.version}; none written`,
    );
  return done.written;
}

/** What storeScores reports: scores that joined their invoice and the model, and rows written. */
type Written = { found: number; written: number };

/**
 * The one statement that stores `count` scores read from `source` (a relation x(invoice_id, probability)):
 * nothing unless all of them join their invoice and the model exists. Each score looks its invoice up by
 * primary key (a LATERAL ... LIMIT 1, which the planner cannot turn into a hash join): as a plain join
 * the planner hashed the whole invoices table for every batch (400,000 rows, 4 batches spilled to disk,
 * for 20,000 scores), so a backfill read the table once per chunk and its cost grew with the square of
 * the ledger: 34 s of server CPU at 1,000,000 invoices.
 */
function storeScores(source: SQL, key: ScoreKey, count: number, at: Date): SQL {
  return sql`WITH x AS MATERIALIZED (
        SELECT x.invoice_id, x.probability
        FROM ${source}
          CROSS JOIN LATERAL (SELECT FROM invoices i WHERE i.id = x.invoice_id LIMIT 1) i
        WHERE EXISTS (SELECT 1 FROM risk_models m WHERE m.version = ${key.version}::int)),
      w AS (
        INSERT INTO invoice_dispute_scores (invoice_id, model_version, model_hash, probability, scored_at)
        SELECT x.invoice_id, ${key.version}::int, ${key.hash}, x.probability, ${at.toISOString()}::timestamptz
        FROM x WHERE (SELECT count(*) FROM x) = ${count}::int
        ON CONFLICT (invoice_id, model_version) DO UPDATE
          SET model_hash = EXCLUDED.model_hash, probability = EXCLUDED.probability, scored_at = EXCLUDED.scored_at
          WHERE invoice_dispute_scores.model_hash <> EXCLUDED.model_hash
        RETURNING 1)
      SELECT (SELECT count(*) FROM x)::int AS found, (SELECT count(*) FROM w)::int AS written`;
}

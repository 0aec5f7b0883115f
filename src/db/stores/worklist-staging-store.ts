/**
 * How the nightly prioritization writes its scored rows. On a PostgreSQL server once: ranked in the
 * process (RankedSpool) and copied straight into worklist_items with their ranks in the run's
 * transaction (copyRankedItems). On PGlite (no COPY) staged per batch in worklist_staging (array
 * parameters) and ranked into worklist_items by one INSERT ... SELECT. Either way the run holds no
 * transaction open while it scores. What it reads is worklist-store.ts.
 */
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';
import { copyField, copyInTransaction, copyInto } from '../copy-in.ts';

/** A scored receivable as staged: its worklist row without the run and the rank (numbers as decimal text). */
export interface StagedRow {
  invoice_id: string;
  collector_id: string | null;
  priority: string;
  action: string;
  step: string | null;
  reasons: string[];
  open_minor: string;
  currency: string;
  days_past_due: number;
  late_probability: string;
  expected_days_late: string;
  dispute_probability: string;
}

/**
 * A PostgreSQL array literal of texts (null for SQL NULL), for one parameter cast to an array type.
 * `bare`: values that need no quotes (uuids, decimal numbers).
 */
export function arrayLiteral(values: readonly (string | number | null)[], bare = false): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string | number | null;
    if (i > 0) out += ',';
    if (v === null) out += 'NULL';
    else if (bare || typeof v === 'number') out += v;
    else if (v.includes('"') || v.includes('\\')) out += `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
    else out += `"${v}"`;
  }
  return `${out}}`;
}

/** Separates a row's reasons in the staged text (a control character no reason contains). */
const REASON_SEPARATOR = '\u001f';

const STAGE_COPY = `COPY worklist_staging (build_id, invoice_id, collector_id, priority, action, step, reasons, open_minor,
  currency, days_past_due, late_probability, expected_days_late, dispute_probability) FROM STDIN`;

/**
 * A batch of staged rows as COPY text, reasons joined by the separator: one string built by
 * concatenation (an array of fields joined per row was a good part of the run's garbage). Uuids and
 * decimal texts go as they are; the other texts through copyField.
 */
function stagedLines(buildId: string, rows: readonly StagedRow[]): string {
  let out = '';
  for (const r of rows) {
    out += `${buildId}\t${r.invoice_id}\t${r.collector_id ?? '\\N'}\t${r.priority}\t${copyField(r.action)}\t${copyField(r.step)}\t${copyField(reasonsText(r))}\t${r.open_minor}\t${copyField(r.currency)}\t${r.days_past_due}\t${r.late_probability}\t${r.expected_days_late}\t${r.dispute_probability}\n`;
  }
  return out;
}

/** A row's reasons as one text, joined by REASON_SEPARATOR (which no reason may contain). */
function reasonsText(r: StagedRow): string {
  for (const x of r.reasons) if (x.includes(REASON_SEPARATOR)) throw new Error('a reason contains the separator');
  return r.reasons.join(REASON_SEPARATOR);
}

/**
 * Stages one batch of scored rows of a build: on a PostgreSQL server one COPY (copyInto); on
 * PGlite one statement, each column one array parameter (unnest). Reasons travel as text joined by
 * a separator and become jsonb when ranked: parsing a JSON document per row cost PostgreSQL about
 * ten times more than the rest of the row.
 */
export async function stageRows(db: DbOrTx, buildId: string, rows: readonly StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  // On a PostgreSQL server: COPY (see copyInto); on PGlite: the array parameters below.
  if (await copyInto(db, STAGE_COPY, () => stagedLines(buildId, rows))) return;
  const col = <K extends keyof StagedRow>(k: K, bare = false) =>
    arrayLiteral(
      rows.map((r) => r[k] as string | number | null),
      bare,
    );
  const reasons = arrayLiteral(rows.map(reasonsText));
  await queryRows(
    db,
    sql`INSERT INTO worklist_staging (build_id, invoice_id, collector_id, priority, action, step, reasons, open_minor, currency,
        days_past_due, late_probability, expected_days_late, dispute_probability)
      SELECT ${buildId}::uuid, x.* FROM unnest(${col('invoice_id', true)}::uuid[], ${col('collector_id', true)}::uuid[],
        ${col('priority', true)}::numeric[], ${col('action')}::text[], ${col('step')}::text[], ${reasons}::text[],
        ${col('open_minor', true)}::bigint[], ${col('currency')}::text[], ${col('days_past_due')}::int[],
        ${col('late_probability', true)}::numeric[], ${col('expected_days_late', true)}::numeric[], ${col('dispute_probability', true)}::numeric[])
        AS x(invoice_id, collector_id, priority, action, step, reasons, open_minor, currency, days_past_due, late_probability,
          expected_days_late, dispute_probability)`,
  );
}

/**
 * Ranks a build's staged rows into the run's worklist in one statement: higher priority first, then
 * more days past due, then invoice id (byPriority's order; uuids compare as their hex text does).
 * worklist_items has no foreign keys (migration 0040: checked row by row they were most of this
 * statement), so the references are checked here set-based: every row must join its run, its invoice
 * and its collector (when it has one); `expected` is the number of rows staged, and a row that joins
 * nothing fails the statement (and the caller's transaction) instead of going missing.
 */
export async function rankStagedRows(
  tx: DbOrTx,
  buildId: string,
  runId: string,
  expected: number,
  opts: { sortInMemory: boolean },
): Promise<void> {
  // The sort of a large run in memory (the default 4 MB spills it to disk); local to this transaction.
  if (opts.sortInMemory) await queryRows(tx, sql`SELECT set_config('work_mem', '128MB', true)`);
  const [ranked] = await queryRows<{ n: number }>(
    tx,
    sql`WITH ranked AS (
      INSERT INTO worklist_items (run_id, invoice_id, collector_id, rank, priority, action, step, reasons, open_minor,
        currency, days_past_due, late_probability, expected_days_late, dispute_probability)
      SELECT r.id, s.invoice_id, s.collector_id,
        row_number() OVER (ORDER BY s.priority DESC, s.days_past_due DESC, s.invoice_id), s.priority, s.action, s.step,
        CASE WHEN s.reasons = '' THEN '[]'::jsonb ELSE to_jsonb(string_to_array(s.reasons, ${REASON_SEPARATOR})) END,
        s.open_minor, s.currency, s.days_past_due, s.late_probability, s.expected_days_late, s.dispute_probability
      FROM worklist_staging s
        JOIN worklist_runs r ON r.id = ${runId}::uuid
        JOIN invoices i ON i.id = s.invoice_id
        LEFT JOIN users u ON u.id = s.collector_id
      WHERE s.build_id = ${buildId}::uuid AND (s.collector_id IS NULL OR u.id IS NOT NULL)
      RETURNING 1)
    SELECT count(*)::int AS n FROM ranked`,
  );
  if (ranked?.n !== expected)
    throw new Error(`worklist: ${ranked?.n ?? 0} of ${expected} staged rows found their run, invoice and collector`);
}

/** Deletes a build's staged rows, and any a crashed run left more than a day ago. */
export async function dropStaged(db: DbOrTx, buildId: string): Promise<void> {
  await queryRows(
    db,
    sql`DELETE FROM worklist_staging WHERE build_id = ${buildId}::uuid OR staged_at < now() - interval '1 day'`,
  );
}

/** The columns a ranked row's COPY text gives, in its order (RankedSpool.copyText writes them so). */
const RANKED_COPY = `COPY worklist_items (run_id, rank, invoice_id, collector_id, priority, action, step, reasons, open_minor,
  currency, days_past_due, late_probability, expected_days_late, dispute_probability) FROM STDIN`;

/**
 * Writes a run's ranked rows into worklist_items in the caller's transaction with one COPY (rows as
 * RankedSpool.copyText gives them), then checks their references set-based as rankStagedRows does:
 * all `expected` rows of the run must join their invoice and their collector (when they have one),
 * else it throws (and the transaction rolls back). False, having written nothing, where the
 * transaction has no server connection of its own (PGlite): stage and rank there instead.
 */
export async function copyRankedItems(
  tx: DbOrTx,
  runId: string,
  expected: number,
  text: Iterable<string | Buffer>,
): Promise<boolean> {
  if (!(await copyInTransaction(tx, RANKED_COPY, text))) return false;
  const [joined] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM worklist_items w
      JOIN invoices i ON i.id = w.invoice_id
      LEFT JOIN users u ON u.id = w.collector_id
      WHERE w.run_id = ${runId}::uuid AND (w.collector_id IS NULL OR u.id IS NOT NULL)`,
  );
  if (joined?.n !== expected)
    throw new Error(`worklist: ${joined?.n ?? 0} of ${expected} ranked rows found their invoice and collector`);
  return true;
}

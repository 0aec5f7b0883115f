/**
 * An md5 of every stored column of a date's worklist in rank order, and its run's summary: two runs
 * with equal fingerprints stored the same worklist, byte for byte (bench/prioritize-identical,
 * bench/prioritize-fingerprint).
 */
import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../src/db/client.ts';

export const WORKLIST_COLUMNS = [
  'invoice_id',
  'collector_id',
  'rank',
  'priority',
  'action',
  'step',
  'reasons',
  'open_minor',
  'currency',
  'days_past_due',
  'late_probability',
  'expected_days_late',
  'dispute_probability',
];

/** An md5 of each column of a date's worklist in rank order, the row count and the run's summary. */
export async function worklistFingerprint(database: Database, asOf: string): Promise<Record<string, string>> {
  const cols = WORKLIST_COLUMNS.map(
    (c) => `md5(string_agg(coalesce(w.${c}::text, '\\N'), ',' ORDER BY w.rank)) AS ${c}`,
  ).join(', ');
  const [row] = await queryRows<Record<string, string>>(
    database.db,
    sql.raw(`SELECT count(*)::text AS n, ${cols}, min(r.summary::text) AS summary
      FROM worklist_items w JOIN worklist_runs r ON r.id = w.run_id WHERE r.as_of = '${asOf}'`),
  );
  return row!;
}

import type { Database, RawSql } from '../client.ts';
import type { TimeEntry } from '../../billing/model.ts';
import { toTimeEntry, type TimeEntryScanRow } from './rows.ts';

/**
 * Streams a period's billable time entries in contract order through one server-side cursor, handing
 * out each batch's entries as the run asks. Entries are stored in the order they were logged, so a
 * contract's rows are spread over the whole table: fetching per batch of contracts read nearly every
 * page once per batch, while one sorted scan reads the table once.
 */
export class TimeEntryCursor {
  private buffer: TimeEntryScanRow[] = [];
  private done = false;

  private constructor(
    private readonly conn: RawSql & { release(): void },
    private readonly fetchSize: number,
  ) {}

  /** Opens the cursor in a repeatable-read snapshot on a dedicated connection. */
  static async open(
    database: Database,
    period: string,
    periodStart: string,
    periodEnd: string,
    fetchSize = 20_000,
  ): Promise<TimeEntryCursor> {
    if (!database.acquire) throw new Error('TimeEntryCursor needs a PostgreSQL server');
    // DECLARE takes no bind parameters, so the values are inlined: only these exact shapes pass.
    if (!/^\d{4}-\d{2}$/.test(period) || ![periodStart, periodEnd].every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))) {
      throw new Error(`bad period bounds ${period} ${periodStart} ${periodEnd}`);
    }
    const conn = await database.acquire();
    try {
      await conn.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await conn.query(
        `DECLARE bc_time CURSOR FOR
         SELECT te.id::text AS id, te.contract_id::text AS contract_id, te.person_id::text AS person_id, te.project_id::text AS project_id, te.role,
                te.work_date::text AS work_date, te.hours::text AS hours, te.billable, te.approval_status, te.rate_quoted::text AS rate_quoted, te.description
           FROM time_entries te
          WHERE te.billable AND te.work_date <= $3::date
            AND (te.approval_status = 'approved' OR (te.approval_status = 'submitted' AND te.work_date >= $2::date))
            AND NOT EXISTS (SELECT 1 FROM invoice_line_time_entries l JOIN invoice_lines il ON il.id = l.line_id JOIN invoices i ON i.id = il.invoice_id
                             WHERE l.time_entry_id = te.id AND NOT (i.status = 'draft' AND i.period = $1 AND i.supplements_invoice_id IS NULL))
          ORDER BY te.contract_id, te.id`
          .replace(/\$1/g, `'${period}'`)
          .replace(/\$2/g, `'${periodStart}'`)
          .replace(/\$3/g, `'${periodEnd}'`),
      );
    } catch (e) {
      await conn.query('ROLLBACK').catch(() => undefined);
      conn.release();
      throw e;
    }
    return new TimeEntryCursor(conn, fetchSize);
  }

  /**
   * The entries of these contracts. `ids` must be ascending and come after every id asked for before
   * (the run walks contracts in id order); entries of contracts not asked for are skipped.
   */
  async take(ids: readonly string[]): Promise<Map<string, TimeEntry[]>> {
    const out = new Map<string, TimeEntry[]>();
    if (ids.length === 0) return out;
    const wanted = new Set(ids);
    const last = ids[ids.length - 1]!;
    for (;;) {
      if (this.buffer.length === 0) {
        if (this.done) break;
        const { rows } = await this.conn.query<TimeEntryScanRow>(`FETCH ${this.fetchSize} FROM bc_time`);
        if (rows.length < this.fetchSize) this.done = true;
        this.buffer = rows;
        if (rows.length === 0) break;
      }
      let i = 0;
      for (; i < this.buffer.length; i++) {
        const r = this.buffer[i]!;
        if (r.contract_id > last) break;
        if (!wanted.has(r.contract_id)) continue;
        const list = out.get(r.contract_id);
        if (list) list.push(toTimeEntry(r));
        else out.set(r.contract_id, [toTimeEntry(r)]);
      }
      this.buffer = this.buffer.slice(i);
      if (this.buffer.length > 0) break; // the next row belongs to a later batch
    }
    return out;
  }

  /** Ends the snapshot and gives the connection back. */
  async close(): Promise<void> {
    await this.conn.query('COMMIT').catch(() => undefined);
    this.conn.release();
  }
}

import { sql } from 'drizzle-orm';
import type { SubmittedDisputeRisk } from '../../policy/facts.ts';
import { type DbOrTx, queryRows } from '../client.ts';

/** What the submission's audit row keeps of the pre-send check (`after.disputeRisk`). */
export interface StoredDisputeRisk extends SubmittedDisputeRisk {
  /** The review threshold in force at submission, in percent ("50"). */
  atLeastPercent: string;
  /** At or above that threshold when it was submitted: "review recommended". */
  flagged: boolean;
  /** The date the client's history was read as of. */
  asOf: string;
}

/**
 * The same read as a scalar subquery on the invoice of an enclosing query over `invoices` (the detail's one
 * statement carries it, so a detail read stays one round trip).
 */
export const submittedDisputeRiskSql = sql<StoredDisputeRisk | string | null>`(
  SELECT a.after -> 'disputeRisk' FROM audit_log a
  WHERE a.target_type = 'invoice' AND a.target_id = "invoices"."id"::text AND a.action = 'invoice.submit'
  ORDER BY a.seq DESC LIMIT 1)`;

/** node-postgres parses jsonb; some drivers hand it over as text. */
export const parseStoredDisputeRisk = (
  risk: StoredDisputeRisk | string | null | undefined,
): StoredDisputeRisk | null =>
  typeof risk === 'string' ? (JSON.parse(risk) as StoredDisputeRisk | null) : (risk ?? null);

/**
 * The dispute risk the pre-send check stored on the invoice's latest submission (the audit row of
 * its last `invoice.submit`), or null when it was never submitted with the check. One indexed read.
 */
export async function submittedDisputeRisk(db: DbOrTx, invoiceId: string): Promise<StoredDisputeRisk | null> {
  const [row] = await queryRows<{ risk: StoredDisputeRisk | string | null }>(
    db,
    sql`SELECT after -> 'disputeRisk' AS risk FROM audit_log
        WHERE target_type = 'invoice' AND target_id = ${invoiceId} AND action = 'invoice.submit'
        ORDER BY seq DESC LIMIT 1`,
  );
  return parseStoredDisputeRisk(row?.risk);
}

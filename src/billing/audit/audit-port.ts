import type { Result } from '../../shared/result.ts';
import type { AuditEntry, AuditRow } from './audit-row.ts';
import type { ChainBreak, ChainSummary } from './verify-chain.ts';

/**
 * The audit trail as the billing use cases see it. `Tx` is the adapter's database-or-transaction
 * handle: a use case appends inside the transaction that writes the change, so both commit or neither.
 */
export interface AuditTrail<Tx> {
  /** Appends one entry at the end of the chain; concurrent appenders are serialised. */
  append(tx: Tx, entry: AuditEntry): Promise<AuditRow>;
  /** Recomputes the whole chain and reports the first edited, deleted or reordered row. */
  verify(tx: Tx): Promise<Result<ChainSummary, ChainBreak>>;
}

import { disputeAtIssue } from '../../billing/risk/score.ts';
import type { DbOrTx } from '../../db/client.ts';
import { currentRiskModel, writeDisputeScores } from '../../db/stores/dispute-scores-store.ts';
import { ledgerHistory } from '../../db/stores/receivables-store.ts';

/**
 * Stores a just-posted invoice's dispute probability at issue under the newest risk model, in the
 * posting's transaction, so the nightly prioritization reads it instead of running the model. The
 * client's history as known now is what the model reads (only invoices issued before, and outcomes
 * dated before, the issue date count). Nothing before the first trained model (the prior changes
 * with the date it is taken on), nor for what the risk ledger leaves out (credit notes). A second
 * call for the invoice and model writes nothing. Returns the rows written (0 or 1).
 */
export async function storeDisputeAtIssue(
  tx: DbOrTx,
  invoice: { id: string; clientId: string },
  at: Date,
): Promise<number> {
  const current = await currentRiskModel(tx);
  if (!current) return 0;
  const history = await ledgerHistory(tx, invoice.clientId);
  const inv = history.find((i) => i.id === invoice.id);
  if (!inv) return 0;
  const probability = disputeAtIssue(current.model, inv, history);
  return writeDisputeScores(tx, current, [{ invoiceId: inv.id, probability }], at);
}

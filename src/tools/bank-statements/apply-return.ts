import { sql } from 'drizzle-orm';
import type { BankLineMatch } from '../../db/schema/index.ts';
import { queryRows } from '../../db/client.ts';
import { settleLine, type BankLineRow } from '../../db/stores/bank-statement-store.ts';
import { format, money } from '../../shared/money.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { paymentsReverse } from '../payments/reverse-payment.ts';
import { paymentKeyOf } from './apply-line.ts';

interface Candidate {
  payment_id: string;
  bank_reference: string;
  status: string;
  amount_minor: string;
  booked_on: string;
}

/** The recorded receipts of the entity that a return could reverse, found one way. */
const receipts = (svc: ToolCaller, line: BankLineRow, where: ReturnType<typeof sql>) =>
  queryRows<Candidate>(
    svc.deps.database.db,
    sql`
    SELECT l.payment_id, l.bank_reference, p.status, l.amount_minor::text, l.booked_on::text
    FROM bank_statement_lines l JOIN payments p ON p.id = l.payment_id
    WHERE l.legal_entity_id = ${line.legalEntityId}::uuid AND l.direction = 'credit' AND l.id <> ${line.id}::uuid
      AND l.currency = ${line.currency} AND l.booked_on <= ${line.bookedOn}::date AND ${where}
    ORDER BY l.booked_on DESC, l.line_no LIMIT 5`,
  );

/**
 * Finds the receipt a returned or reversed line undoes: by the end-to-end id the return quotes, else
 * by the original's bank reference named in the return's text, else by the same amount from the same
 * account (the return's creditor is the original's debtor), when exactly one receipt fits.
 */
async function findReturned(
  svc: ToolCaller,
  line: BankLineRow,
): Promise<{ found: Candidate; by: string } | { found: null; reason: string }> {
  if (line.endToEndId) {
    const byE2e = await receipts(svc, line, sql`l.end_to_end_id = ${line.endToEndId}`);
    if (byE2e.length === 1) return { found: byE2e[0]!, by: `the end-to-end id ${line.endToEndId}` };
  }
  if (line.remittance) {
    const byRef = await receipts(
      svc,
      line,
      sql`length(l.bank_reference) >= 6 AND position(l.bank_reference in ${line.remittance}) > 0`,
    );
    if (byRef.length === 1)
      return { found: byRef[0]!, by: `the bank reference ${byRef[0]!.bank_reference} in its text` };
  }
  if (line.counterpartyAccount) {
    const byAmount = await receipts(
      svc,
      line,
      sql`l.amount_minor = ${line.amountMinor} AND l.counterparty_account = ${line.counterpartyAccount} AND p.status = 'recorded'`,
    );
    if (byAmount.length === 1)
      return { found: byAmount[0]!, by: `the same amount from the same account (${line.counterpartyAccount})` };
    if (byAmount.length > 1)
      return {
        found: null,
        reason: `${byAmount.length} receipts of ${format(money(line.amountMinor, line.currency))} ${line.currency} from ${line.counterpartyAccount} fit: a person picks the one returned`,
      };
  }
  return {
    found: null,
    reason:
      'no recorded receipt matches: no end-to-end id, bank reference or amount and account of an imported credit fits',
  };
}

/**
 * Works a statement line that returns or reverses an earlier receipt (camt.053 RvslInd, RtrInf), as the
 * bank-import service identity: finds the receipt (findReturned) and reverses its payment through
 * payments_reverse (the line's bank reference as idempotency key, so a re-import reverses nothing
 * twice); the line becomes returned, or return_unmatched with the reason for a person.
 */
export async function applyReturn(svc: ToolCaller, line: BankLineRow): Promise<void> {
  const info = line.returnInfo;
  const why = [
    info?.reversal ? 'reversal of an earlier booking' : 'returned payment',
    info?.reasonCode ? `reason ${info.reasonCode}` : null,
    info?.reason ?? null,
  ]
    .filter(Boolean)
    .join(', ');
  const settle = (status: BankLineRow['status'], paymentId: string | null, match: BankLineMatch) =>
    settleLine(svc.deps.database.db, line.id, { status, clientId: null, paymentId, match }, svc.now);
  const base = { allocations: [], candidates: [] };
  const hit = await findReturned(svc, line);
  if (!hit.found) return settle('return_unmatched', null, { confidence: 'none', reasons: [why, hit.reason], ...base });
  const { found, by } = hit;
  if (found.status === 'reversed')
    return settle('returned', found.payment_id, {
      confidence: 'exact',
      reasons: [why, `matched by ${by}`, `payment ${found.bank_reference} was already reversed`],
      ...base,
    });
  const r = await callTool(
    svc,
    paymentsReverse,
    {
      paymentId: found.payment_id,
      reason: `returned by the bank on ${line.bookedOn} (line ${line.bankReference}): ${why}`.slice(0, 2000),
    },
    { idempotencyKey: paymentKeyOf(`return:${line.bankReference}`) },
  );
  if (r.ok || r.error.code === 'PAYMENT_ALREADY_REVERSED')
    return settle('returned', found.payment_id, {
      confidence: 'exact',
      reasons: [why, `matched by ${by}`, `payment ${found.bank_reference} reversed`],
      ...base,
    });
  return settle('return_unmatched', found.payment_id, {
    confidence: 'probable',
    reasons: [why, `matched by ${by}`, `the reversal was refused: ${r.error.message}`],
    ...base,
    error: { code: r.error.code, message: r.error.message },
  });
}

import { createHash } from 'node:crypto';
import { matchReceipt, type CashMatch, type OpenItem } from '../../billing/payments/cash-application.ts';
import { identifyPayer, type PayerClient } from '../../billing/payments/identify-payer.ts';
import type { BankLineMatch } from '../../db/schema/index.ts';
import { paymentByReference } from '../../db/stores/payment-store.ts';
import { clientOfAccount, settleLine, type BankLineRow } from '../../db/stores/bank-statement-store.ts';
import { format, money, parse } from '../../shared/money.ts';
import { callTool, IDEMPOTENCY_KEY_SHAPE } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { paymentsApply } from '../payments/apply-payment.ts';
import { paymentsRecord } from '../payments/record-payment.ts';
import { applyReturn } from './apply-return.ts';

/** The idempotency key of a line's payment: its bank reference (hashed when it is not a key's shape). */
export function paymentKeyOf(bankReference: string): string {
  const key = `bank:${bankReference}`;
  return IDEMPOTENCY_KEY_SHAPE.test(key)
    ? key
    : `bank:sha256:${createHash('sha256').update(bankReference).digest('hex')}`;
}

const decimal = (minor: bigint, currency: string) => format(money(minor, currency));

/** What the line's match stores: amounts as decimal strings, candidates by number and client code. */
function stored(m: CashMatch, currency: string, extra: Partial<BankLineMatch> = {}): BankLineMatch {
  return {
    confidence: m.confidence,
    reasons: m.reasons,
    allocations: m.allocations.map((a) => ({ invoice: a.number, amount: decimal(a.amountMinor, currency) })),
    candidates: m.candidates.map((c) => ({
      invoice: c.item.number,
      client: c.item.clientCode,
      open: decimal(c.item.openMinor, currency),
      dueDate: c.item.dueDate,
      reason: c.reason,
    })),
    ...extra,
  };
}

/**
 * Works one stored credit line as the bank-import service identity: tells who paid, records the
 * payment through payments_record (the bank reference as idempotency key, so a retry records
 * nothing twice), and applies what cash application finds exact through payments_apply; a
 * probable match is kept as a proposal for a person, and one that policy wants approved waits on
 * the approval request payments_apply opened. `items` (the entity's open invoices) is updated in
 * place with what was applied, so the next line sees the balances as they now are.
 */
export async function applyLine(
  svc: ToolCaller,
  entityCode: string,
  line: BankLineRow,
  clients: readonly PayerClient[],
  items: OpenItem[],
): Promise<void> {
  const cur = line.currency;
  const settle = (
    status: BankLineRow['status'],
    clientId: string | null,
    paymentId: string | null,
    match: BankLineMatch,
  ) => settleLine(svc.deps.database.db, line.id, { status, clientId, paymentId, match }, svc.now);
  // A returned or reversed receipt: its payment is reversed (apply-return.ts).
  if (line.direction === 'debit' && line.returnInfo) return applyReturn(svc, line);
  if (line.direction === 'debit')
    return settle('debit', null, null, {
      confidence: 'none',
      reasons: ['money out of the account: not a receipt'],
      allocations: [],
      candidates: [],
    });

  const knownAccount = line.counterpartyAccount
    ? await clientOfAccount(svc.deps.database.db, line.legalEntityId, line.counterpartyAccount)
    : null;
  const payer = identifyPayer(
    {
      counterpartyName: line.counterpartyName,
      remittance: line.remittance,
      currency: cur,
      clientOfAccount: knownAccount,
    },
    clients,
    items,
  );
  if (!payer.clientId) {
    const any = matchReceipt(
      { amountMinor: line.amountMinor, currency: cur, remittance: line.remittance, clientId: null },
      items,
    );
    return settle(
      'unidentified',
      null,
      null,
      stored({ ...any, confidence: 'none', allocations: [] }, cur, {
        reasons: [payer.reason, 'nothing recorded: a person names the client and records it'],
      }),
    );
  }
  const client = clients.find((c) => c.id === payer.clientId);
  if (!client)
    // identifyPayer names only clients of the list or owners of the entity's open invoices, which the list holds.
    throw new Error(`applyLine: payer ${payer.clientId} is not among the entity's clients`);
  const earlier = await paymentByReference(svc.deps.database.db, line.legalEntityId, line.bankReference);
  if (earlier && earlier.recordedBy !== svc.actor.userId) {
    // Typed in from a remittance advice before the statement came: the line is that payment; a person works its cash.
    return settle('unapplied', earlier.clientId, earlier.id, {
      confidence: 'none',
      reasons: [`already recorded by ${earlier.recordedBy} under this bank reference: nothing recorded again`],
      allocations: [],
      candidates: [],
    });
  }
  const recorded = await callTool(
    svc,
    paymentsRecord,
    {
      client: client.code,
      // The statement's entity received the cash: a client moved to another entity still pays the old one's invoices here.
      legalEntity: entityCode,
      amount: decimal(line.amountMinor, cur),
      currency: cur,
      receivedOn: line.bookedOn,
      method: 'bank_transfer',
      bankReference: line.bankReference,
      note: line.remittance ?? undefined,
      allocations: [],
    },
    { idempotencyKey: paymentKeyOf(line.bankReference) },
  );
  if (!recorded.ok) {
    const e = recorded.error;
    return settle('failed', client.id, null, {
      confidence: 'none',
      reasons: [payer.reason, `the payment was refused: ${e.message}`],
      allocations: [],
      candidates: [],
      error: { code: e.code, message: e.message },
    });
  }
  const paymentId = recorded.value.paymentId;
  const unapplied = parse(recorded.value.unapplied.amount, cur).amountMinor;
  if (unapplied === 0n) {
    return settle('applied', client.id, paymentId, {
      confidence: 'exact',
      reasons: [payer.reason, 'already recorded and applied in full'],
      allocations: [],
      candidates: [],
    });
  }
  const left = items.filter((i) => i.clientId === client.id);
  const m = matchReceipt(
    { amountMinor: unapplied, currency: cur, remittance: line.remittance, clientId: client.id },
    left,
  );
  const reasons = [payer.reason, ...m.reasons];
  if (m.confidence !== 'exact')
    return settle(
      m.confidence === 'probable' ? 'proposed' : 'unapplied',
      client.id,
      paymentId,
      stored({ ...m, reasons }, cur),
    );
  const applied = await callTool(
    svc,
    paymentsApply,
    {
      paymentId,
      allocations: m.allocations.map((a) => ({ invoice: a.number, amount: decimal(a.amountMinor, cur) })),
      note: m.reasons.join('; ').slice(0, 2000),
    },
    { idempotencyKey: `${paymentKeyOf(line.bankReference)}:apply` },
  );
  if (applied.ok) {
    for (const a of m.allocations) {
      const i = items.find((x) => x.invoiceId === a.invoiceId);
      if (i) i.openMinor -= a.amountMinor;
    }
    return settle('applied', client.id, paymentId, stored({ ...m, reasons }, cur));
  }
  const e = applied.error as { code: string; message: string; requestId?: string | null };
  if (e.code === 'APPROVAL_REQUIRED' || e.code === 'ARGS_CHANGED') {
    return settle(
      'proposed',
      client.id,
      paymentId,
      stored({ ...m, reasons: [...reasons, `policy asks for approval first: ${e.message}`] }, cur, {
        approvalRequestId: e.requestId ?? null,
      }),
    );
  }
  return settle(
    'unapplied',
    client.id,
    paymentId,
    stored({ ...m, reasons: [...reasons, `not applied: ${e.message}`] }, cur, {
      error: { code: e.code, message: e.message },
    }),
  );
}

import { sql } from 'drizzle-orm';
import type { BankAccount } from '../../billing/collections/bank-account.ts';
import type { PolicyStep } from '../../billing/collections/dunning.ts';
import type { PromiseOnRecord } from '../../billing/collections/receivable-facts.ts';
import { queryRows, type DbOrTx } from '../client.ts';

/** An invoice open on a date with what a reminder needs. */
export interface DunningInvoice {
  id: string;
  number: string;
  clientId: string;
  clientCode: string;
  clientName: string;
  language: string;
  segment: string;
  contactEmail: string | null;
  collectorEmail: string | null;
  dueDate: string;
  currency: string;
  payee: string;
  /** The issuing entity's bank account, or null when none is on file. */
  bank: BankAccount | null;
  legalEntityId: string;
  /** The contract's late fee, percent a month (numeric text), or null when it has none. */
  lateFeePercentMonthly: string | null;
  /** The client's account manager as written on the client (an e-mail or a name), or null. */
  accountManager: string | null;
}

/** Details of the invoices with these ids (numbered, with a due date). */
export async function dunningInvoices(db: DbOrTx, ids: readonly string[]): Promise<DunningInvoice[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{
    id: string;
    number: string | null;
    client_id: string;
    code: string;
    name: string;
    language: string;
    segment: string;
    contacts: unknown;
    collector: string | null;
    due_date: string | null;
    currency: string;
    payee: string;
    legal_entity_id: string;
    late_fee: string | null;
    account_manager: string | null;
    country: string;
    bank_name: string | null;
    iban: string | null;
    bic: string | null;
    account_number: string | null;
    routing_code: string | null;
  }>(
    db,
    sql`
    SELECT i.id, i.number, i.client_id, c.code, c.name, c.language, c.segment, c.billing_contacts AS contacts, u.email AS collector,
      i.due_date::text, i.currency, le.name AS payee, i.legal_entity_id, ct.late_fee_percent_monthly::text AS late_fee,
      c.account_manager, le.country, le.bank_name, le.iban, le.bic, le.account_number, le.routing_code
    FROM invoices i JOIN clients c ON c.id = i.client_id JOIN legal_entities le ON le.id = i.legal_entity_id
      LEFT JOIN contracts ct ON ct.id = i.contract_id
      LEFT JOIN client_collectors cc ON cc.client_id = c.id LEFT JOIN users u ON u.id = cc.collector_id
    WHERE i.id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) AND i.number IS NOT NULL AND i.due_date IS NOT NULL`,
  );
  return rows.map((r) => {
    const contacts = (typeof r.contacts === 'string' ? JSON.parse(r.contacts) : r.contacts) as { email?: string }[];
    return {
      id: r.id,
      number: r.number!,
      clientId: r.client_id,
      clientCode: r.code,
      clientName: r.name,
      language: r.language,
      segment: r.segment,
      contactEmail: contacts[0]?.email ?? null,
      collectorEmail: r.collector,
      dueDate: r.due_date!,
      currency: r.currency,
      payee: r.payee,
      bank:
        r.iban || r.account_number
          ? {
              bankName: r.bank_name,
              iban: r.iban,
              bic: r.bic,
              accountNumber: r.account_number,
              routingCode: r.routing_code,
              country: r.country,
            }
          : null,
      legalEntityId: r.legal_entity_id,
      lateFeePercentMonthly: r.late_fee !== null && Number(r.late_fee) > 0 ? r.late_fee : null,
      accountManager: r.account_manager?.trim() || null,
    };
  });
}

/** Pauses active on a date (begun by then, not ended by then): by invoice and by client, each with its reason. */
export async function activePauses(
  db: DbOrTx,
  asOf: string,
): Promise<{ invoices: Map<string, string>; clients: Map<string, string> }> {
  const rows = await queryRows<{ invoice_id: string | null; client_id: string | null; reason: string }>(
    db,
    sql`
    SELECT invoice_id, client_id, reason FROM dunning_pauses
    WHERE (resumed_at IS NULL OR (resumed_at AT TIME ZONE 'UTC')::date > ${asOf}::date)
      AND (paused_at AT TIME ZONE 'UTC')::date <= ${asOf}::date AND (until IS NULL OR until >= ${asOf}::date)
    ORDER BY paused_at`,
  );
  const out = { invoices: new Map<string, string>(), clients: new Map<string, string>() };
  for (const r of rows) {
    if (r.invoice_id) out.invoices.set(r.invoice_id, r.reason);
    if (r.client_id) out.clients.set(r.client_id, r.reason);
  }
  return out;
}

/**
 * Promises to pay open on a date, by invoice (the newest, should there be more): recorded by then and
 * still open, or closed (kept, broken, superseded) only after it. The worklist's ledger reads the same
 * (worklist-store.ts, `prom_open`).
 */
export async function openPromises(
  db: DbOrTx,
  asOf: string,
): Promise<Map<string, { id: string; promisedFor: string; amountMinor: bigint; openAtRecordMinor: bigint }>> {
  const rows = await queryRows<{
    id: string;
    invoice_id: string;
    promised_for: string;
    amount_minor: string;
    open_at_record_minor: string;
  }>(
    db,
    sql`
    SELECT id, invoice_id, promised_for::text, amount_minor::text, open_at_record_minor::text FROM promises_to_pay
     WHERE (recorded_at AT TIME ZONE 'UTC')::date <= ${asOf}::date AND (status = 'open' OR closed_on > ${asOf}::date)
     ORDER BY recorded_at, id`,
  );
  return new Map(
    rows.map((r) => [
      r.invoice_id,
      {
        id: r.id,
        promisedFor: r.promised_for,
        amountMinor: BigInt(r.amount_minor),
        openAtRecordMinor: BigInt(r.open_at_record_minor),
      },
    ]),
  );
}

/**
 * Step keys in the outbox by a date (queued, sent or failed; that night's included), by invoice: a step
 * there is never queued again (the unique index guards a later night's rows too).
 */
export async function outboxSteps(db: DbOrTx, asOf: string): Promise<Map<string, Set<string>>> {
  const rows = await queryRows<{ invoice_id: string; step: string }>(
    db,
    sql`SELECT invoice_id, step FROM reminder_outbox WHERE as_of <= ${asOf}::date`,
  );
  const out = new Map<string, Set<string>>();
  for (const r of rows) out.set(r.invoice_id, (out.get(r.invoice_id) ?? new Set()).add(r.step));
  return out;
}

/** Stored dunning policies by scope (`segment:<name>`, `client:<code>`). */
export async function dunningPolicyTable(db: DbOrTx): Promise<Map<string, PolicyStep[]>> {
  const rows = await queryRows<{ scope: string; steps: PolicyStep[] | string }>(
    db,
    sql`SELECT scope, steps FROM dunning_policies`,
  );
  return new Map(
    rows.map((r) => [r.scope, typeof r.steps === 'string' ? (JSON.parse(r.steps) as PolicyStep[]) : r.steps]),
  );
}

/**
 * The promise to pay each invoice had on a date: the newest recorded by then and not superseded by
 * then (a promise kept, broken or superseded later was still open on the date), with whether it was
 * open on the date (what openPromises gives dunning).
 */
export async function promisesAsOf(db: DbOrTx, asOf: string): Promise<Map<string, Required<PromiseOnRecord>>> {
  const rows = await queryRows<{
    id: string;
    invoice_id: string;
    promised_for: string;
    amount_minor: string;
    open_at_record_minor: string;
    currency: string;
    open_on: boolean;
  }>(
    db,
    sql`
    SELECT DISTINCT ON (invoice_id) id, invoice_id, promised_for::text, amount_minor::text, open_at_record_minor::text,
      currency, (status = 'open' OR closed_on > ${asOf}::date) AS open_on
      FROM promises_to_pay
     WHERE (recorded_at AT TIME ZONE 'UTC')::date <= ${asOf}::date
       AND NOT (status = 'superseded' AND closed_on <= ${asOf}::date)
     ORDER BY invoice_id, recorded_at DESC, id`,
  );
  return new Map(
    rows.map((r) => [
      r.invoice_id,
      {
        id: r.id,
        open: r.open_on === true || (r.open_on as unknown) === 't',
        promisedFor: r.promised_for,
        amountMinor: BigInt(r.amount_minor),
        openAtRecordMinor: BigInt(r.open_at_record_minor),
        currency: r.currency,
      },
    ]),
  );
}

/**
 * Of these invoices, those with a late fee billed (a fee invoice not void) and those whose late fee an
 * approver refused (a rejected invoice.apply_late_fee request): the nightly run asks for neither again.
 */
export async function lateFeeStates(
  db: DbOrTx,
  ids: readonly string[],
): Promise<{ billed: Set<string>; refused: Set<string> }> {
  const out = { billed: new Set<string>(), refused: new Set<string>() };
  if (ids.length === 0) return out;
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await queryRows<{ invoice_id: string; state: 'billed' | 'refused' }>(
    db,
    sql`
    SELECT split_part(l.line_key, ':', 2) AS invoice_id, 'billed' AS state
      FROM invoice_lines l JOIN invoices f ON f.id = l.invoice_id
     WHERE l.line_key LIKE 'late_fee:%' AND f.status <> 'void' AND split_part(l.line_key, ':', 2) IN (${list})
    UNION
    SELECT target_id, 'refused' FROM approval_requests
     WHERE action_type = 'invoice.apply_late_fee' AND status = 'rejected' AND target_id IN (${list})`,
  );
  for (const r of rows) out[r.state].add(r.invoice_id);
  return out;
}

/** A client's account manager as a user: who to tell when dunning escalates. */
export interface AccountManagerUser {
  userId: string;
  email: string;
  /** Linked to Slack or Teams (user_chat_links): told there too. */
  linked: boolean;
}

/**
 * The active people the clients' account_manager texts name, by the text in lower case: a text is
 * matched to a user's e-mail first, else to exactly one user's name; one naming nobody (or several)
 * is absent.
 */
export async function accountManagerUsers(
  db: DbOrTx,
  names: readonly string[],
): Promise<Map<string, AccountManagerUser>> {
  const wanted = [...new Set(names.map((n) => n.trim().toLowerCase()).filter(Boolean))];
  const out = new Map<string, AccountManagerUser>();
  if (wanted.length === 0) return out;
  const list = sql.join(
    wanted.map((n) => sql`${n}`),
    sql`, `,
  );
  const rows = await queryRows<{ id: string; email: string; e: string; n: string; linked: boolean }>(
    db,
    sql`
    SELECT u.id, u.email, lower(u.email) AS e, lower(u.name) AS n,
           EXISTS (SELECT 1 FROM user_chat_links l WHERE l.user_id = u.id) AS linked
      FROM users u
     WHERE u.active AND u.kind = 'person' AND (lower(u.email) IN (${list}) OR lower(u.name) IN (${list}))`,
  );
  const user = (r: (typeof rows)[number]): AccountManagerUser => ({
    userId: r.id,
    email: r.email,
    linked: r.linked === true || (r.linked as unknown) === 't',
  });
  for (const w of wanted) {
    const byEmail = rows.find((r) => r.e === w);
    const byName = rows.filter((r) => r.n === w);
    if (byEmail) out.set(w, user(byEmail));
    else if (byName.length === 1) out.set(w, user(byName[0]!));
  }
  return out;
}

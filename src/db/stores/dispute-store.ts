import { sql } from 'drizzle-orm';
import { inEntities } from './entity-scope.ts';
import type { DisputeEvidence } from '../schema/disputes.ts';
import { queryRows, type DbOrTx } from '../client.ts';

/** Roles that may own a dispute: the people who work it to its end. */
export const DISPUTE_OWNER_ROLES = ['collector', 'account_manager', 'controller', 'finance_admin', 'billing_clerk'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The evidence links that do not resolve, each in words: a time entry of the invoice's contract, a
 * contract of the invoice's client (with the term named), a document of the invoice's client or
 * contract. An empty list means every link points at something that exists and belongs here.
 */
export async function unresolvedEvidence(
  db: DbOrTx,
  invoice: { clientId: string; contractId: string },
  evidence: readonly DisputeEvidence[],
): Promise<string[]> {
  const out: string[] = [];
  for (const e of evidence) {
    const label = `${e.kind} ${e.ref}`;
    if (e.kind === 'time_entry') {
      if (!/^\d{1,18}$/.test(e.ref)) {
        out.push(`${label}: a time entry id is a number`);
        continue;
      }
      const [r] = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM time_entries WHERE id = ${e.ref}::bigint AND contract_id = ${invoice.contractId}::uuid`,
      );
      if (!r?.n) out.push(`${label}: no time entry of the invoice's contract`);
    } else if (e.kind === 'contract_term') {
      const [r] = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM contracts WHERE code = ${e.ref} AND client_id = ${invoice.clientId}::uuid`,
      );
      if (!r?.n) out.push(`${label}: no contract of the invoice's client`);
      if (!e.term) out.push(`${label}: name the term (e.g. rates, payment terms, scope)`);
    } else {
      if (!UUID.test(e.ref)) {
        out.push(`${label}: a document id is a UUID`);
        continue;
      }
      const [r] = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM documents WHERE id = ${e.ref}::uuid
              AND (client_id = ${invoice.clientId}::uuid OR contract_id = ${invoice.contractId}::uuid)`,
      );
      if (!r?.n) out.push(`${label}: no document of the invoice's client or contract`);
    }
  }
  return out;
}

/** An active person who may own a dispute, by e-mail; null when there is none. */
export async function disputeOwnerByEmail(db: DbOrTx, email: string): Promise<{ id: string; email: string } | null> {
  const [u] = await queryRows<{ id: string; email: string; roles: string[] | string }>(
    db,
    sql`SELECT id, email, roles FROM users WHERE lower(email) = lower(${email}) AND active AND kind = 'person'`,
  );
  if (!u) return null;
  const roles = typeof u.roles === 'string' ? u.roles.replace(/[{}]/g, '').split(',') : u.roles;
  return roles.some((r) => DISPUTE_OWNER_ROLES.includes(r)) ? { id: u.id, email: u.email } : null;
}

/** The collector assigned to a client, if any: a new dispute's owner unless someone else is named. */
export async function collectorOfClient(db: DbOrTx, clientId: string): Promise<string | null> {
  const [r] = await queryRows<{ id: string }>(
    db,
    sql`SELECT collector_id AS id FROM client_collectors WHERE client_id = ${clientId}::uuid`,
  );
  return r?.id ?? null;
}

/** One dispute as the list shows it. */
export interface DisputeListRow {
  id: string;
  invoiceId: string;
  invoice: string;
  client: string;
  legalEntityId: string;
  currency: string;
  reason: string;
  reasonCode: string | null;
  disputedMinor: bigint | null;
  ownerEmail: string | null;
  openedOn: string;
  dueOn: string | null;
  resolution: string | null;
  resolvedOn: string | null;
  evidence: DisputeEvidence[];
  creditNote: string | null;
  reissuedInvoice: string | null;
}

/** Disputes, oldest due first: open only unless `all`; within the entities given (null = every entity). */
export async function listDisputes(
  db: DbOrTx,
  f: { all: boolean; ownerId: string | null; entityIds: readonly string[] | null; limit: number; offset: number },
): Promise<{ rows: DisputeListRow[]; total: number }> {
  const entity = inEntities(sql.raw('i.legal_entity_id'), f.entityIds);
  const rows = await queryRows<{
    id: string;
    invoice_id: string;
    number: string | null;
    client: string;
    legal_entity_id: string;
    currency: string;
    reason: string;
    reason_code: string | null;
    disputed: string | null;
    owner: string | null;
    opened_on: string;
    due_on: string | null;
    resolution: string | null;
    resolved_on: string | null;
    evidence: DisputeEvidence[] | string;
    credit_note: string | null;
    reissued: string | null;
    total: number;
  }>(
    db,
    sql`
    SELECT d.id, d.invoice_id, i.number, c.code AS client, i.legal_entity_id, i.currency, d.reason, d.reason_code,
           d.disputed_amount_minor::text AS disputed, u.email AS owner, (d.opened_at AT TIME ZONE 'UTC')::date::text AS opened_on,
           d.due_on::text, d.resolution::text, (d.resolved_at AT TIME ZONE 'UTC')::date::text AS resolved_on, d.evidence,
           cn.number AS credit_note, COALESCE(ri.number, ri.id::text) AS reissued,
           (count(*) OVER ())::int AS total
      FROM invoice_disputes d JOIN invoices i ON i.id = d.invoice_id JOIN clients c ON c.id = i.client_id
      LEFT JOIN users u ON u.id = d.owner_id LEFT JOIN invoices cn ON cn.id = d.credit_note_id
      LEFT JOIN invoices ri ON ri.id = d.reissued_invoice_id
     WHERE ${f.all ? sql`true` : sql`d.resolved_at IS NULL`} AND ${f.ownerId ? sql`d.owner_id = ${f.ownerId}::uuid` : sql`true`}
       AND ${entity}
     ORDER BY d.due_on NULLS LAST, d.opened_at, d.id LIMIT ${f.limit} OFFSET ${f.offset}`,
  );
  const out = rows.map((r) => ({
    id: r.id,
    invoiceId: r.invoice_id,
    invoice: r.number ?? r.invoice_id,
    client: r.client,
    legalEntityId: r.legal_entity_id,
    currency: r.currency,
    reason: r.reason,
    reasonCode: r.reason_code,
    disputedMinor: r.disputed === null ? null : BigInt(r.disputed),
    ownerEmail: r.owner,
    openedOn: r.opened_on,
    dueOn: r.due_on,
    resolution: r.resolution,
    resolvedOn: r.resolved_on,
    evidence: typeof r.evidence === 'string' ? (JSON.parse(r.evidence) as DisputeEvidence[]) : r.evidence,
    creditNote: r.credit_note,
    reissuedInvoice: r.reissued,
  }));
  return { rows: out, total: rows[0]?.total ?? 0 };
}

/** The id when it names an active person among the users (a principal may be a test or service id); else null. */
export async function activePersonId(db: DbOrTx, id: string | null | undefined): Promise<string | null> {
  if (!id || !UUID.test(id)) return null;
  const [r] = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM users WHERE id = ${id}::uuid AND active AND kind = 'person'`,
  );
  return r?.id ?? null;
}

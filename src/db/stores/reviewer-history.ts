import { and, desc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { Approver, InvoiceFacts } from '../../billing/invoices/reviewer-recommendation.ts';
import type { DbOrTx } from '../client.ts';
import { approvals, clients, contracts, invoiceLines, invoices, users } from '../schema/index.ts';
import { draftReference } from './invoice-queries.ts';

/** How many approved invoices, newest first, the comparison reads at most. */
export const HISTORY_LIMIT = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReviewerHistory {
  target: InvoiceFacts & { legalEntityId: string; preparedBy: string | null; submittedBy: string | null };
  history: InvoiceFacts[];
  people: Map<string, Approver>;
}

/** Several invoices' comparisons read at once: each target, and the approved invoices they are compared with. */
export interface ReviewerHistories {
  targets: Map<string, ReviewerHistory['target']>;
  /** The approved invoices; each target is compared with all of them but itself. */
  history: InvoiceFacts[];
  people: Map<string, Approver>;
}

/**
 * The invoice `id` and the approved invoices (of the given legal entities; null = all) it is compared
 * with: each with its scenario features (line kinds, and `nte`, `fx`, `tax:<treatment>`, `credit_note`)
 * and who approved its levels (the approvals of invoice.approve, and the final approver).
 */
export async function reviewerHistory(
  db: DbOrTx,
  id: string,
  entityIds: readonly string[] | null,
): Promise<ReviewerHistory | null> {
  const h = await reviewerHistories(db, [id], entityIds);
  const target = h.targets.get(id);
  return target ? { target, history: h.history.filter((x) => x.id !== id), people: h.people } : null;
}

/**
 * reviewerHistory for several invoices in the same four statements (the approvals inbox's page): the
 * targets, the newest HISTORY_LIMIT approved invoices, their line kinds and approvals, the approvers.
 */
export async function reviewerHistories(
  db: DbOrTx,
  ids: readonly string[],
  entityIds: readonly string[] | null,
): Promise<ReviewerHistories> {
  const empty: ReviewerHistories = { targets: new Map(), history: [], people: new Map() };
  if (ids.length === 0) return empty;
  const approved = and(
    isNotNull(invoices.approvedAt),
    eq(invoices.kind, 'invoice'),
    ne(invoices.status, 'void'),
    entityIds ? (entityIds.length ? inArray(invoices.legalEntityId, [...entityIds]) : sql`false`) : undefined,
  );
  const rows = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      kind: invoices.kind,
      legalEntityId: invoices.legalEntityId,
      clientId: invoices.clientId,
      clientCode: clients.code,
      currency: invoices.currency,
      totalMinor: invoices.totalMinor,
      fxRate: invoices.fxRate,
      approvedAt: invoices.approvedAt,
      approvedBy: invoices.approvedBy,
      preparedBy: invoices.preparedBy,
      submittedBy: invoices.submittedBy,
      nte: contracts.notToExceedMinor,
      tax: contracts.taxTreatment,
      inHistory: sql<boolean>`coalesce((${approved}), false)`,
    })
    .from(invoices)
    .innerJoin(clients, eq(clients.id, invoices.clientId))
    .innerJoin(contracts, eq(contracts.id, invoices.contractId))
    .where(or(inArray(invoices.id, [...ids]), approved))
    // Targets not yet approved sort first (NULLS FIRST in DESC), so the limit never drops them.
    .orderBy(desc(invoices.approvedAt))
    .limit(HISTORY_LIMIT + ids.length);
  const wanted = new Set(ids);
  if (!rows.some((r) => wanted.has(r.id))) return empty;
  const rowIds = rows.map((r) => r.id);
  const [kinds, granted] = await Promise.all([
    db
      .selectDistinct({ invoiceId: invoiceLines.invoiceId, kind: invoiceLines.kind })
      .from(invoiceLines)
      .where(inArray(invoiceLines.invoiceId, rowIds)),
    db
      .select({ targetId: approvals.targetId, approverId: approvals.approverId })
      .from(approvals)
      .where(and(eq(approvals.actionType, 'invoice.approve'), inArray(approvals.targetId, rowIds))),
  ]);
  const featuresOf = new Map<string, string[]>();
  for (const k of kinds) featuresOf.set(k.invoiceId, [...(featuresOf.get(k.invoiceId) ?? []), k.kind]);
  const approversOf = new Map<string, Set<string>>();
  for (const g of granted) approversOf.set(g.targetId, (approversOf.get(g.targetId) ?? new Set()).add(g.approverId));
  const facts = (r: (typeof rows)[number]): InvoiceFacts => ({
    id: r.id,
    reference: r.number ?? draftReference(r.id),
    clientId: r.clientId,
    clientCode: r.clientCode,
    currency: r.currency,
    totalMinor: r.totalMinor,
    features: [
      ...(featuresOf.get(r.id) ?? []),
      ...(r.nte !== null ? ['nte'] : []),
      ...(r.fxRate !== null ? ['fx'] : []),
      ...(r.tax !== 'standard' ? [`tax:${r.tax}`] : []),
      ...(r.kind === 'credit_note' ? ['credit_note'] : []),
    ],
    approvedAt: r.approvedAt?.toISOString() ?? null,
    approvers: [...new Set([...(r.approvedBy ? [r.approvedBy] : []), ...(approversOf.get(r.id) ?? [])])],
  });
  const history = rows.filter((r) => r.inHistory).map(facts);
  const approverIds = [...new Set(history.flatMap((h) => h.approvers ?? []))].filter((a) => UUID.test(a));
  const people = new Map<string, Approver>();
  if (approverIds.length)
    for (const u of await db
      .select({ id: users.id, name: users.name, roles: users.roles })
      .from(users)
      .where(inArray(users.id, approverIds)))
      people.set(u.id, u);
  const targets = new Map<string, ReviewerHistory['target']>();
  for (const r of rows)
    if (wanted.has(r.id))
      targets.set(r.id, {
        ...facts(r),
        legalEntityId: r.legalEntityId,
        preparedBy: r.preparedBy,
        submittedBy: r.submittedBy,
      });
  return { targets, history, people };
}

import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { auditLog, clients, contracts, invoiceLines, invoices, legalEntities } from '../../src/db/schema/index.ts';
import type { UseCaseContext } from '../../src/tools/policy-gate/context.ts';
import type { Actor, Role } from '../../src/policy/roles.ts';
import type { Result } from '../../src/shared/result.ts';
import { SYSTEM_PREPARER } from '../../src/billing/billing-run/run-billing.ts';

/** A person with roles, in every legal entity. */
export const person = (userId: string, roles: Role[], entityIds: string[] | null = null): Actor => ({
  userId,
  roles,
  entityIds,
  onBehalfOf: null,
});

/** The agent acting for a person. */
export const agentFor = (principal: Actor): Actor => ({
  userId: 'agent',
  roles: ['agent'],
  entityIds: null,
  onBehalfOf: { userId: principal.userId, roles: principal.roles, entityIds: principal.entityIds },
});

/** The cast of the lifecycle tests. */
export const cast = {
  clerk: person('u-clerk', ['billing_clerk']),
  clerk2: person('u-clerk2', ['billing_clerk']),
  pm: person('u-pm', ['project_manager']),
  ctl: person('u-ctl', ['controller']),
  ctl2: person('u-ctl2', ['controller']),
  fa: person('u-fa', ['finance_admin']),
  /** One person holding both levels of a large invoice. */
  ctlFa: person('u-ctlfa', ['controller', 'finance_admin']),
  am: person('u-am', ['account_manager']),
  collector: person('u-coll', ['collector']),
  auditor: person('u-aud', ['auditor']),
};

export const NOW = new Date('2026-11-26T09:00:00.000Z');

let correlation = 0;
/** A use-case context for an actor at a time. */
export const ctxOf = (actor: Actor, now: Date = NOW): UseCaseContext => ({
  actor,
  now,
  correlationId: `test-${++correlation}`,
});

/** The value of an ok result; throws with the error otherwise (a test setup step that must work). */
export function unwrap<T, E>(r: Result<T, E>): T {
  if (!r.ok)
    throw new Error(
      `expected ok, got ${JSON.stringify(r.error, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
    );
  return r.value;
}

/** The error code of a result, or 'ok'. */
export const codeOf = (r: { ok: true } | { ok: false; error: { code: string } }): string =>
  r.ok ? 'ok' : r.error.code;

let periodSeq = 0;
/**
 * Inserts an invoice of the small firm directly, with one time line for the whole amount (0% tax),
 * each in its own period (from 2000-01 on, unless given) so the one-invoice-per-period index never bites.
 */
export async function insertInvoice(
  database: Pick<Database, 'db'>,
  opts: {
    totalMinor: bigint;
    status?: 'draft' | 'pending_approval' | 'approved' | 'posted';
    preparedBy?: string | null;
    submittedBy?: string | null;
    period?: string;
    /** Codes of another firm's entity, client and contract (default the small firm's LE-US, CL1, C1). */
    codes?: { entity: string; client: string; contract: string };
  },
): Promise<string> {
  const codes = opts.codes ?? { entity: 'LE-US', client: 'CL1', contract: 'C1' };
  const [le] = await database.db.select().from(legalEntities).where(eq(legalEntities.code, codes.entity));
  const [cl] = await database.db.select().from(clients).where(eq(clients.code, codes.client));
  const [ct] = await database.db.select().from(contracts).where(eq(contracts.code, codes.contract));
  periodSeq += 1;
  const period = opts.period ?? `${2000 + Math.floor(periodSeq / 12)}-${String((periodSeq % 12) + 1).padStart(2, '0')}`;
  const status = opts.status ?? 'pending_approval';
  const [inv] = await database.db
    .insert(invoices)
    .values({
      legalEntityId: le!.id,
      clientId: cl!.id,
      contractId: ct!.id,
      period,
      currency: 'USD',
      status,
      paymentTermsDays: 30,
      subtotalMinor: opts.totalMinor,
      taxMinor: 0n,
      totalMinor: opts.totalMinor,
      preparedBy: opts.preparedBy ?? SYSTEM_PREPARER,
      submittedBy: status === 'draft' ? null : (opts.submittedBy ?? cast.clerk.userId),
      submittedAt: status === 'draft' ? null : NOW,
    })
    .returning({ id: invoices.id });
  await database.db.insert(invoiceLines).values({
    invoiceId: inv!.id,
    lineKey: 'time:fixture',
    lineNo: 1,
    kind: 'time',
    description: 'Fixture work',
    quantity: '1',
    unit: 'h',
    unitPrice: String(Number(opts.totalMinor) / 100),
    amountMinor: opts.totalMinor,
    preciseAmount: String(Number(opts.totalMinor) / 100),
    taxCategory: 'standard',
    taxRatePercent: '0',
    taxMinor: 0n,
    contractTerm: 'rate_card',
    servicePeriodStart: `${period}-01`,
    servicePeriodEnd: `${period}-28`,
  });
  return inv!.id;
}

/** The actions of the audit trail in order. */
export async function auditActions(database: Pick<Database, 'db'>): Promise<string[]> {
  const rows = await database.db.select({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.seq));
  return rows.map((r) => r.action);
}

import { sql } from 'drizzle-orm';
import { EXCEPTION_RULES, SLA_HOURS } from '../../billing/rating/validate.ts';
import { queryRows, type DbOrTx } from '../client.ts';
import { billingExceptions } from '../schema/index.ts';

/** What a reminder that did not reach its recipient says about itself. */
export interface DeliveryFailure {
  outboxId: string;
  invoiceId: string;
  step: string;
  channel: string;
  /** Why: the mail server's answer ("550 5.1.1 user unknown"), a bounce's status, or the connection error. */
  error: string;
  /** refused (5xx), bounced (a DSN came back), unreachable (no connection), gave_up (transient errors, tries used up). */
  kind: 'refused' | 'bounced' | 'unreachable' | 'gave_up';
  smtpStatus?: string | null;
}

/**
 * Opens (or refreshes) the delivery_failure exception of one reminder: one per outbox row
 * (dedupe key `delivery_failure:<outbox id>`), on the invoice and its client, owned by the billing
 * clerk who fixes the contact. Returns the exception's id.
 */
export async function raiseDeliveryFailure(tx: DbOrTx, f: DeliveryFailure, now: Date): Promise<string> {
  const rule = EXCEPTION_RULES.delivery_failure;
  const [inv] = await queryRows<{ client_id: string; number: string | null }>(
    tx,
    sql`SELECT client_id, number FROM invoices WHERE id = ${f.invoiceId}::uuid`,
  );
  const what = f.kind === 'bounced' ? 'bounced' : f.kind === 'unreachable' ? 'could not be handed over' : 'was refused';
  const message = `The ${f.step} reminder of invoice ${inv?.number ?? f.invoiceId} ${what}: ${f.error}`.slice(0, 1000);
  const details = {
    outboxId: f.outboxId,
    step: f.step,
    channel: f.channel,
    kind: f.kind,
    error: f.error.slice(0, 1000),
    smtpStatus: f.smtpStatus ?? null,
  };
  const [row] = await tx
    .insert(billingExceptions)
    .values({
      dedupeKey: `delivery_failure:${f.outboxId}`,
      type: 'delivery_failure',
      severity: rule.severity,
      ownerRole: rule.ownerRole,
      message,
      details,
      clientId: inv?.client_id ?? null,
      invoiceId: f.invoiceId,
      slaHours: SLA_HOURS[rule.severity],
      slaDueAt: new Date(now.getTime() + SLA_HOURS[rule.severity] * 3_600_000),
    })
    .onConflictDoUpdate({
      target: billingExceptions.dedupeKey,
      set: { message, details, updatedAt: now },
    })
    .returning({ id: billingExceptions.id });
  return row!.id;
}

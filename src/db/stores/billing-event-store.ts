import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client.ts';
import { billingEvents, contracts, milestones, timeEntries, usageRecords } from '../schema/index.ts';
import type { BillingEvent, BillingEventPorts } from '../../billing/events/billing-event.ts';
import { InputError } from '../../shared/errors.ts';

/** Billing events on PGlite or PostgreSQL: the unique event_key is the exactly-once guard. */
export function billingEventStore(database: Database): BillingEventPorts {
  return {
    async claimAndApply(event) {
      return database.db.transaction(async (tx) => {
        const { eventKey, type, ...payload } = event;
        const inserted = await tx
          .insert(billingEvents)
          .values({ eventKey, type, payload })
          .onConflictDoNothing({ target: billingEvents.eventKey })
          .returning({ id: billingEvents.id });
        if (inserted.length === 0) {
          const [prior] = await tx.select().from(billingEvents).where(eq(billingEvents.eventKey, eventKey));
          return { claimed: false as const, result: prior?.result ?? null, processed: Boolean(prior?.processedAt) };
        }
        const result = await applyData(tx, event);
        if (result)
          await tx
            .update(billingEvents)
            .set({ result, processedAt: new Date() })
            .where(eq(billingEvents.eventKey, eventKey));
        return { claimed: true as const, result: result ?? {} };
      });
    },
    async markProcessed(eventKey, result) {
      await database.db
        .update(billingEvents)
        .set({ result, processedAt: new Date() })
        .where(eq(billingEvents.eventKey, eventKey));
    },
  };
}

/** The data change of an event; null for events whose work is a billing run. */
async function applyData(tx: DbOrTx, event: BillingEvent): Promise<Record<string, unknown> | null> {
  switch (event.type) {
    case 'time_approved': {
      const rows = await tx
        .update(timeEntries)
        .set({ approvalStatus: 'approved', approvedBy: event.approvedBy, approvedAt: new Date() })
        .where(and(inArray(timeEntries.externalId, event.externalIds), eq(timeEntries.approvalStatus, 'submitted')))
        .returning({ id: timeEntries.id });
      return { approved: rows.length };
    }
    case 'milestone_accepted': {
      const rows = await tx
        .update(milestones)
        .set({ status: 'accepted', acceptedOn: event.acceptedOn, acceptedBy: event.acceptedBy })
        .where(
          and(
            eq(milestones.name, event.milestone),
            sql`${milestones.contractId} = (SELECT id FROM ${contracts} WHERE code = ${event.contract})`,
            sql`${milestones.status} <> 'accepted'`,
          ),
        )
        .returning({ id: milestones.id });
      return { accepted: rows.length };
    }
    case 'usage_reported': {
      const [c] = await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.code, event.contract));
      if (!c) throw new InputError('UNKNOWN_REFERENCE', `No contract ${event.contract}`, { contract: event.contract });
      await tx
        .insert(usageRecords)
        .values({ eventKey: event.eventKey, contractId: c.id, occurredOn: event.occurredOn, quantity: event.quantity });
      return { recorded: 1 };
    }
    case 'period_close':
    case 'retainer_period_start':
      return null;
  }
}

import { z } from 'zod';

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'a non-negative decimal string');

/** A billing event. The event key makes delivery idempotent: the same key is applied once. */
export const billingEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('period_close'), eventKey: z.string().min(1).max(200), period }),
  z.object({
    type: z.literal('time_approved'),
    eventKey: z.string().min(1).max(200),
    externalIds: z.array(z.string().min(1)).min(1).max(10_000).describe('Time entry ids in the source system'),
    approvedBy: z.string().min(1),
  }),
  z.object({
    type: z.literal('milestone_accepted'),
    eventKey: z.string().min(1).max(200),
    contract: z.string().min(1),
    milestone: z.string().min(1).describe('Milestone name'),
    acceptedOn: isoDate,
    acceptedBy: z.string().min(1),
  }),
  z.object({ type: z.literal('retainer_period_start'), eventKey: z.string().min(1).max(200), period }),
  z.object({
    type: z.literal('usage_reported'),
    eventKey: z.string().min(1).max(200),
    contract: z.string().min(1),
    occurredOn: isoDate,
    quantity: decimal,
  }),
]);

export type BillingEvent = z.infer<typeof billingEventSchema>;

export type EventOutcome =
  | { kind: 'applied'; result: Record<string, unknown> }
  /** The key was seen before: the first outcome, unchanged, and nothing applied again. */
  | { kind: 'duplicate'; result: Record<string, unknown> | null };

/** Storage side of billing events: claim a key, apply a data change in the same transaction, record the outcome. */
export interface BillingEventPorts {
  /** Inserts the event if its key is new and applies its data change in one transaction; null when the key exists. */
  claimAndApply(
    event: BillingEvent,
  ): Promise<
    | { claimed: true; result: Record<string, unknown> }
    | { claimed: false; result: Record<string, unknown> | null; processed: boolean }
  >;
  markProcessed(eventKey: string, result: Record<string, unknown>): Promise<void>;
}

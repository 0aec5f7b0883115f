import type { Clock } from '../../shared/clock.ts';
import { runBilling } from '../billing-run/run-billing.ts';
import type { BillingRunPorts } from '../billing-run/ports.ts';
import type { BillingEvent, BillingEventPorts, EventOutcome } from './billing-event.ts';

/**
 * Takes one billing event exactly once by its key. Data events (time approved, milestone accepted,
 * usage reported) apply in the same transaction that records the key. Period events run billing,
 * which is idempotent itself, so an event whose run was interrupted is finished on redelivery.
 */
export async function takeBillingEvent(
  ports: { events: BillingEventPorts; billing: BillingRunPorts },
  clock: Clock,
  event: BillingEvent,
): Promise<EventOutcome> {
  const claim = await ports.events.claimAndApply(event);
  if (!claim.claimed && claim.processed) return { kind: 'duplicate', result: claim.result };
  if (event.type !== 'period_close' && event.type !== 'retainer_period_start') {
    return claim.claimed ? { kind: 'applied', result: claim.result } : { kind: 'duplicate', result: claim.result };
  }
  const run = await runBilling(ports.billing, clock, {
    period: event.period,
    trigger: `event:${event.eventKey}`,
    onlyModels: event.type === 'retainer_period_start' ? ['retainer'] : undefined,
  });
  if (!run.ok) throw new Error(run.error.message); // the schema already checked the period
  const result = {
    runId: run.value.runId,
    invoicesWritten: run.value.invoicesWritten,
    exceptions: run.value.exceptions,
  };
  await ports.events.markProcessed(event.eventKey, result);
  return claim.claimed ? { kind: 'applied', result } : { kind: 'duplicate', result };
}

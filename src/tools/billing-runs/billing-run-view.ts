import { z } from 'zod';
import type { BillingRunRow } from '../../db/stores/billing-run-request.ts';
import { BILLING_OPS_READERS } from '../../policy/role-groups.ts';

/** Who reads billing runs: billing operations and audit, the agent for them. Runs are firm-wide records. */
export const BILLING_RUN_READERS = BILLING_OPS_READERS;

export const billingRunViewSchema = z
  .object({
    id: z.string(),
    period: z.string().describe('The month billed, YYYY-MM'),
    status: z.enum(['running', 'completed', 'failed', 'interrupted']),
    trigger: z.string().describe('Where the run came from, e.g. api:ann@firm.example:LE-A'),
    stats: z.record(z.string(), z.unknown()).describe('What the run did: contracts, drafts, lines, exceptions'),
    error: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    heartbeatAt: z.string(),
  })
  .describe('A billing run');

/** A run at the boundary. */
export const billingRunView = (r: BillingRunRow): z.output<typeof billingRunViewSchema> => ({
  id: r.id,
  period: r.period,
  status: r.status,
  trigger: r.trigger,
  stats: r.stats,
  error: r.error,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  heartbeatAt: r.heartbeatAt.toISOString(),
});

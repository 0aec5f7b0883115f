import { z } from 'zod';
import { getBillingRun } from '../../db/stores/billing-run-request.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { BILLING_RUN_READERS, billingRunView, billingRunViewSchema } from './billing-run-view.ts';

type ShowBillingRunError = { code: 'BILLING_RUN_NOT_FOUND'; message: string; id: string } | ScopeError;

export const billingRunsShow = defineTool({
  name: 'billing_runs_show',
  description:
    'One billing run by id: its period, status (running, completed, failed, interrupted), trigger, what it did and any error.',
  input: z.object({ id: z.uuid().describe('The billing run id') }),
  output: billingRunViewSchema,
  risk: 'read',
  policyAction: null,
  readers: BILLING_RUN_READERS,
  handler: async (ctx, { id }): Promise<Result<z.output<typeof billingRunViewSchema>, ShowBillingRunError>> => {
    // Firm-wide first, as the route did: a scoped person learns nothing, not even whether the id exists.
    if (!actorMayTouch(ctx.actor, null)) return err(outOfScopeError(null));
    const row = await getBillingRun(ctx.db, id);
    if (!row) return err({ code: 'BILLING_RUN_NOT_FOUND', message: `No billing run ${id}`, id });
    return ok(billingRunView(row));
  },
});

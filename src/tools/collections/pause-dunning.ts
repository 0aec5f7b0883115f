import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { findInvoiceId } from '../../db/stores/invoice-queries.ts';
import { clients, dunningPauses, invoices } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce } from '../policy-gate/context.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { dateField } from '../../shared/bounded-fields.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';

type PauseError = GateError | { code: 'INVOICE_NOT_FOUND' | 'CLIENT_NOT_FOUND' | 'NOTHING_PAUSED'; message: string };

/** Pauses reminders for one invoice or a whole client (or resumes them), with the reason; audited. */
export const collectionsPauseDunning = defineTool({
  name: 'collections_pause_dunning',
  description:
    'Pauses reminders for one invoice or for every invoice of a client, with the reason and optionally until a date; with resume: true, ' +
    'ends the pauses of that invoice or client. Open disputes and live promises pause reminders by themselves. Collectors, account managers, controllers, finance admins.',
  input: z
    .object({
      invoice: z.string().trim().min(1).max(100).optional().describe('Invoice number or id'),
      client: z.string().trim().min(1).max(64).optional().describe('Client code: pauses every invoice of the client'),
      reason: z.string().trim().min(3).max(500).describe('Why, e.g. "client restructuring; CFO asked for two weeks"'),
      until: dateField().optional().describe('Last day of the pause; none = until resumed'),
      resume: z.boolean().default(false).describe('true: end the active pauses instead'),
    })
    .refine((x) => (x.invoice === undefined) !== (x.client === undefined), 'name an invoice or a client, not both'),
  output: z.object({
    target: z.string(),
    paused: z.boolean(),
    pauses: z.number().int().describe('Pauses started or ended'),
  }),
  risk: 'write',
  policyAction: 'collections.pause_dunning',
  handler: async (ctx, input): Promise<Result<{ target: string; paused: boolean; pauses: number }, PauseError>> => {
    let target: { kind: 'invoice' | 'client'; id: string; entityId: string; label: string };
    if (input.invoice) {
      const id = await findInvoiceId(ctx.db, input.invoice);
      const [inv] = id ? await ctx.db.select().from(invoices).where(eq(invoices.id, id)) : [];
      if (!inv) return err({ code: 'INVOICE_NOT_FOUND', message: `no invoice ${input.invoice}` });
      target = { kind: 'invoice', id: inv.id, entityId: inv.legalEntityId, label: inv.number ?? inv.id };
    } else {
      const [c] = await ctx.db.select().from(clients).where(eq(clients.code, input.client!));
      if (!c) return err({ code: 'CLIENT_NOT_FOUND', message: `no client ${input.client}` });
      target = { kind: 'client', id: c.id, entityId: c.legalEntityId, label: c.code };
    }
    const action: ActionOf<'collections.pause_dunning'> = {
      type: 'collections.pause_dunning',
      target: { kind: target.kind, id: target.id },
      args: { paused: !input.resume, reason: input.reason, until: input.until ?? null },
    };
    await readMatrixInForce(ctx.db, ctx);
    const denied = precheck(ctx, action, { entityId: target.entityId });
    if (!denied.ok) return denied;
    const gate = await passGate(ctx.db, ctx, action, { entityId: target.entityId });
    if (!gate.ok) return gate;
    const col = target.kind === 'invoice' ? dunningPauses.invoiceId : dunningPauses.clientId;
    let n: number;
    if (input.resume) {
      const ended = await ctx.db
        .update(dunningPauses)
        .set({ resumedBy: ctx.actor.userId, resumedAt: ctx.now })
        .where(and(eq(col, target.id), isNull(dunningPauses.resumedAt)))
        .returning({ id: dunningPauses.id });
      if (!ended.length)
        return err({ code: 'NOTHING_PAUSED', message: `reminders for ${target.label} are not paused` });
      n = ended.length;
    } else {
      await ctx.db.insert(dunningPauses).values({
        ...(target.kind === 'invoice' ? { invoiceId: target.id } : { clientId: target.id }),
        reason: input.reason,
        until: input.until ?? null,
        pausedBy: ctx.actor.userId,
        pausedAt: ctx.now,
      });
      n = 1;
    }
    await appendAudit(
      ctx.db,
      auditEntry(ctx, {
        action: action.type,
        targetType: target.kind,
        targetId: target.id,
        before: null,
        after: { paused: !input.resume, until: input.until ?? null, pauses: n },
        decision: gate.value.decision,
        reason: input.reason,
      }),
    );
    return ok({ target: target.label, paused: !input.resume, pauses: n });
  },
});

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionOf } from '../../policy/actions.ts';
import { authorityOf } from '../../policy/permissions.ts';
import { emailField } from '../../shared/bounded-fields.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { clientCollectors, clients, users } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce, type UseCaseContext, type UseCaseDatabase } from '../policy-gate/context.ts';
import { defineTool } from '../define-tool.ts';

export interface AssignCollectorInput {
  clientCode: string;
  /** E-mail of a user with the collector role; omitted keeps the current assignment. */
  collectorEmail?: string;
  segment?: string;
}

type Refusal =
  | GateError
  | { code: 'CLIENT_NOT_FOUND'; message: string }
  | { code: 'VALIDATION_FAILED'; message: string };

/** Assigns a client's collector and/or segment, audited with before and after, in one transaction. */
export async function assignCollector(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: AssignCollectorInput,
): Promise<Result<{ client: string; collector: string | null; segment: string }, Refusal>> {
  if (input.segment !== undefined && !/^[a-z][a-z0-9_-]{0,39}$/.test(input.segment)) {
    return err({
      code: 'VALIDATION_FAILED',
      message: 'segment: lower-case letters, digits, - or _, at most 40 characters',
    });
  }
  const [client] = await database.db.select().from(clients).where(eq(clients.code, input.clientCode));
  const scope = authorityOf(ctx.actor).entityIds;
  // A client outside the caller's legal entities is not found: the answer never tells which exist.
  if (!client || (scope !== null && !scope.includes(client.legalEntityId)))
    return err({ code: 'CLIENT_NOT_FOUND', message: `no client ${input.clientCode}` });
  let collector: { id: string; email: string } | null = null;
  if (input.collectorEmail !== undefined) {
    const [u] = await database.db.select().from(users).where(eq(users.email, input.collectorEmail));
    if (!u || !u.roles.includes('collector') || !u.active) {
      return err({
        code: 'VALIDATION_FAILED',
        message: `${input.collectorEmail} is not an active user with the collector role`,
      });
    }
    collector = { id: u.id, email: u.email };
  }
  const action: ActionOf<'client.assign_collector'> = {
    type: 'client.assign_collector',
    target: { kind: 'client', id: client.id },
    args: { collectorId: collector?.id ?? null, segment: input.segment ?? client.segment },
  };
  await readMatrixInForce(database.db, ctx);
  const denied = precheck(ctx, action, { entityId: client.legalEntityId });
  if (!denied.ok) return denied;
  return database.db.transaction(async (tx) => {
    const gate = await passGate(tx, ctx, action, { entityId: client.legalEntityId });
    if (!gate.ok) return gate;
    const [before] = await tx.select().from(clientCollectors).where(eq(clientCollectors.clientId, client.id));
    if (collector) {
      await tx
        .insert(clientCollectors)
        .values({ clientId: client.id, collectorId: collector.id, assignedBy: ctx.actor.userId, assignedAt: ctx.now })
        .onConflictDoUpdate({
          target: clientCollectors.clientId,
          set: { collectorId: collector.id, assignedBy: ctx.actor.userId, assignedAt: ctx.now },
        });
    }
    const segment = input.segment ?? client.segment;
    if (segment !== client.segment) await tx.update(clients).set({ segment }).where(eq(clients.id, client.id));
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: 'client.assign_collector',
        targetType: 'client',
        targetId: client.id,
        before: { collectorId: before?.collectorId ?? null, segment: client.segment },
        after: { collectorId: collector?.id ?? before?.collectorId ?? null, segment },
        decision: gate.value.decision,
      }),
    );
    return ok({ client: client.code, collector: collector?.email ?? null, segment });
  });
}

export const clientsAssignCollector = defineTool({
  name: 'clients_assign_collector',
  description:
    "Assigns the collector (an active user with the collector role, by e-mail) who works a client's receivables, and/or " +
    "the client's collections segment (reminder sequences group by it); audited with before and after. Controllers and finance admins.",
  input: z
    .object({
      clientCode: z.string().trim().min(1).max(64).describe('Client code'),
      collectorEmail: emailField()
        .optional()
        .describe('E-mail of an active user with the collector role; omitted keeps the current one'),
      segment: z
        .string()
        .max(40)
        .optional()
        .describe('Collections segment, e.g. strategic, standard, small (lower case, digits, - or _)'),
    })
    .refine((x) => x.collectorEmail !== undefined || x.segment !== undefined, 'name a collector, a segment or both'),
  output: z
    .object({ client: z.string(), collector: z.string().nullable(), segment: z.string() })
    .describe('The client with its collector and segment'),
  risk: 'write',
  policyAction: 'client.assign_collector',
  handler: (ctx, input) =>
    assignCollector(ctx, ctx, {
      clientCode: input.clientCode,
      ...(input.collectorEmail ? { collectorEmail: input.collectorEmail } : {}),
      ...(input.segment !== undefined ? { segment: input.segment } : {}),
    }),
});

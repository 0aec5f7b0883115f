import { eq } from 'drizzle-orm';
import { authorityOf } from '../../../policy/permissions.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { clientCollectors, clients, users } from '../../schema/index.ts';
import { appendAudit } from '../../stores/audit-store.ts';
import { auditEntry, type UseCaseContext, type UseCaseDatabase } from '../context.ts';
import { COLLECTOR_ASSIGNERS } from './roles.ts';

export interface AssignCollectorInput {
  clientCode: string;
  /** E-mail of a user with the collector role; omitted keeps the current assignment. */
  collectorEmail?: string;
  segment?: string;
}

type Refusal = { code: 'FORBIDDEN'; message: string } | { code: 'CLIENT_NOT_FOUND'; message: string } | { code: 'VALIDATION_FAILED'; message: string };

/** Assigns a client's collector and/or segment, audited with before and after, in one transaction. */
export async function assignCollector(database: UseCaseDatabase, ctx: UseCaseContext, input: AssignCollectorInput):
  Promise<Result<{ client: string; collector: string | null; segment: string }, Refusal>> {
  const authority = authorityOf(ctx.actor);
  if (!authority.roles.some((r) => COLLECTOR_ASSIGNERS.includes(r))) {
    return err({ code: 'FORBIDDEN', message: `assigning collectors needs one of the roles ${COLLECTOR_ASSIGNERS.join(', ')}` });
  }
  if (input.segment !== undefined && !/^[a-z][a-z0-9_-]{0,39}$/.test(input.segment)) {
    return err({ code: 'VALIDATION_FAILED', message: 'segment: lower-case letters, digits, - or _, at most 40 characters' });
  }
  const [client] = await database.db.select().from(clients).where(eq(clients.code, input.clientCode));
  if (!client || (authority.entityIds !== null && !authority.entityIds.includes(client.legalEntityId))) {
    return err({ code: 'CLIENT_NOT_FOUND', message: `no client ${input.clientCode}` });
  }
  let collector: { id: string; email: string } | null = null;
  if (input.collectorEmail !== undefined) {
    const [u] = await database.db.select().from(users).where(eq(users.email, input.collectorEmail));
    if (!u || !u.roles.includes('collector') || !u.active) {
      return err({ code: 'VALIDATION_FAILED', message: `${input.collectorEmail} is not an active user with the collector role` });
    }
    collector = { id: u.id, email: u.email };
  }
  return database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(clientCollectors).where(eq(clientCollectors.clientId, client.id));
    if (collector) {
      await tx.insert(clientCollectors).values({ clientId: client.id, collectorId: collector.id, assignedBy: ctx.actor.userId, assignedAt: ctx.now })
        .onConflictDoUpdate({ target: clientCollectors.clientId, set: { collectorId: collector.id, assignedBy: ctx.actor.userId, assignedAt: ctx.now } });
    }
    const segment = input.segment ?? client.segment;
    if (segment !== client.segment) await tx.update(clients).set({ segment }).where(eq(clients.id, client.id));
    await appendAudit(tx, auditEntry(ctx, {
      action: 'client.assign_collector', targetType: 'client', targetId: client.id,
      before: { collectorId: before?.collectorId ?? null, segment: client.segment },
      after: { collectorId: collector?.id ?? before?.collectorId ?? null, segment }, decision: null,
    }));
    return ok({ client: client.code, collector: collector?.email ?? null, segment });
  });
}

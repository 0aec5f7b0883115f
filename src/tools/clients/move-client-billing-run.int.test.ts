import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/helpers/api.ts';
import { sawLockWait } from '../../../test/helpers/lock-wait.ts';
import { backend } from '../../../test/helpers/db.ts';
import { addTime } from '../../../test/helpers/firm.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import type { BillingRunPorts, WriteDraftInput, WriteDraftOutcome } from '../../billing/billing-run/ports.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { clients, contracts, invoices, legalEntities } from '../../db/schema/index.ts';
import { billingRunStore } from '../../db/stores/billing-run-store.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import type { Actor } from '../../policy/roles.ts';
import { fixedClock } from '../../shared/clock.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { clientsUpsert } from './upsert-client.ts';

type Outcome = { ok: boolean; error?: { code: string } };

/**
 * A billing run that read a client's contracts before the client's move committed, and writes its drafts while the
 * move commits: the draft waits for the move (the draft writer locks the client's row, as the move does) and is
 * written in the entity the contract is in then, the new one. Before, it copied the entity it had read and, committed
 * after the move's update of the client's invoices, stayed behind in the old entity. On PGlite transactions run one at
 * a time: the draft is written after the move commits, and must still take the new entity rather than the one read.
 */
describe(`a billing run writing drafts while their client moves on ${backend}`, () => {
  const env = useFirmApp();
  let clerk: Actor;
  const callerOn = (db: DbOrTx): ToolCaller => ({
    actor: clerk,
    correlationId: `move-run-${Math.random()}`,
    now: new Date(),
    deps: { database: { ...env.database, db: db as Db }, now: () => new Date() },
  });
  const idOf = async (table: typeof clients | typeof legalEntities, code: string) =>
    (await env.database.db.select({ id: table.id }).from(table).where(eq(table.code, code)))[0]!.id;

  beforeAll(async () => {
    clerk = {
      userId: env.users.ids[env.users.email('billing_clerk')]!,
      roles: ['billing_clerk'],
      entityIds: null,
      onBehalfOf: null,
    };
    for (const date of ['2026-09-07', '2026-09-08'])
      await addTime(env.database, { person: 'P-A', project: 'PR-A', date, hours: '8', status: 'approved' });
  });

  /**
   * Runs the approved move in a transaction held open, then writes `write` (a draft of the moving client) on another
   * connection and (PostgreSQL) waits until a session waits on a lock or the write finishes; then commits the move.
   * (sawLockWait). Answers the write's outcome and whether it was seen waiting.
   */
  const whileMoving = async (move: Record<string, unknown>, write: () => Promise<WriteDraftOutcome>) => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let moved!: (r: Outcome) => void;
    const moveResult = new Promise<Outcome>((r) => {
      moved = r;
    });
    const outer = env.database.db.transaction(async (tx) => {
      moved((await callTool(callerOn(tx), clientsUpsert, move)) as Outcome);
      await held;
    });
    const one = await moveResult;
    expect(one.ok, JSON.stringify(one)).toBe(true);
    let settled = false;
    const written = write().finally(() => {
      settled = true;
    });
    const waited = await sawLockWait(env.database.db, () => settled);
    release();
    await outer;
    return { outcome: await written, waited };
  };

  it('writes the draft of a contract rated before the move in the new entity', async () => {
    const move = { code: 'CL-A', legalEntity: 'LE-B', name: 'Client A', country: 'US' };
    const asked = await callTool(callerOn(env.database.db), clientsUpsert, move);
    expect(asked.ok ? 'ok' : asked.error.code).toBe('APPROVAL_REQUIRED');
    const requestId = (asked as { error: { requestId: string } }).error.requestId;
    const granted = await call(env.app, 'POST', `/approvals/${requestId}/grant`, {
      key: env.users.key.finance_admin,
      body: {},
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);

    const [clientA, entityA, entityB] = [
      await idOf(clients, 'CL-A'),
      await idOf(legalEntities, 'LE-A'),
      await idOf(legalEntities, 'LE-B'),
    ];
    const store = billingRunStore(env.database);
    const seen: { rated: string; waited: boolean }[] = [];
    // The run has read and rated the client's contracts (in LE-A) when its first draft of the client is written.
    const ports: BillingRunPorts = {
      ...store,
      async writeDraft(input: WriteDraftInput) {
        if (input.draft.clientId !== clientA || seen.length > 0) return store.writeDraft(input);
        const r = await whileMoving(move, () => store.writeDraft(input));
        seen.push({ rated: input.draft.legalEntityId, waited: r.waited });
        return r.outcome;
      },
    };
    const run = await runBilling(ports, fixedClock('2026-11-25T12:00:00Z'), { period: '2026-09' });
    expect(run.ok && run.value.conflicts, run.ok ? undefined : run.error.message).toBe(0);
    expect(seen.map((s) => s.rated)).toEqual([entityA]);
    if (backend === 'postgres') expect(seen[0]!.waited, 'the draft waited for the move').toBe(true);

    const drafts = await env.database.db
      .select({ entity: invoices.legalEntityId, contract: contracts.code })
      .from(invoices)
      .innerJoin(contracts, eq(contracts.id, invoices.contractId))
      .where(and(eq(invoices.clientId, clientA), eq(invoices.period, '2026-09')));
    expect(drafts.map((d) => d.contract)).toContain('K-A');
    expect(
      drafts.every((d) => d.entity === entityB),
      JSON.stringify(drafts),
    ).toBe(true);
    const [client] = await env.database.db.select().from(clients).where(eq(clients.id, clientA));
    expect(client!.legalEntityId).toBe(entityB);
  });

  it('leaves every unnumbered invoice of the moved client in the new entity', async () => {
    const clientA = await idOf(clients, 'CL-A');
    const stale = await env.database.db
      .select({ id: invoices.id, status: invoices.status, period: invoices.period })
      .from(invoices)
      .where(
        and(
          eq(invoices.clientId, clientA),
          eq(invoices.legalEntityId, await idOf(legalEntities, 'LE-A')),
          sql`${invoices.status} IN ('draft', 'pending_approval')`,
        ),
      );
    expect(stale).toEqual([]);
  });

  it('leaves an audit chain that verifies', async () => {
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });
});

import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/helpers/api.ts';
import { sawLockWait } from '../../../test/helpers/lock-wait.ts';
import { backend } from '../../../test/helpers/db.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { clients, contracts, legalEntities } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import type { Actor } from '../../policy/roles.ts';
import { callTool } from '../call-tool.ts';
import { contractsUpsert } from '../contracts/upsert-contract.ts';
import type { AnyTool, ToolCaller } from '../define-tool.ts';
import { clientsUpsert } from './upsert-client.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
type Outcome = { ok: boolean; error?: { code: string } };

const contractOf = (code: string, client: string) => ({
  code,
  client,
  name: `Contract ${code}`,
  models: ['time_and_materials'],
  currency: 'USD',
  startDate: '2026-01-01',
  taxJurisdiction: 'US',
  rateCard: [{ role: 'Analyst', rate: '150.00', effectiveFrom: '2026-01-01' }],
});

/**
 * A client's move and a contract written for the client at the same time (READ COMMITTED on PostgreSQL) queue on the
 * client's row: the contract never stays behind in the entity the client left. On PGlite transactions run one at a
 * time, so the second call simply runs after the first commits: the same outcome.
 */
describe(`a client's move beside a contract written for it on ${backend}`, () => {
  const env = useFirmApp();
  let clerk: Actor;
  const callerOn = (db: DbOrTx): ToolCaller => ({
    actor: clerk,
    correlationId: `lock-${Math.random()}`,
    now: new Date(),
    deps: { database: { ...env.database, db: db as Db }, now: () => new Date() },
  });
  const entityCodes = async () =>
    new Map((await env.database.db.select().from(legalEntities)).map((e) => [e.id, e.code]));
  /** Client and contract entities by code, for the client. */
  const placement = async (client: string) => {
    const codes = await entityCodes();
    const [c] = await env.database.db.select().from(clients).where(eq(clients.code, client));
    const ks = await env.database.db.select().from(contracts).where(eq(contracts.clientId, c!.id));
    return {
      client: codes.get(c!.legalEntityId),
      contracts: Object.fromEntries(ks.map((k) => [k.code, codes.get(k.legalEntityId)])),
    };
  };
  /** Asks for the move as the clerk and has a finance admin grant it: the next identical call moves. */
  const approvedMove = async (move: Record<string, unknown>) => {
    const asked = await callTool(callerOn(env.database.db), clientsUpsert, move);
    expect(asked.ok ? 'ok' : asked.error.code).toBe('APPROVAL_REQUIRED');
    const requestId = (asked as { error: { requestId: string } }).error.requestId;
    const granted = await call<Body>(env.app, 'POST', `/approvals/${requestId}/grant`, {
      key: env.users.key.finance_admin,
      body: {},
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  };
  /**
   * Runs `first` in a transaction held open after the call, starts `second` on another connection, and (PostgreSQL)
   * waits until `second` waits on a lock or finishes; then commits `first`. Answers both outcomes and whether `second`
   * was seen waiting: that only proves the two overlapped (every write also queues on the audit chain's head, after
   * its writes); where each contract ends up is what the lock on the client decides.
   */
  const interleave = async (first: [AnyTool, unknown], second: [AnyTool, unknown]) => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let firstDone!: (r: Outcome) => void;
    const firstResult = new Promise<Outcome>((r) => {
      firstDone = r;
    });
    const outer = env.database.db.transaction(async (tx) => {
      firstDone((await callTool(callerOn(tx), first[0], first[1])) as Outcome);
      await held;
    });
    const one = await firstResult;
    let settled = false;
    const secondResult = callTool(callerOn(env.database.db), second[0], second[1]).finally(() => {
      settled = true;
    });
    const waited = await sawLockWait(env.database.db, () => settled);
    release();
    await outer;
    return { one, two: (await secondResult) as Outcome, waited };
  };

  beforeAll(() => {
    clerk = {
      userId: env.users.ids[env.users.email('billing_clerk')]!,
      roles: ['billing_clerk'],
      entityIds: null,
      onBehalfOf: null,
    };
  });

  it('writes a contract created while the move commits in the new entity (it waits for the move)', async () => {
    const move = { code: 'CL-A', legalEntity: 'LE-B', name: 'Client A', country: 'US' };
    await approvedMove(move);
    const r = await interleave([clientsUpsert, move], [contractsUpsert, contractOf('K-A-NEW', 'CL-A')]);
    expect([r.one.ok, r.two.ok], JSON.stringify(r)).toEqual([true, true]);
    if (backend === 'postgres') expect(r.waited).toBe(true);
    expect(await placement('CL-A')).toEqual({
      client: 'LE-B',
      contracts: { 'K-A': 'LE-B', 'U-A': 'LE-B', 'K-A-NEW': 'LE-B' },
    });
  });

  it('makes a move that waited for a contract created meanwhile another move, asked again', async () => {
    const move = { code: 'CL-B', legalEntity: 'LE-A', name: 'Client B', country: 'NL' };
    await approvedMove(move);
    const r = await interleave([contractsUpsert, contractOf('K-B-NEW', 'CL-B')], [clientsUpsert, move]);
    expect(r.one.ok, JSON.stringify(r)).toBe(true);
    if (backend === 'postgres') expect(r.waited).toBe(true);
    // The approval covered K-B and U-B; the move found K-B-NEW too, so it is another move (nothing written).
    expect(r.two.error?.code, JSON.stringify(r)).toBe('ARGS_CHANGED');
    expect(await placement('CL-B')).toEqual({
      client: 'LE-B',
      contracts: { 'K-B': 'LE-B', 'U-B': 'LE-B', 'K-B-NEW': 'LE-B' },
    });
  });

  it('leaves an audit chain that verifies', async () => {
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });
});

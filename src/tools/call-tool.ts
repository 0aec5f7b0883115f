import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson } from '../billing/audit/canonical-json.ts';
import { pgError } from '../db/client.ts';
import { commitInOneStatement, waitForFlush } from '../db/stores/audit-store.ts';
import {
  claimCallKey,
  claimCompletedInStatement,
  completeCallKey,
  releaseCallKey,
  type StoredCall,
} from '../db/stores/tool-idempotency-store.ts';
import { refusal, type PolicyRefusal } from './policy-gate/context.ts';
import { denialToAsk } from '../policy/evaluate.ts';
import { authorityOf } from '../policy/permissions.ts';
import { boundCodeOf } from '../shared/bounded-fields.ts';
import { jsonText } from '../shared/json-text.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { AnyTool, DomainError, Tool, ToolCaller } from './define-tool.ts';

/** Printable ASCII, 1 to 255 characters: the shape HTTP's Idempotency-Key takes too. */
export const IDEMPOTENCY_KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** Refusals callTool itself returns, before or instead of the handler. */
export type CallError =
  | { code: 'VALIDATION_FAILED'; message: string; issues: { path: string; message: string; code?: string }[] }
  | { code: 'INVALID_IDEMPOTENCY_KEY'; message: string }
  | { code: 'IDEMPOTENCY_KEY_REUSED'; message: string; idempotencyKey: string }
  | { code: 'IDEMPOTENCY_IN_PROGRESS'; message: string; idempotencyKey: string }
  | { code: 'FORBIDDEN'; message: string; roles: readonly string[] }
  | PolicyRefusal;

/** A call's outcome; replayed when an idempotency key answered it from the first call's stored Result. */
export type ToolResult<T, E> = Result<T, E | CallError> & { replayed?: boolean };

export interface CallOptions {
  /** The same key from the same actor replays the first call's Result; with another input it is IDEMPOTENCY_KEY_REUSED. */
  idempotencyKey?: string;
}

/** What identifies a call for its key: the tool, the person the agent acts for, the input (canonical JSON). */
export function callHash(tool: AnyTool, caller: ToolCaller, input: unknown): string {
  const onBehalf = caller.actor.onBehalfOf ? `on-behalf-of ${caller.actor.onBehalfOf.userId}\n` : '';
  return createHash('sha256')
    .update(`tool ${tool.name}\n${onBehalf}${canonicalJson(JSON.parse(jsonText(input)) as never)}`)
    .digest('hex');
}

/** Policy's first word, from the actor and the entry alone: may this actor ask for it at all? */
function refusedToAsk(tool: AnyTool, caller: ToolCaller): CallError | null {
  if (tool.policyAction) {
    const denied = denialToAsk(tool.policyAction, caller.actor, 0);
    return denied ? refusal(denied) : null;
  }
  const readers = tool.readers ?? [];
  // A service identity reads only what names its role (serviceReaders); it holds no person's role.
  if (caller.actor.serviceRoles?.some((r) => tool.serviceReaders?.includes(r))) return null;
  // The agent reads for a person: both it and the person must be readers (as the API's routeAllows).
  const agent = caller.actor.roles.includes('agent');
  const roles = agent
    ? (caller.actor.onBehalfOf?.roles ?? []).filter((r) => r !== 'agent')
    : authorityOf(caller.actor).roles;
  const mayRead = (!agent || readers.includes('agent')) && roles.some((r) => readers.includes(r));
  return mayRead
    ? null
    : { code: 'FORBIDDEN', message: `${tool.name} needs one of the roles: ${readers.join(', ')}`, roles: readers };
}

/** The stored answer for a key another call holds: its Result replayed, or why not. */
function answerStored(key: string, hash: string, stored: StoredCall): ToolResult<never, never> {
  if (stored.requestHash !== hash) {
    return err({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'This idempotency key was used for another call; use a new key.',
      idempotencyKey: key,
    });
  }
  if (stored.status !== 'completed' || stored.result === null) {
    return err({
      code: 'IDEMPOTENCY_IN_PROGRESS',
      message: 'A call with this idempotency key is still running; retry later.',
      idempotencyKey: key,
    });
  }
  return { ...(JSON.parse(stored.result) as Result<never, never>), replayed: true };
}

/**
 * Calls a catalogue entry: the one path of every write, for routes, CLI commands, the agent and
 * jobs. In order: validate the input with the entry's schema (VALIDATION_FAILED naming each
 * field), ask policy whether this actor may take the entry's action at all (the facts are the
 * handler's to check, with the approvals, right before its write), then one transaction holding
 * the idempotency claim and the handler, whose writes append their one audit row through the
 * stores. With an idempotency key the Result (a refusal too) is stored per actor and key: the same
 * call again replays it, marked replayed; another input under the key is IDEMPOTENCY_KEY_REUSED.
 * A handler that throws rolls everything back, its claim with it, so a retry runs. An entry with a
 * oneStatement plan is first tried as that one statement (claim, writes and audit row together);
 * only when the plan's guard fails there does the transaction above run.
 */
export async function callTool<I extends z.ZodType, O extends z.ZodType, E extends DomainError>(
  caller: ToolCaller,
  tool: Tool<I, O, E> | string,
  rawInput: unknown,
  opts: CallOptions = {},
): Promise<ToolResult<z.output<O>, E>> {
  // By name, the registry loads on demand: a CLI command that imports its one entry loads no other.
  const entry = (typeof tool === 'string' ? (await import('./registry.ts')).toolNamed(tool) : tool) as AnyTool;
  const parsed = entry.input.safeParse(rawInput);
  if (!parsed.success) {
    return err({
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid',
      issues: parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
        ...(boundCodeOf(i) ? { code: boundCodeOf(i) } : {}),
      })),
    });
  }
  const refused = refusedToAsk(entry, caller);
  if (refused) return err(refused);
  const input = parsed.data;
  const key = opts.idempotencyKey;
  if (key !== undefined && !IDEMPOTENCY_KEY_SHAPE.test(key)) {
    return err({
      code: 'INVALID_IDEMPOTENCY_KEY',
      message: 'An idempotency key is 1 to 255 printable ASCII characters.',
    });
  }
  if (key !== undefined && entry.returnsSecret) {
    return err({
      code: 'INVALID_IDEMPOTENCY_KEY',
      message: `${entry.name} answers a secret shown once, which is never stored for a replay: call it without an idempotency key.`,
    });
  }
  const { database } = caller.deps;
  const userId = caller.actor.userId;
  const hash = key === undefined ? '' : callHash(entry, caller, input);
  type R = ToolResult<z.output<O>, E>;
  if (entry.transaction === 'own') {
    const stored = key === undefined ? null : await claimCallKey(database.db, userId, key, hash);
    if (stored) return answerStored(key!, hash, stored);
    let r: R;
    try {
      r = (await entry.handler({ ...caller, db: database.db }, input)) as R;
    } catch (e) {
      if (key !== undefined) await releaseCallKey(database.db, userId, key);
      throw e;
    }
    if (key !== undefined) await completeCallKey(database.db, userId, key, jsonText(r), caller.now);
    return r;
  }
  // A read without a key writes nothing: no transaction (each statement sees committed data, as it would inside one).
  if (entry.risk === 'read' && key === undefined)
    return (await entry.handler({ ...caller, db: database.db }, input)) as R;
  // The entry's fast path: the successful call as one statement, or nothing written and the handler runs.
  const plan = await entry.oneStatement?.({ ...caller, db: database.db }, input);
  if (plan) {
    const r = ok(plan.value) as R;
    const claim = key === undefined ? undefined : claimCompletedInStatement(userId, key, hash, jsonText(r), caller.now);
    try {
      if (await commitInOneStatement(database.db, { guard: plan.guard, claim, writes: plan.writes, entry: plan.audit }))
        return r;
    } catch (e) {
      // A constraint (class 23) a concurrent call's commit broke after the guard read: the statement wrote nothing, and the handler says why.
      if (!pgError(e).code?.startsWith('23')) throw e;
    }
    plan.onRefused?.();
  }
  const result = await database.db.transaction(async (tx): Promise<R> => {
    // Claimed completed at once: the row commits with the handler's writes or not at all, and a twin waits on it meanwhile.
    const stored = key === undefined ? null : await claimCallKey(tx, userId, key, hash, 'completed');
    if (stored) return answerStored(key!, hash, stored);
    const r = (await entry.handler({ ...caller, db: tx }, input)) as R;
    if (key !== undefined) await completeCallKey(tx, userId, key, jsonText(r), caller.now);
    return r;
  });
  // A one-statement call commits asynchronously and answers once its commit is flushed: a replay of one waits for that flush too
  // (outside the transaction: embedded in this thread, a statement beside an open transaction would wait for it).
  if (result.replayed && entry.oneStatement) await waitForFlush(database.db);
  return result;
}

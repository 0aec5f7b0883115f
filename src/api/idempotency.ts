import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import { commitInOneStatement, waitForFlush, type CommitGuard, type GatedWrite } from '../db/stores/audit-store.ts';
import type { AuditEntry } from '../billing/audit/audit-row.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  type IdempotencyRow,
} from '../db/stores/idempotency-store.ts';
import { canonicalJson } from '../billing/audit/canonical-json.ts';
import { sendError } from './error-map.ts';

export interface IdempotencyDeps {
  db: Db;
  log: (msg: string, meta: Record<string, unknown>) => void;
}

/** Printable ASCII, 1 to 255 characters (a UUID, a hash, a client's own scheme). */
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** What a request meeting a taken key is answered from. */
type StoredAnswer = Pick<IdempotencyRow, 'requestHash' | 'status' | 'responseStatus' | 'responseBody' | 'responseType'>;

/** SHA-256 over method, path and the body; a JSON body is canonicalised, so key order and spacing do not matter. */
export function requestHash(method: string, path: string, body: string): string {
  let canonical = body;
  try {
    canonical = canonicalJson(JSON.parse(body) as unknown);
  } catch {
    // not JSON: hash the bytes as sent
  }
  return createHash('sha256').update(`${method} ${path}\n${canonical}`).digest('hex');
}

/**
 * What identifies a multipart request for idempotency: every text field and, for every file part,
 * its name, size and SHA-256 (not the raw body, whose boundary differs on every send). As JSON, so
 * requestHash canonicalises it like a JSON body.
 */
export async function formFingerprint(form: FormData): Promise<string> {
  const parts: Record<string, unknown[]> = {};
  for (const [name, value] of form.entries()) {
    const part =
      typeof value === 'string'
        ? value
        : {
            file: value.name,
            size: value.size,
            sha256: createHash('sha256')
              .update(new Uint8Array(await value.arrayBuffer()))
              .digest('hex'),
          };
    (parts[name] ??= []).push(part);
  }
  return JSON.stringify(parts);
}

/**
 * Runs a POST at most once per (user, Idempotency-Key). The same key and request (method, path and
 * the fingerprint of its body: the JSON text, or formFingerprint of a form) replay the first
 * response (status and body, with Idempotent-Replayed: true); the same key with another request is
 * 422; a key whose first request is still running is 409. Without the header the request just runs.
 * A 5xx is not stored: the claim is released so a retry can run. The claim and the handler's own
 * transaction are separate, so a crash between the two leaves the key in progress (409) rather
 * than risk a second effect.
 */
export async function withIdempotency(
  c: Context,
  userId: string,
  deps: IdempotencyDeps,
  fingerprint: () => Promise<string>,
  run: () => Promise<Response>,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return run();
  if (!KEY_SHAPE.test(key))
    return sendError(c, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 255 printable ASCII characters.');
  const hash = requestHash(c.req.method, c.req.path, await fingerprint());
  const claim = await claimIdempotencyKey(deps.db, userId, key, hash);
  if (!claim.claimed) return answerExisting(c, key, hash, claim.existing);
  let res: Response;
  try {
    res = await run();
  } catch (e) {
    await releaseIdempotencyKey(deps.db, userId, key);
    throw e;
  }
  if (res.status >= 500) {
    await releaseIdempotencyKey(deps.db, userId, key);
    return res;
  }
  const body = await res.clone().text();
  await completeIdempotencyKey(
    deps.db,
    userId,
    key,
    { status: res.status, body, type: res.headers.get('content-type') },
    new Date(),
  );
  return res;
}

/** The answer to a request whose key is taken: 422 for another request, 409 while it runs, else the replay. */
function answerExisting(c: Context, key: string, hash: string, row: StoredAnswer | null): Response {
  if (row && row.requestHash !== hash) {
    return sendError(c, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request; use a new key.', {
      idempotencyKey: key,
    });
  }
  if (!row || row.status === 'in_progress') {
    return sendError(
      c,
      'IDEMPOTENCY_IN_PROGRESS',
      'A request with this Idempotency-Key is still running; retry later.',
      { idempotencyKey: key },
    );
  }
  return new Response(row.responseBody, {
    status: row.responseStatus ?? 200,
    headers: { 'content-type': row.responseType ?? 'application/json', 'idempotent-replayed': 'true' },
  });
}

/** What a one-statement route commits: its writes, their audit entry, and the response that says they were made. */
export interface CommitPlan {
  writes: GatedWrite[];
  audit: AuditEntry;
  response: Response;
}

/**
 * Commits a plan and answers with its response, or with the stored answer when the
 * Idempotency-Key was taken (replay, 422 or 409). A plan with a guard (reads the statement does for
 * itself, see CommitGuard) answers null when the guard did not hold: nothing was written, no key was
 * claimed, and the route goes on to find out why (its slow path, which reads and commits without a guard).
 */
export interface Commit {
  (plan: CommitPlan & { guard: CommitGuard }): Promise<Response | null>;
  (plan: CommitPlan): Promise<Response>;
}

/**
 * withIdempotency for a route that commits through `commit`: the idempotency claim, the route's
 * writes, its audit row and the stored response go to the database as one statement
 * (commitInOneStatement), so a request costs its reads plus one round trip, and a crash leaves no
 * key stuck in progress. The claim takes a transaction-scoped advisory lock on (user, key) without
 * waiting, so a request whose twin is still running gets 409 at once instead of queueing on the
 * twin's uncommitted row; a key already used is answered from its stored response (replay, or 422
 * for another request). A response the route sends without committing (a 4xx refusal, which writes
 * nothing) is stored for replay unless the key was taken meanwhile, in which case the request is
 * answered from the stored one; a 5xx or a throw stores nothing.
 */
export async function withIdempotentCommit(
  c: Context,
  userId: string,
  deps: IdempotencyDeps,
  fingerprint: () => Promise<string>,
  run: (commit: Commit) => Promise<Response>,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key !== undefined && !KEY_SHAPE.test(key))
    return sendError(c, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 255 printable ASCII characters.');
  const hash = key === undefined ? '' : requestHash(c.req.method, c.req.path, await fingerprint());
  let settled: Response | null = null;
  const commit = async (plan: CommitPlan & { guard?: CommitGuard }): Promise<Response | null> => {
    const body = key === undefined ? '' : await plan.response.clone().text();
    const claim =
      key === undefined
        ? undefined
        : (ready: SQL) => sql`
      INSERT INTO idempotency_keys (user_id, key, request_hash, status, response_status, response_body, response_type, completed_at)
      SELECT ${userId}::text, ${key}, ${hash}, 'completed', ${plan.response.status}, ${body}, ${plan.response.headers.get('content-type')}, now()
      WHERE ${ready} AND pg_try_advisory_xact_lock(hashtextextended(${`${userId}\n${key}`}, 0))
      ON CONFLICT DO NOTHING RETURNING 1`;
    const appended = await commitInOneStatement(deps.db, {
      guard: plan.guard,
      claim,
      writes: plan.writes,
      entry: plan.audit,
    });
    if (appended) return (settled = plan.response);
    // Not committed: the key was taken, or (with a guard) the guard did not hold; a stored answer tells which.
    const stored = key === undefined ? null : await storedAnswer(deps.db, userId, key);
    if (plan.guard && !stored) return null;
    return (settled = answerExisting(c, key!, hash, stored));
  };
  const res = await run(commit as Commit);
  if (key === undefined || res === settled || res.status >= 500) return res;
  // Answered without committing (a refusal writes nothing): stored for replay, unless the key was taken meanwhile.
  if (await storeAnswer(deps.db, userId, key, hash, res)) return res;
  return answerExisting(c, key, hash, await storedAnswer(deps.db, userId, key));
}

/**
 * The stored answer under a key, if any (committed rows only). A found answer may come from a commit
 * whose flush is still under way (asynchronous commit): it is returned only once that is durable,
 * so a replay never reports what a crash could still undo.
 */
async function storedAnswer(db: Db, userId: string, key: string): Promise<StoredAnswer | null> {
  const [row] = await queryRows<StoredAnswer>(
    db,
    sql`
    SELECT request_hash AS "requestHash", status, response_status AS "responseStatus", response_body AS "responseBody", response_type AS "responseType"
    FROM idempotency_keys WHERE user_id = ${userId}::text AND key = ${key}`,
  );
  if (row) await waitForFlush(db);
  return row ?? null;
}

/** Stores an answer under its key unless the key is taken (then false; a running twin is waited for). */
async function storeAnswer(db: Db, userId: string, key: string, hash: string, res: Response): Promise<boolean> {
  const body = await res.clone().text();
  const rows = await queryRows(
    db,
    sql`
    INSERT INTO idempotency_keys (user_id, key, request_hash, status, response_status, response_body, response_type, completed_at)
    VALUES (${userId}::text, ${key}, ${hash}, 'completed', ${res.status}, ${body}, ${res.headers.get('content-type')}, now())
    ON CONFLICT DO NOTHING RETURNING 1`,
  );
  return rows.length > 0;
}

import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { Db } from '../db/client.ts';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from '../db/stores/idempotency-store.ts';
import { canonicalJson } from '../billing/audit/canonical-json.ts';
import { sendError } from './error-map.ts';

export interface IdempotencyDeps {
  db: Db;
  log: (msg: string, meta: Record<string, unknown>) => void;
}

/** Printable ASCII, 1 to 255 characters (a UUID, a hash, a client's own scheme). */
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

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
    const part = typeof value === 'string'
      ? value
      : { file: value.name, size: value.size, sha256: createHash('sha256').update(new Uint8Array(await value.arrayBuffer())).digest('hex') };
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
  c: Context, userId: string, deps: IdempotencyDeps, fingerprint: () => Promise<string>, run: () => Promise<Response>,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return run();
  if (!KEY_SHAPE.test(key)) return sendError(c, 400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 255 printable ASCII characters.');
  const hash = requestHash(c.req.method, c.req.path, await fingerprint());
  const claim = await claimIdempotencyKey(deps.db, userId, key, hash);
  if (!claim.claimed) {
    const row = claim.existing;
    if (row && row.requestHash !== hash) {
      return sendError(c, 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request; use a new key.', { idempotencyKey: key });
    }
    if (!row || row.status === 'in_progress') {
      return sendError(c, 409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running; retry later.', { idempotencyKey: key });
    }
    return new Response(row.responseBody, {
      status: row.responseStatus ?? 200,
      headers: { 'content-type': row.responseType ?? 'application/json', 'idempotent-replayed': 'true' },
    });
  }
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
  await completeIdempotencyKey(deps.db, userId, key, { status: res.status, body, type: res.headers.get('content-type') }, new Date());
  return res;
}

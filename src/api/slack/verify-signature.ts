import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's request signing (v0): X-Slack-Signature is `v0=` and the hex HMAC-SHA256, keyed with the
 * app's signing secret, of `v0:{X-Slack-Request-Timestamp}:{raw body}`. Pure: the caller passes the
 * raw body exactly as received (before any form or JSON parsing) and the current time.
 */

/** How far a request's timestamp may be from now, either way, in seconds (Slack's advice: 5 minutes). */
export const SLACK_TOLERANCE_SECONDS = 300;

export type SlackVerification =
  | { ok: true }
  | {
      ok: false;
      reason:
        | 'missing_headers'
        | 'malformed_timestamp'
        | 'stale_timestamp'
        | 'malformed_signature'
        | 'signature_mismatch';
    };

export interface SlackRequest {
  signingSecret: string;
  /** X-Slack-Request-Timestamp: seconds since the epoch. */
  timestamp: string | null | undefined;
  /** X-Slack-Signature. */
  signature: string | null | undefined;
  rawBody: string | Uint8Array;
  /** Now, in seconds since the epoch. */
  nowSeconds: number;
  toleranceSeconds?: number;
}

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^v0=([0-9a-fA-F]{64})$/;

const bytesOf = (body: string | Uint8Array): Uint8Array =>
  typeof body === 'string' ? new TextEncoder().encode(body) : body;

/** The v0 signature of a body at a timestamp: `v0=` and 64 hex digits. */
export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: string | Uint8Array): string {
  const mac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(bytesOf(rawBody));
  return `v0=${mac.digest('hex')}`;
}

/**
 * Verifies a request from Slack: both headers present and well-formed, the timestamp within the
 * tolerance of now in either direction (a replayed or a future-dated request is refused), and the
 * signature equal to the expected one, compared in constant time.
 * @example verifySlackSignature({ signingSecret, timestamp: '1531420618', signature: 'v0=a2114d…', rawBody, nowSeconds: 1531420618 }) // { ok: true }
 */
export function verifySlackSignature(req: SlackRequest): SlackVerification {
  if (!req.timestamp || !req.signature) return { ok: false, reason: 'missing_headers' };
  if (!TIMESTAMP.test(req.timestamp)) return { ok: false, reason: 'malformed_timestamp' };
  if (Math.abs(req.nowSeconds - Number(req.timestamp)) > (req.toleranceSeconds ?? SLACK_TOLERANCE_SECONDS))
    return { ok: false, reason: 'stale_timestamp' };
  const given = SIGNATURE.exec(req.signature);
  if (!given) return { ok: false, reason: 'malformed_signature' };
  const expected = Buffer.from(signSlackRequest(req.signingSecret, req.timestamp, req.rawBody).slice(3), 'hex');
  const actual = Buffer.from(given[1]!, 'hex');
  // Both are 32 bytes here (the pattern fixes the length), as timingSafeEqual requires.
  return timingSafeEqual(expected, actual) ? { ok: true } : { ok: false, reason: 'signature_mismatch' };
}

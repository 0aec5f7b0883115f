import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signed timestamp may be from now: five minutes either way (replays older than that are refused). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * The v1 signature of a webhook body: hex HMAC-SHA256 over `<timestamp>.<body>` with the shared secret
 * (Stripe's scheme). @example webhookSignature('whsec_test_0123456789', 1796461200, '{}') // 64 hex digits
 */
export const webhookSignature = (secret: string, timestamp: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

/** The header value a provider sends: `t=<unix seconds>,v1=<hex>`. */
export const signatureHeader = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${webhookSignature(secret, timestamp, body)}`;

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * Checks a `t=...,v1=...` header against the raw body: the timestamp within the tolerance of now,
 * and one v1 value (a provider rolling its secret sends two) equal to the expected signature,
 * compared in constant time. The reason never quotes the expected value.
 */
export function verifyWebhookSignature(
  header: string | undefined,
  body: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'no signature header' };
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2) as [string, string | undefined];
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && v) v1.push(v);
  }
  if (t === null || v1.length === 0) return { ok: false, reason: 'the signature header is not t=<seconds>,v1=<hex>' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds)
    return { ok: false, reason: `the signed timestamp is more than ${toleranceSeconds} seconds from now` };
  const expected = Buffer.from(webhookSignature(secret, t, body), 'hex');
  const match = v1.some((sig) => {
    if (!/^[0-9a-f]{64}$/i.test(sig)) return false;
    return timingSafeEqual(Buffer.from(sig, 'hex'), expected);
  });
  return match ? { ok: true, timestamp: t } : { ok: false, reason: 'no v1 signature matches the body' };
}

import type { Context } from 'hono';
import { recordWebhookPayment, paymentWebhookEventSchema } from '../../tools/payments/payment-webhook.ts';
import { isErrorCode } from '../../shared/error-codes.ts';
import { verifyWebhookSignature } from '../../shared/webhook-signature.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';

/** The header the provider signs with: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const PAYMENTS_SIGNATURE_HEADER = 'payments-signature';
/** The largest event body read: a payment event is a few kilobytes. */
const MAX_BODY_CHARS = 256 * 1024;

/**
 * POST /webhooks/payments: a payment provider's signed event, before key authentication (the
 * signature is the credential). The raw body is checked against PAYMENTS_WEBHOOK_SECRET first;
 * a bad, missing or stale signature is 401 WEBHOOK_SIGNATURE_INVALID and nothing is read further or
 * written. A verified payment event is recorded as service:payment-webhook (recordWebhookPayment);
 * the same event again replays (200, replayed true). docs/collections.md shows how to sign.
 */
export function paymentWebhookHandler(deps: ApiDeps) {
  return async (c: Context) => {
    const secret = deps.paymentsWebhookSecret;
    if (!secret)
      return sendError(c, 'WEBHOOK_NOT_CONFIGURED', 'the payment webhook is off: PAYMENTS_WEBHOOK_SECRET is not set');
    const body = await c.req.text();
    if (body.length > MAX_BODY_CHARS)
      return sendError(c, 'PAYLOAD_TOO_LARGE', `a webhook event is at most ${MAX_BODY_CHARS} characters`);
    const nowSeconds = Math.floor(deps.now().getTime() / 1000);
    const check = verifyWebhookSignature(c.req.header(PAYMENTS_SIGNATURE_HEADER), body, secret, nowSeconds);
    if (!check.ok)
      return sendError(c, 'WEBHOOK_SIGNATURE_INVALID', `the webhook signature does not verify: ${check.reason}`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return sendError(c, 'WEBHOOK_EVENT_INVALID', 'the event body is not JSON');
    }
    const parsed = paymentWebhookEventSchema.safeParse(json);
    if (!parsed.success)
      return sendError(c, 'WEBHOOK_EVENT_INVALID', 'the event is not a payment event this webhook reads', {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    const r = await recordWebhookPayment(deps, parsed.data, deps.now());
    if (!r.ok) return sendError(c, isErrorCode(r.error.code) ? r.error.code : 'WEBHOOK_EVENT_INVALID', r.error.message);
    return c.json(r.value, 200);
  };
}

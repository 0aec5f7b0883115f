import type { Context, Hono } from 'hono';
import type { AuthEnv } from '../auth/context.ts';
import { sendError } from '../error-map.ts';
import type { SlackService } from './slack-service.ts';
import { verifySlackSignature } from './verify-signature.ts';

export interface SlackEndpoints {
  signingSecret: string;
  service: SlackService;
  now: () => Date;
}

/** Slack's bodies are small (an event, a command, a button's payload); more is no Slack request. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads the raw body and checks Slack's signature over it, before any parsing: the body as text,
 * or a 401 SLACK_SIGNATURE_INVALID (a 413 when too large) already sent.
 */
async function verifiedBody(c: Context, e: SlackEndpoints): Promise<string | Response> {
  const length = Number(c.req.header('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) return sendError(c, 'PAYLOAD_TOO_LARGE', 'A Slack request is at most 256 KB.');
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (raw.byteLength > MAX_BODY_BYTES) return sendError(c, 'PAYLOAD_TOO_LARGE', 'A Slack request is at most 256 KB.');
  const v = verifySlackSignature({
    signingSecret: e.signingSecret,
    timestamp: c.req.header('x-slack-request-timestamp'),
    signature: c.req.header('x-slack-signature'),
    rawBody: raw,
    nowSeconds: Math.floor(e.now().getTime() / 1000),
  });
  if (!v.ok)
    return sendError(c, 'SLACK_SIGNATURE_INVALID', 'The request does not carry a valid Slack signature.', {
      reason: v.reason,
    });
  return new TextDecoder().decode(raw);
}

const parseJson = (s: string): Record<string, unknown> | null => {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/**
 * Slack's three request URLs, mounted before key authentication (Slack signs, it sends no key):
 * every request's signature is verified over the raw body first. Work is recorded by its id (a
 * retry with the same id is acknowledged and does nothing) and runs after the 200 is sent.
 */
export function mountSlackRoutes(h: Hono<AuthEnv>, e: SlackEndpoints): void {
  h.post('/slack/events', async (c) => {
    const raw = await verifiedBody(c, e);
    if (typeof raw !== 'string') return raw;
    const body = parseJson(raw);
    if (!body) return sendError(c, 'MALFORMED_JSON', 'The event body is not a JSON object.');
    if (body.type === 'url_verification') return c.json({ challenge: String(body.challenge ?? '') });
    if (body.type !== 'event_callback' || typeof body.event_id !== 'string') return c.body(null, 200);
    await e.service.accept('event', body.event_id, body);
    return c.body(null, 200);
  });
  h.post('/slack/commands', async (c) => {
    const raw = await verifiedBody(c, e);
    if (typeof raw !== 'string') return raw;
    const form = Object.fromEntries(new URLSearchParams(raw));
    const id = form.trigger_id || `${form.user_id ?? ''}:${c.req.header('x-slack-request-timestamp') ?? ''}`;
    const fresh = await e.service.accept('command', id, form);
    // Slack shows this at once (ephemeral); the answer follows through the response_url.
    return c.json({ response_type: 'ephemeral', text: fresh ? 'Working on it…' : 'Already on it.' });
  });
  h.post('/slack/interactivity', async (c) => {
    const raw = await verifiedBody(c, e);
    if (typeof raw !== 'string') return raw;
    const payload = parseJson(new URLSearchParams(raw).get('payload') ?? '');
    if (!payload) return sendError(c, 'MALFORMED_JSON', 'The payload field is not a JSON object.');
    const answer = await e.service.interact(payload);
    return answer ? c.json(answer) : c.body(null, 200);
  });
}

/**
 * The routes not derived from a catalogue entry, each with why. Every other route serves one entry
 * (ApiRoute.tool): toolRoute derives it, or a thin adapter shapes it (a status per outcome, a path
 * word such as "latest", an upload). src/api/route-inventory.test.ts fails on a route that is on
 * neither side, and on an entry here that is no longer mounted.
 */
export interface HandWrittenRoute {
  method: 'GET' | 'POST';
  path: string;
  /** How the caller is known: an API key (in the access table and OpenAPI), none, or a signature of its own. */
  credential: 'api_key' | 'none' | 'signature';
  reason: string;
}

export const HAND_WRITTEN_ROUTES: readonly HandWrittenRoute[] = [
  { method: 'GET', path: '/health', credential: 'none', reason: 'liveness and a database ping for load balancers' },
  {
    method: 'GET',
    path: '/openapi.json',
    credential: 'none',
    reason: 'the document generated from the routes themselves',
  },
  { method: 'GET', path: '/docs', credential: 'none', reason: 'the static HTML reference page over /openapi.json' },
  {
    method: 'POST',
    path: '/webhooks/payments',
    credential: 'signature',
    reason:
      "the provider's HMAC over the raw body is the credential (no API key); it records the payment as service:payment-webhook",
  },
  {
    method: 'POST',
    path: '/slack/events',
    credential: 'signature',
    reason: "Slack signs the raw body; Slack's event protocol (url_verification, retries), answered in Slack's format",
  },
  {
    method: 'POST',
    path: '/slack/commands',
    credential: 'signature',
    reason: "Slack signs the raw form body; a slash command's reply is Slack's message format",
  },
  {
    method: 'POST',
    path: '/slack/interactivity',
    credential: 'signature',
    reason: "Slack signs the raw form body; button clicks (grant, reject) answered in Slack's format",
  },
  {
    method: 'POST',
    path: '/teams/messages',
    credential: 'signature',
    reason: "Bot Framework JWTs, not API keys; activities and Adaptive Card clicks answered in Teams' format",
  },
  {
    method: 'POST',
    path: '/agent/messages',
    credential: 'api_key',
    reason: 'one copilot turn: the agent chooses catalogue entries itself, each called under policy for the caller',
  },
  {
    method: 'POST',
    path: '/triage',
    credential: 'api_key',
    reason: 'classifies a text the caller sends with the triage rules and classifier; reads and writes nothing stored',
  },
];

import { neverConnected } from '../chat/fetch-failure.ts';

/**
 * The Bot Connector REST API, the way the bot writes to Teams: a bot token by client credentials
 * (cached until shortly before it expires) and POST {serviceUrl}/v3/conversations/{id}/activities.
 * No SDK: two HTTP calls, and Microsoft's botbuilder packages would bring a framework for them.
 */

export interface ConnectorConfig {
  appId: string;
  appPassword: string;
  /** The OAuth token address (Microsoft's botframework.com tenant, the bot's own tenant, or a stub). */
  tokenUrl: string;
  /** The token's scope; Bot Connector's by default. */
  scope?: string;
  /** Milliseconds one HTTP call may take. */
  timeoutMs?: number;
}

/** An activity the bot sends: a message with text and/or attachments (an Adaptive Card). */
export interface OutgoingActivity {
  type: 'message';
  text?: string;
  textFormat?: 'markdown' | 'plain';
  attachments?: { contentType: string; content: unknown }[];
  replyToId?: string;
}

/**
 * Why a send failed, and at which step: `token` (getting the bot token: nothing was sent to the chat) or `post` (the
 * activity's POST: `status` when the Bot Connector answered one; `connected` false when no connection was opened, so
 * nothing was sent). `error` is words, never a secret.
 */
export interface SendFailure {
  ok: false;
  error: string;
  step: 'token' | 'post';
  status?: number;
  connected?: boolean;
}

export interface Connector {
  /** Sends an activity to a conversation; the new activity's id, or why it failed and at which step. */
  send(
    serviceUrl: string,
    conversationId: string,
    activity: OutgoingActivity,
  ): Promise<{ ok: true; id: string | null } | SendFailure>;
}

class TokenError extends Error {}

const words = (e: unknown) => (e instanceof Error ? e.message : 'could not be reached');

/** A Bot Connector client with its own token cache. */
export function botConnector(cfg: ConnectorConfig): Connector {
  let cached: { token: string; until: number } | null = null;
  const timeout = cfg.timeoutMs ?? 10_000;

  async function fetchToken(): Promise<string> {
    if (cached && cached.until > Date.now()) return cached.token;
    const res = await fetch(cfg.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: cfg.appId,
        client_secret: cfg.appPassword,
        scope: cfg.scope ?? 'https://api.botframework.com/.default',
      }),
      signal: AbortSignal.timeout(timeout),
    });
    if (!res.ok) throw new TokenError(`the token endpoint answered ${res.status}`);
    const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') throw new TokenError('the token endpoint sent no access_token');
    const seconds = Number(body.expires_in) || 3600;
    // Renewed five minutes early: a token must not expire between the check and the call.
    cached = { token: body.access_token, until: Date.now() + Math.max(0, seconds - 300) * 1000 };
    return body.access_token;
  }
  /** The bot token; a failure is a TokenError (the token step: nothing was posted). */
  const token = (): Promise<string> =>
    fetchToken().catch((e: unknown) => {
      throw e instanceof TokenError ? e : new TokenError(`the token endpoint: ${words(e)}`);
    });

  return {
    async send(serviceUrl, conversationId, activity) {
      const url = `${serviceUrl.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
      const post = async (t: string) =>
        fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
          body: JSON.stringify(activity),
          signal: AbortSignal.timeout(timeout),
        });
      try {
        let res = await post(await token());
        if (res.status === 401) {
          // A token revoked early: one fresh token, one more try.
          cached = null;
          res = await post(await token());
        }
        if (!res.ok)
          return { ok: false, step: 'post', status: res.status, error: `Bot Connector answered ${res.status}` };
        const body = (await res.json().catch(() => ({}))) as { id?: unknown };
        return { ok: true, id: typeof body.id === 'string' ? body.id : null };
      } catch (e) {
        if (e instanceof TokenError) return { ok: false, step: 'token', error: e.message };
        const code = neverConnected(e);
        return code
          ? { ok: false, step: 'post', connected: false, error: `the Bot Connector could not be reached (${code})` }
          : { ok: false, step: 'post', error: `the Bot Connector: ${words(e)}` };
      }
    },
  };
}

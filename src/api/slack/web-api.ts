import { neverConnected } from '../chat/fetch-failure.ts';

/**
 * The few Slack Web API methods the product calls, over fetch: chat.postMessage, chat.update,
 * chat.postEphemeral, views.open, conversations.open and conversations.history (to look a decision notice up
 * before posting it again), users.info (a person's locale, for the language of the copilot's answer), and a slash
 * command's or button's response_url. The base URL is configurable
 * (SLACK_API_BASE_URL), so tests run against a local stub; the bot token travels only in the
 * Authorization header and is never logged or put into an error. @slack/web-api would do the same with its
 * slackApiUrl option; eight calls did not warrant a dependency (and its retry queue, which we do not want:
 * the outbox and the notice delivery retry).
 */

export interface SlackApiOptions {
  baseUrl: string;
  botToken: string;
  /** Milliseconds one call may take (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type SlackCallResult = { ok: true; ts?: string; channel?: string } | { ok: false; error: string };

/** Application data on a message (Slack's message metadata): the product's own marker, e.g. a notice id. */
export interface SlackMetadata {
  event_type: string;
  event_payload: Record<string, string>;
}

/** A message of a conversation's history, as far as the product reads it. */
export interface SlackHistoryMessage {
  ts?: string;
  metadata?: SlackMetadata;
}

export interface SlackWebApi {
  postMessage(m: {
    channel: string;
    text: string;
    blocks?: unknown[];
    thread_ts?: string;
    metadata?: SlackMetadata;
  }): Promise<SlackCallResult>;
  /** The app's direct message channel with a user (conversations.open; scope im:write). */
  openDm(user: string): Promise<SlackCallResult>;
  /**
   * A conversation's messages since `oldest` (seconds, as Slack's ts), newest first, with their metadata
   * (conversations.history with include_all_metadata; scope im:history for a DM): one page, from `cursor` when
   * given; `nextCursor` names the next page while there is one.
   */
  history(m: {
    channel: string;
    oldest: string;
    limit: number;
    cursor?: string;
  }): Promise<{ ok: true; messages: SlackHistoryMessage[]; nextCursor?: string } | { ok: false; error: string }>;
  update(m: { channel: string; ts: string; text: string; blocks?: unknown[] }): Promise<SlackCallResult>;
  /**
   * A user's locale as Slack has it ("de-DE", "fr-FR"; users.info with include_locale, scope users:read): null when
   * Slack gives none. `timeoutMs` caps this call below the client's default (the answer waits on it).
   */
  userLocale(
    user: string,
    timeoutMs?: number,
  ): Promise<{ ok: true; locale: string | null } | { ok: false; error: string }>;
  /** A message in a channel only `user` sees (answers to a mention: the channel's members may not hold the asker's roles). */
  postEphemeral(m: { channel: string; user: string; text: string; thread_ts?: string }): Promise<SlackCallResult>;
  /** Opens a modal (views.open) for the person who pressed a button; `trigger_id` is valid for 3 s after the press. */
  openView(m: { trigger_id: string; view: Record<string, unknown> }): Promise<SlackCallResult>;
  /** Answers through a response_url (only Slack's own hooks.slack.com addresses, or the configured base's host). */
  respond(
    responseUrl: string,
    m: { text: string; response_type?: 'ephemeral' | 'in_channel'; replace_original?: boolean; blocks?: unknown[] },
  ): Promise<SlackCallResult>;
}

/**
 * A failed call's error: `connect ECONNREFUSED` (and the like) when no connection was opened, so nothing was sent;
 * else the exception's class (`TimeoutError`, `TypeError` for a reset, `SyntaxError` for a cut-off answer): never its
 * message, which could quote the request.
 */
const callError = (e: unknown): string => {
  const code = neverConnected(e);
  if (code) return `connect ${code}`;
  return e instanceof Error ? e.name : 'error';
};

/** A Slack Web API client at a base URL. */
export function slackWebApi(o: SlackApiOptions): SlackWebApi {
  const f = o.fetch ?? fetch;
  const base = o.baseUrl.replace(/\/+$/, '');
  const baseHost = new URL(base).host;
  const send = async (url: string, body: unknown, auth: boolean, timeoutMs?: number): Promise<SlackCallResult> => {
    try {
      const res = await f(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(auth ? { authorization: `Bearer ${o.botToken}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(Math.min(timeoutMs ?? Infinity, o.timeoutMs ?? 10_000)),
      });
      const text = await res.text();
      if (!res.ok) return { ok: false, error: `HTTP ${res.status}` };
      // response_url answers plain "ok"; Web API methods answer JSON with ok and error.
      if (!text.startsWith('{')) return { ok: true };
      const j = JSON.parse(text) as { ok?: boolean; error?: string; ts?: string; channel?: string };
      if (!j.ok) return { ok: false, error: String(j.error ?? 'not ok') };
      return { ok: true, ...(j.ts ? { ts: j.ts } : {}), ...(j.channel ? { channel: j.channel } : {}) };
    } catch (e) {
      return { ok: false, error: callError(e) };
    }
  };
  // Read methods take form-encoded arguments (Slack accepts JSON bodies only for methods that write).
  const read = async (
    method: string,
    args: Record<string, string>,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>> => {
    try {
      const res = await f(`${base}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${o.botToken}` },
        body: new URLSearchParams(args).toString(),
        signal: AbortSignal.timeout(Math.min(timeoutMs ?? Infinity, o.timeoutMs ?? 10_000)),
      });
      if (!res.ok) return { ok: false, error: `HTTP ${res.status}` };
      const j = (await res.json()) as Record<string, unknown>;
      return j.ok ? j : { ok: false, error: String(j.error ?? 'not ok') };
    } catch (e) {
      return { ok: false, error: callError(e) };
    }
  };
  return {
    postMessage: (m) => send(`${base}/chat.postMessage`, m, true),
    openDm: async (user) => {
      const j = await read('conversations.open', { users: user });
      if (!j.ok) return { ok: false, error: String(j.error) };
      const id = (j.channel as { id?: unknown } | undefined)?.id;
      return typeof id === 'string' ? { ok: true, channel: id } : { ok: false, error: 'no channel' };
    },
    history: async (m) => {
      const j = await read('conversations.history', {
        channel: m.channel,
        oldest: m.oldest,
        limit: String(m.limit),
        include_all_metadata: 'true',
        ...(m.cursor ? { cursor: m.cursor } : {}),
      });
      if (!j.ok) return { ok: false, error: String(j.error) };
      const next = (j.response_metadata as { next_cursor?: unknown } | undefined)?.next_cursor;
      return {
        ok: true,
        messages: Array.isArray(j.messages) ? (j.messages as SlackHistoryMessage[]) : [],
        ...(typeof next === 'string' && next ? { nextCursor: next } : {}),
      };
    },
    update: (m) => send(`${base}/chat.update`, m, true),
    userLocale: async (user, timeoutMs) => {
      const j = await read('users.info', { user, include_locale: 'true' }, timeoutMs);
      if (!j.ok) return { ok: false, error: String(j.error) };
      const locale = (j.user as { locale?: unknown } | undefined)?.locale;
      return { ok: true, locale: typeof locale === 'string' && locale ? locale : null };
    },
    postEphemeral: (m) => send(`${base}/chat.postEphemeral`, m, true),
    // A trigger_id lives 3 s: a modal that cannot open in 2.5 s will not open at all.
    openView: (m) => send(`${base}/views.open`, m, true, 2_500),
    respond: (url, m) => {
      const host = (() => {
        try {
          return new URL(url).host;
        } catch {
          return '';
        }
      })();
      // A response_url is where Slack said to answer; never an address a request body could point anywhere.
      if (host !== 'hooks.slack.com' && host !== baseHost)
        return Promise.resolve({ ok: false, error: 'response_url is not a Slack address' });
      return send(url, m, false);
    },
  };
}

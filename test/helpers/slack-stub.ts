import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the stub received: the method path (chat.postMessage) or response path, its JSON body and whether it carried the token. */
export interface SlackCall {
  path: string;
  body: Record<string, unknown>;
  authorization: string | null;
}

export interface SlackStub {
  url: string;
  calls: SlackCall[];
  /** Calls to a Web API method (chat.postMessage, chat.update). */
  method(name: string): SlackCall[];
  /** The next `times` calls to a method answer as Slack does when it refuses (`{ ok: false, error }`); recorded all the same. */
  failNext(name: string, times?: number, error?: string): void;
  /** The messages a channel holds (a user id's DM as D + the id's rest): what was posted and answered ok. */
  held(channel: string): { ts: string; text: unknown; metadata?: unknown }[];
  /** The next `times` calls to a method answer an HTTP error status (503, 404, ...); recorded all the same. */
  failNextHttp(name: string, times: number, status: number): void;
  /**
   * The next `times` calls to a method do their work (a chat.postMessage is kept in its DM) and then answer as a
   * failure: an HTTP status (`{ status: 503 }`) or Slack's `{ ok: false, error }` (`{ error: 'internal_error' }`).
   */
  failAfterWork(name: string, times: number, answer: { status: number } | { error: string }): void;
  /** Calls to a method whose body matches wait `ms` before they are worked and answered (a slow Slack). */
  answerSlowly(name: string, ms: number, only?: (body: Record<string, unknown>) => boolean): { stop(): void };
  /**
   * Calls to a method whose body matches are held, unanswered and unworked, until `release` (or close): a Slack that
   * does not answer. Recorded in `calls` when they arrive.
   */
  hold(name: string, only?: (body: Record<string, unknown>) => boolean): { release(): void };
  /**
   * The locale users.info gives for a user (with include_locale=true): "de-DE", or null for a user Slack knows without
   * one. A user never set is unknown to the stub (`user_not_found`).
   */
  setLocale(user: string, locale: string | null): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for Slack's Web API and response URLs on 127.0.0.1 (never the network): it
 * records every call and answers as Slack does (ok, a ts per posted message; "ok" on /response/*). Messages posted
 * are kept per channel (a user id's DM is D + the id's rest), so conversations.open and conversations.history (with
 * each message's metadata) answer as Slack would; users.info answers the locales set with `setLocale`; read methods'
 * form-encoded bodies are read too.
 */
export async function startSlackStub(): Promise<SlackStub> {
  const calls: SlackCall[] = [];
  const failing = new Map<string, { times: number; error: string }>();
  const failingHttp = new Map<string, { times: number; status: number }>();
  const history = new Map<string, { ts: string; text: unknown; metadata?: unknown }[]>();
  const failingAfter = new Map<string, { times: number; answer: { status: number } | { error: string } }>();
  const waits: { name: string; only: (b: Record<string, unknown>) => boolean; wait: () => Promise<void> }[] = [];
  const releases: (() => void)[] = [];
  const locales = new Map<string, string | null>();
  const dmOf = (channel: string) => (channel.startsWith('U') ? `D${channel.slice(1)}` : channel);
  let seq = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', async () => {
      const path = (req.url ?? '').replace(/^\//, '');
      const form = String(req.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
      const body: Record<string, unknown> = !raw
        ? {}
        : form
          ? Object.fromEntries(new URLSearchParams(raw))
          : (JSON.parse(raw) as Record<string, unknown>);
      calls.push({ path, body, authorization: req.headers.authorization ?? null });
      for (const w of waits) if (w.name === path && w.only(body)) await w.wait();
      if (path.startsWith('response/')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const httpFail = failingHttp.get(path);
      if (httpFail && httpFail.times > 0) {
        httpFail.times -= 1;
        res.writeHead(httpFail.status, { 'content-type': 'text/plain' }).end('stub refused');
        return;
      }
      const json = (v: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(v));
      if (path === 'conversations.open') {
        json({ ok: true, channel: { id: dmOf(String(body.users ?? '')) } });
        return;
      }
      if (path === 'conversations.history') {
        const oldest = Number(body.oldest ?? 0);
        const messages = (history.get(String(body.channel ?? '')) ?? [])
          .filter((m) => Number(m.ts) >= oldest)
          .reverse()
          .map((m) => (body.include_all_metadata === 'true' ? m : { ts: m.ts, text: m.text }));
        json({ ok: true, messages });
        return;
      }
      const fail = failing.get(path);
      if (fail && fail.times > 0) {
        fail.times -= 1;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: false, error: fail.error }));
        return;
      }
      if (path === 'users.info') {
        const id = String(body.user ?? '');
        if (!locales.has(id)) return void json({ ok: false, error: 'user_not_found' });
        const locale = locales.get(id);
        // Slack adds the locale only when asked (include_locale=true), and only when it has one.
        const withLocale = body.include_locale === 'true' && locale ? { locale } : {};
        return void json({ ok: true, user: { id, team_id: 'T0FIRM', name: id.toLowerCase(), ...withLocale } });
      }
      seq += 1;
      const channel = dmOf(String(body.channel ?? ''));
      // Slack's ts is the post's time in seconds: the stub's are now, so a look-up by `oldest` finds them.
      const ts = `${Math.floor(Date.now() / 1000)}.${String(seq).padStart(6, '0')}`;
      if (path === 'chat.postMessage') {
        const kept = history.get(channel) ?? [];
        kept.push({ ts, text: body.text, ...(body.metadata ? { metadata: body.metadata } : {}) });
        history.set(channel, kept);
      }
      const after = failingAfter.get(path);
      if (after && after.times > 0) {
        after.times -= 1;
        if ('status' in after.answer)
          res.writeHead(after.answer.status, { 'content-type': 'text/plain' }).end('stub: done, then failed');
        else json({ ok: false, error: after.answer.error });
        return;
      }
      json({ ok: true, channel, ts });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    method: (name) => calls.filter((c) => c.path === name),
    failNext: (name, times = 1, error = 'service_unavailable') => void failing.set(name, { times, error }),
    held: (channel) => [...(history.get(dmOf(channel)) ?? [])],
    failNextHttp: (name, times, status) => void failingHttp.set(name, { times, status }),
    failAfterWork: (name, times, answer) => void failingAfter.set(name, { times, answer }),
    answerSlowly: (name, ms, only = () => true) => {
      const entry = { name, only, wait: () => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
      waits.push(entry);
      return {
        stop: () => {
          const i = waits.indexOf(entry);
          if (i >= 0) waits.splice(i, 1);
        },
      };
    },
    hold: (name, only = () => true) => {
      const held: (() => void)[] = [];
      let open = false;
      const entry = {
        name,
        only,
        wait: () => (open ? Promise.resolve() : new Promise<void>((resolve) => held.push(resolve))),
      };
      waits.push(entry);
      const release = () => {
        open = true;
        const i = waits.indexOf(entry);
        if (i >= 0) waits.splice(i, 1);
        for (const r of held.splice(0)) r();
      };
      releases.push(release);
      return { release };
    },
    setLocale: (user, locale) => void locales.set(user, locale),
    close: () => {
      for (const r of releases.splice(0)) r();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

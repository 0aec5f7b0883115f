import { describe, expect, it } from 'vitest';
import { slackThreadId } from './slack-service.ts';
import { slackWebApi } from './web-api.ts';

const TOKEN = 'xoxb-secret-token';

/** A fetch that records what it was asked and answers with the given body. */
function fakeFetch(answer: { status?: number; body: string } | Error) {
  const seen: { url: string; init: RequestInit }[] = [];
  const f = (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), init: init ?? {} });
    if (answer instanceof Error) throw answer;
    return new Response(answer.body, { status: answer.status ?? 200 });
  }) as typeof fetch;
  return { f, seen };
}

describe('slackWebApi', () => {
  it('posts to the configured base URL with the token only in the Authorization header', async () => {
    const { f, seen } = fakeFetch({ body: JSON.stringify({ ok: true, ts: '1.2', channel: 'D1' }) });
    const api = slackWebApi({ baseUrl: 'http://127.0.0.1:9/api/', botToken: TOKEN, fetch: f });
    expect(await api.postMessage({ channel: 'U1', text: 'hi' })).toEqual({ ok: true, ts: '1.2', channel: 'D1' });
    expect(seen[0]!.url).toBe('http://127.0.0.1:9/api/chat.postMessage');
    expect((seen[0]!.init.headers as Record<string, string>).authorization).toBe(`Bearer ${TOKEN}`);
    expect(String(seen[0]!.init.body)).not.toContain(TOKEN);
  });

  it("reports Slack's error code, never the token, when Slack answers not ok", async () => {
    const { f } = fakeFetch({ body: JSON.stringify({ ok: false, error: 'channel_not_found' }) });
    const r = await slackWebApi({ baseUrl: 'https://slack.com/api', botToken: TOKEN, fetch: f }).update({
      channel: 'C1',
      ts: '1.1',
      text: 'x',
    });
    expect(r).toEqual({ ok: false, error: 'channel_not_found' });
  });

  it('reports a network failure by its kind only', async () => {
    const { f } = fakeFetch(new TypeError(`fetch failed for Bearer ${TOKEN}`));
    const r = await slackWebApi({ baseUrl: 'https://slack.com/api', botToken: TOKEN, fetch: f }).postMessage({
      channel: 'U1',
      text: 'x',
    });
    expect(r).toEqual({ ok: false, error: 'TypeError' });
  });

  it('answers a response_url on hooks.slack.com without the token, and refuses any other host', async () => {
    const { f, seen } = fakeFetch({ body: 'ok' });
    const api = slackWebApi({ baseUrl: 'https://slack.com/api', botToken: TOKEN, fetch: f });
    expect(await api.respond('https://hooks.slack.com/actions/T1/1/abc', { text: 'done' })).toEqual({ ok: true });
    expect((seen[0]!.init.headers as Record<string, string>).authorization).toBeUndefined();
    expect(await api.respond('https://attacker.example/steal', { text: 'done' })).toEqual({
      ok: false,
      error: 'response_url is not a Slack address',
    });
    expect(seen).toHaveLength(1);
  });
});

describe('slackWebApi.userLocale', () => {
  it("reads a user's locale with users.info, form-encoded, include_locale on, the token only in the header", async () => {
    const { f, seen } = fakeFetch({ body: JSON.stringify({ ok: true, user: { id: 'U1', locale: 'de-DE' } }) });
    const api = slackWebApi({ baseUrl: 'http://127.0.0.1:9/api', botToken: TOKEN, fetch: f });
    expect(await api.userLocale('U1')).toEqual({ ok: true, locale: 'de-DE' });
    expect(seen[0]!.url).toBe('http://127.0.0.1:9/api/users.info');
    const headers = seen[0]!.init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(Object.fromEntries(new URLSearchParams(String(seen[0]!.init.body)))).toEqual({
      user: 'U1',
      include_locale: 'true',
    });
  });

  it('answers no locale when Slack gives none, and reports a refusal by its code', async () => {
    const none = fakeFetch({ body: JSON.stringify({ ok: true, user: { id: 'U1' } }) });
    expect(
      await slackWebApi({ baseUrl: 'https://slack.com/api', botToken: TOKEN, fetch: none.f }).userLocale('U1'),
    ).toEqual({
      ok: true,
      locale: null,
    });
    const refused = fakeFetch({ body: JSON.stringify({ ok: false, error: 'missing_scope' }) });
    expect(
      await slackWebApi({ baseUrl: 'https://slack.com/api', botToken: TOKEN, fetch: refused.f }).userLocale('U1'),
    ).toEqual({ ok: false, error: 'missing_scope' });
    const limited = fakeFetch({ status: 429, body: '' });
    expect(
      await slackWebApi({ baseUrl: 'https://slack.com/api', botToken: TOKEN, fetch: limited.f }).userLocale('U1'),
    ).toEqual({ ok: false, error: 'HTTP 429' });
  });
});

describe('slackThreadId', () => {
  it('gives one stable UUID per Slack conversation and different ones for different conversations', () => {
    const a = slackThreadId('T1', 'D1', 'U1', '');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(slackThreadId('T1', 'D1', 'U1', '')).toBe(a);
    expect(slackThreadId('T1', 'D1', 'U2', '')).not.toBe(a);
  });
});

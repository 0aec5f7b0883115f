import { describe, expect, it } from 'vitest';
import { slackLocales } from './user-locale.ts';
import type { SlackWebApi } from './web-api.ts';

type Answer = Awaited<ReturnType<SlackWebApi['userLocale']>>;

/** A users.info stand-in: answers from `locales` (a string is a locale, an Error a thrown failure), counting calls. */
function fakeApi(locales: Record<string, string | null | Answer | Promise<Answer> | Error>) {
  const asked: { user: string; timeoutMs: number | undefined }[] = [];
  const api: Pick<SlackWebApi, 'userLocale'> = {
    userLocale: (user, timeoutMs) => {
      asked.push({ user, timeoutMs });
      const v = locales[user];
      if (v instanceof Error) throw v;
      if (v instanceof Promise) return v;
      if (v && typeof v === 'object') return Promise.resolve(v);
      return Promise.resolve(v === undefined ? { ok: false, error: 'user_not_found' } : { ok: true, locale: v });
    },
  };
  return { api, asked, count: (user: string) => asked.filter((a) => a.user === user).length };
}

describe('slackLocales', () => {
  it("maps the user's Slack locale to de, fr or en, and anything else to no preference", async () => {
    const { api } = fakeApi({ UDE: 'de-AT', UFR: 'fr-CA', UEN: 'en-GB', UES: 'es-LA', UNONE: null });
    const locales = slackLocales(api);
    expect(await locales.languageOf('UDE')).toBe('de');
    expect(await locales.languageOf('UFR')).toBe('fr');
    expect(await locales.languageOf('UEN')).toBe('en');
    expect(await locales.languageOf('UES')).toBeNull();
    expect(await locales.languageOf('UNONE')).toBeNull();
    expect(await locales.languageOf('')).toBeNull();
  });

  it('asks Slack once per user while the answer is kept, and again after it expires', async () => {
    let t = 0;
    const { api, count, asked } = fakeApi({ UDE: 'de-DE', UES: 'es-ES' });
    const locales = slackLocales(api, { ttlMs: 1000, now: () => t, timeoutMs: 900 });
    expect(await locales.languageOf('UDE')).toBe('de');
    expect(await locales.languageOf('UES')).toBeNull();
    t = 999;
    expect(await locales.languageOf('UDE')).toBe('de');
    expect(await locales.languageOf('UES')).toBeNull(); // an unsupported locale is kept too: no asking again
    expect([count('UDE'), count('UES')]).toEqual([1, 1]);
    expect(asked[0]!.timeoutMs).toBe(900); // the call itself is capped at the turn's wait
    t = 1000;
    expect(await locales.languageOf('UDE')).toBe('de');
    expect(count('UDE')).toBe(2);
  });

  it('takes a failed lookup as no preference, says so in the log, and asks again only after a short while', async () => {
    let t = 0;
    const logged: { msg: string; meta: Record<string, unknown> }[] = [];
    const { api, count } = fakeApi({
      URATE: { ok: false, error: 'HTTP 429' },
      UTHROW: new TypeError('boom xoxb-secret'),
    });
    const locales = slackLocales(api, {
      ttlMs: 3_600_000,
      failureTtlMs: 60_000,
      now: () => t,
      log: (msg, meta) => void logged.push({ msg, meta }),
    });
    expect(await locales.languageOf('URATE')).toBeNull();
    expect(await locales.languageOf('UTHROW')).toBeNull();
    expect(await locales.languageOf('UNKNOWN')).toBeNull();
    expect(logged.map((l) => l.meta)).toEqual([
      { user: 'URATE', error: 'HTTP 429' },
      { user: 'UTHROW', error: 'TypeError' },
      { user: 'UNKNOWN', error: 'user_not_found' },
    ]);
    expect(JSON.stringify(logged)).not.toContain('xoxb');
    t = 59_999;
    await locales.languageOf('URATE');
    expect(count('URATE')).toBe(1);
    t = 60_000;
    await locales.languageOf('URATE');
    expect(count('URATE')).toBe(2);
  });

  it('gives no preference when Slack does not answer in time, and keeps the late answer for the next message', async () => {
    let answer!: (a: Answer) => void;
    const late = new Promise<Answer>((resolve) => {
      answer = resolve;
    });
    const { api, count } = fakeApi({ USLOW: late });
    const locales = slackLocales(api, { timeoutMs: 5 });
    expect(await locales.languageOf('USLOW')).toBeNull();
    answer({ ok: true, locale: 'fr-FR' });
    await late;
    expect(await locales.languageOf('USLOW')).toBe('fr');
    expect(count('USLOW')).toBe(1);
  });

  it('asks once for messages that arrive together', async () => {
    const { api, count } = fakeApi({ UDE: 'de-DE' });
    const locales = slackLocales(api);
    expect(await Promise.all([1, 2, 3].map(() => locales.languageOf('UDE')))).toEqual(['de', 'de', 'de']);
    expect(count('UDE')).toBe(1);
  });

  it('keeps at most maxEntries users, letting the oldest go first', async () => {
    const { api, count } = fakeApi({ U1: 'de-DE', U2: 'fr-FR', U3: 'en-US' });
    const locales = slackLocales(api, { maxEntries: 2 });
    for (const u of ['U1', 'U2', 'U3']) await locales.languageOf(u);
    await locales.languageOf('U3');
    await locales.languageOf('U2');
    expect([count('U2'), count('U3')]).toEqual([1, 1]);
    expect(await locales.languageOf('U1')).toBe('de');
    expect(count('U1')).toBe(2);
  });
});

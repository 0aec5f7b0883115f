import { languageOfTag, type Language } from '../../agent/language/detect.ts';
import type { SlackWebApi } from './web-api.ts';

/**
 * The language a Slack user set Slack to, as the copilot's reply-language preference (used only when neither the
 * message nor its thread says which language they are in). Read with users.info (include_locale) and kept per Slack
 * user id for a bounded time, since the Web API is rate-limited (users.info is Tier 4, 100+ a minute). A lookup
 * never fails a turn and never holds it longer than `timeoutMs`: a failure, a timeout or a locale other than
 * English, German or French is no preference. One lookup per user at a time: messages arriving while one is under
 * way wait on it.
 */
export interface SlackLocales {
  /** The user's language (de-AT is de, fr-CA is fr), or null when unknown, unsupported or not read in time. */
  languageOf(userId: string): Promise<Language | null>;
}

export interface SlackLocaleOptions {
  /** How long a read locale is kept (default one hour: a person rarely changes Slack's language). */
  ttlMs?: number;
  /** How long a failed lookup is kept as "no preference" before asking Slack again (default one minute). */
  failureTtlMs?: number;
  /** How long a turn waits for a lookup (default 1.5 s); a later answer still fills the cache. */
  timeoutMs?: number;
  /** At most this many users are kept (default 5,000); the oldest kept goes first. */
  maxEntries?: number;
  now?: () => number;
  /** Told of a failed lookup with Slack's error code (never the token). */
  log?: (msg: string, meta: Record<string, unknown>) => void;
}

type Entry = { lang: Language | null; until: number } | { pending: Promise<Language | null> };

/** Slack users' languages over a Web API client, cached per user id. */
export function slackLocales(api: Pick<SlackWebApi, 'userLocale'>, o: SlackLocaleOptions = {}): SlackLocales {
  const ttl = o.ttlMs ?? 3_600_000;
  const failureTtl = o.failureTtlMs ?? 60_000;
  const timeoutMs = o.timeoutMs ?? 1_500;
  const max = o.maxEntries ?? 5_000;
  const now = o.now ?? Date.now;
  const kept = new Map<string, Entry>();

  const keep = (userId: string, e: Entry) => {
    kept.delete(userId); // re-inserted last, so the map's order is the order entries were written
    kept.set(userId, e);
    while (kept.size > max) kept.delete(kept.keys().next().value!);
  };

  const lookUp = (userId: string): Promise<Language | null> => {
    const read = async (): Promise<{ lang: Language | null; error: string | null }> => {
      try {
        const r = await api.userLocale(userId, timeoutMs);
        return r.ok ? { lang: languageOfTag(r.locale), error: null } : { lang: null, error: r.error };
      } catch (e) {
        return { lang: null, error: e instanceof Error ? e.name : 'error' };
      }
    };
    const pending = read().then(({ lang, error }) => {
      if (error) o.log?.('slack: user locale not read; no language preference', { user: userId, error });
      // Only if this lookup is still the user's entry (a full cache may have let it go meanwhile).
      if (kept.get(userId) === entry) keep(userId, { lang, until: now() + (error ? failureTtl : ttl) });
      return lang;
    });
    const entry: Entry = { pending };
    keep(userId, entry);
    return pending;
  };

  return {
    async languageOf(userId) {
      if (!userId) return null;
      const e = kept.get(userId);
      let answer: Promise<Language | null>;
      if (e && 'pending' in e) answer = e.pending;
      else if (e && e.until > now()) return e.lang;
      else answer = lookUp(userId);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      });
      try {
        return await Promise.race([answer, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

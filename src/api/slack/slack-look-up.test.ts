import { describe, expect, it } from 'vitest';
import { NOTICE_EVENT_TYPE, type PostedMessages, SlackNotifier } from './slack-notifier.ts';
import type { SlackWebApi } from './web-api.ts';

type HistoryArgs = Parameters<SlackWebApi['history']>[0];
const message = (ts: number, noticeId?: string) => ({
  ts: String(ts),
  text: 'x',
  ...(noticeId ? { metadata: { event_type: NOTICE_EVENT_TYPE, event_payload: { notice_id: noticeId } } } : {}),
});

/** A Slack Web API that only answers conversations.history, from pages, recording what it was asked. */
function pagedHistory(pages: ReturnType<typeof message>[][]) {
  const asked: HistoryArgs[] = [];
  const api = {
    history: async (m: HistoryArgs) => {
      asked.push(m);
      const i = m.cursor ? Number(m.cursor) : 0;
      return {
        ok: true as const,
        messages: pages[i] ?? [],
        ...(i + 1 < pages.length ? { nextCursor: String(i + 1) } : {}),
      };
    },
  } as unknown as SlackWebApi;
  return { api, asked };
}

/**
 * Whether a try that may have posted did is read from the channel's history: from well before the try (Slack's clock
 * and ours differ) and across every page, so a busy channel or a skewed clock never reads as "not posted" (which
 * would post it twice).
 */
describe("the Slack notifier's look-up of a post that may have been made", () => {
  const since = new Date('2026-12-07T10:00:00Z');
  const place = { channel: 'C0BILLING' };
  const posted: PostedMessages = { remember: async () => undefined, of: async () => [] };

  it('reads on past the first page and finds the mark there', async () => {
    const { api, asked } = pagedHistory([[message(1), message(2)], [message(3, 'n-1')]]);
    const notifier = new SlackNotifier(api, posted);
    expect(await notifier.lookUp(place, 'n-1', since)).toBe('posted');
    expect(asked.map((a) => a.cursor ?? null)).toEqual([null, '1']);
  });

  it('starts five minutes before the try, and says not posted only once every page is read', async () => {
    const { api, asked } = pagedHistory([[message(1)], [message(2, 'other')]]);
    const notifier = new SlackNotifier(api, posted);
    expect(await notifier.lookUp(place, 'n-1', since)).toBe('not_posted');
    expect(asked).toHaveLength(2);
    expect(Number(asked[0]!.oldest)).toBe(since.getTime() / 1000 - 300);
  });

  it('gives no answer rather than "not posted" when the history is longer than it reads', async () => {
    const { api } = pagedHistory(Array.from({ length: 20 }, (_, i) => [message(i)]));
    const notifier = new SlackNotifier(api, posted);
    expect(await notifier.lookUp(place, 'n-1', since)).toEqual({ error: 'history_too_long' });
  });
});

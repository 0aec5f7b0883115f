import { describe, expect, it } from 'vitest';
import { slackFailureKind } from '../slack/slack-notifier.ts';
import { teamsFailureKind } from '../teams/teams-notifier.ts';

describe('slackFailureKind', () => {
  it('is permanent when Slack says the person cannot be reached, never retried', () => {
    for (const e of ['HTTP 404', 'channel_not_found', 'user_not_found', 'account_inactive', 'cannot_dm_bot'])
      expect(slackFailureKind(e), e).toBe('permanent');
  });
  it('is transient when Slack refused before doing anything, or no connection was opened: nothing was posted', () => {
    for (const e of ['ratelimited', 'HTTP 429', 'service_unavailable', 'invalid_auth', 'connect ECONNREFUSED'])
      expect(slackFailureKind(e), e).toBe('transient');
  });
  it('is unsure when the answer may have come after the post: looked up before any retry', () => {
    for (const e of [
      'TimeoutError',
      'AbortError',
      'TypeError',
      'SyntaxError',
      'internal_error',
      'fatal_error',
      'HTTP 500',
      'HTTP 502',
      'HTTP 503',
      'HTTP 504',
    ])
      expect(slackFailureKind(e), e).toBe('unsure');
  });
});

describe('teamsFailureKind', () => {
  it('retries any failure of the token step: nothing was sent to the chat', () => {
    expect(teamsFailureKind({ step: 'token' })).toBe('transient');
  });
  it('is permanent for a chat the connector no longer knows, transient for a refusal before any work', () => {
    for (const status of [403, 404, 410])
      expect(teamsFailureKind({ step: 'post', status }), `${status}`).toBe('permanent');
    for (const status of [400, 401, 429])
      expect(teamsFailureKind({ step: 'post', status }), `${status}`).toBe('transient');
    expect(teamsFailureKind({ step: 'post', connected: false })).toBe('transient');
  });
  it('is unsure when the post may have arrived: a 500, 502, 503 or 504, a timeout or a reset after sending', () => {
    // A 503 from the Bot Connector may come after it forwarded the activity to Teams: not posted again.
    for (const status of [500, 502, 503, 504])
      expect(teamsFailureKind({ step: 'post', status }), `${status}`).toBe('unsure');
    expect(teamsFailureKind({ step: 'post' })).toBe('unsure');
  });
});

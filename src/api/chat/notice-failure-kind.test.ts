import { describe, expect, it } from 'vitest';
import { slackFailureKind } from '../slack/slack-notifier.ts';
import { teamsFailureKind } from '../teams/teams-notifier.ts';

describe('slackFailureKind', () => {
  it('is permanent when Slack says the person cannot be reached, never retried', () => {
    for (const e of ['HTTP 404', 'channel_not_found', 'user_not_found', 'account_inactive', 'cannot_dm_bot'])
      expect(slackFailureKind(e), e).toBe('permanent');
  });
  it('is transient when Slack answered a refusal for a passing reason: nothing was posted', () => {
    for (const e of ['HTTP 503', 'ratelimited', 'internal_error', 'service_unavailable', 'invalid_auth'])
      expect(slackFailureKind(e), e).toBe('transient');
  });
  it('is unsure when no answer came: the message may have been posted', () => {
    for (const e of ['TimeoutError', 'AbortError', 'TypeError']) expect(slackFailureKind(e), e).toBe('unsure');
  });
});

describe('teamsFailureKind', () => {
  it('is permanent for a chat the connector no longer knows, transient for its other answers, unsure on timeout', () => {
    expect(teamsFailureKind('Bot Connector answered 404')).toBe('permanent');
    expect(teamsFailureKind('Bot Connector answered 403')).toBe('permanent');
    expect(teamsFailureKind('Bot Connector answered 503')).toBe('transient');
    expect(teamsFailureKind('the token endpoint answered 500')).toBe('transient');
    expect(teamsFailureKind('The operation was aborted due to timeout')).toBe('unsure');
  });
});

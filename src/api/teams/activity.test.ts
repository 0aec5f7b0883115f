import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { activitySchema, languageOfActivity, threadIdOf, wordsOf } from './activity.ts';
import { cardDecisionOf } from './approval-card.ts';

describe('threadIdOf', () => {
  it('gives the same UUID for the same person in the same conversation, and another for anyone else', () => {
    const a = threadIdOf('tenant', 'a:conv', 'user-1');
    expect(z.uuid().safeParse(a).success).toBe(true);
    expect(threadIdOf('tenant', 'a:conv', 'user-1')).toBe(a);
    expect(threadIdOf('tenant', 'a:conv', 'user-2')).not.toBe(a);
    expect(threadIdOf('tenant', 'a:other', 'user-1')).not.toBe(a);
    expect(threadIdOf('other', 'a:conv', 'user-1')).not.toBe(a);
  });
});

describe('wordsOf', () => {
  it('drops the bot mention and markup Teams adds', () => {
    expect(wordsOf('<at>Billing Copilot</at>&nbsp;What is <b>overdue</b>?')).toBe('What is overdue ?');
  });
});

describe('cardDecisionOf', () => {
  const id = '6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
  it("reads our card's data, the verb deciding over the data's decision", () => {
    expect(cardDecisionOf({ billingCopilotApproval: 1, decision: 'approve', requestId: id }, 'reject')).toEqual({
      decision: 'reject',
      requestId: id,
    });
    expect(cardDecisionOf({ billingCopilotApproval: 1, decision: 'reject', requestId: id, reason: '  dup ' })).toEqual({
      decision: 'reject',
      requestId: id,
      reason: 'dup',
    });
  });

  it('ignores data of other cards and unknown decisions', () => {
    expect(cardDecisionOf({ decision: 'approve', requestId: id })).toBeNull();
    expect(cardDecisionOf({ billingCopilotApproval: 1, decision: 'void', requestId: id })).toBeNull();
    expect(cardDecisionOf('approve')).toBeNull();
  });
});

describe('languageOfActivity', () => {
  const activity = (over: Record<string, unknown>) =>
    activitySchema.parse({
      type: 'message',
      id: 'a1',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      from: { id: '29:x', aadObjectId: 'aad-x' },
      conversation: { id: 'a:x', conversationType: 'personal' },
      ...over,
    });

  it("takes the activity's locale as the sender's language: fr-FR and fr-CA are French, de-AT German", () => {
    expect(languageOfActivity(activity({ locale: 'fr-FR' }))).toBe('fr');
    expect(languageOfActivity(activity({ locale: 'fr-CA' }))).toBe('fr');
    expect(languageOfActivity(activity({ locale: 'de-AT' }))).toBe('de');
    expect(languageOfActivity(activity({ locale: 'en-US' }))).toBe('en');
  });

  it('gives no preference for another language, or none given', () => {
    expect(languageOfActivity(activity({ locale: 'es-ES' }))).toBeNull();
    expect(languageOfActivity(activity({}))).toBeNull();
  });

  it("falls back to a clientInfo entity's locale, the activity's own winning", () => {
    const entities = [{ type: 'mention' }, { type: 'clientInfo', locale: 'de-DE', country: 'DE' }];
    expect(languageOfActivity(activity({ entities }))).toBe('de');
    expect(languageOfActivity(activity({ entities, locale: 'fr-FR' }))).toBe('fr');
  });

  it('takes in a message whose locale is odd, without a preference', () => {
    expect(languageOfActivity(activity({ locale: 'x'.repeat(200) }))).toBeNull();
    expect(languageOfActivity(activity({ locale: 42 }))).toBeNull();
  });
});

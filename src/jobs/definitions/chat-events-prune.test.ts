import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { CHAT_EVENTS_PRUNE_CRON, CHAT_EVENTS_PRUNE_QUEUE, withChatPruneSchedule } from './chat-events-prune.ts';

describe('the chat retention settings', () => {
  it('keeps 30 days unless told, and takes a whole number of days from 1 to 3650', () => {
    expect(loadConfig({}).CHAT_EVENTS_RETENTION_DAYS).toBe(30);
    expect(loadConfig({ CHAT_EVENTS_RETENTION_DAYS: '1' }).CHAT_EVENTS_RETENTION_DAYS).toBe(1);
    expect(loadConfig({ CHAT_EVENTS_RETENTION_DAYS: '3650' }).CHAT_EVENTS_RETENTION_DAYS).toBe(3650);
  });

  it.each([
    ['0', /CHAT_EVENTS_RETENTION_DAYS: at least 1: a record must outlive the redelivery window/],
    ['-5', /CHAT_EVENTS_RETENTION_DAYS: at least 1/],
    ['1.5', /CHAT_EVENTS_RETENTION_DAYS: a whole number of days/],
    ['thirty', /CHAT_EVENTS_RETENTION_DAYS: a whole number of days/],
    ['3651', /CHAT_EVENTS_RETENTION_DAYS: at most 3650/],
  ])('refuses CHAT_EVENTS_RETENTION_DAYS=%s with a sentence naming it', (value, message) => {
    expect(() => loadConfig({ CHAT_EVENTS_RETENTION_DAYS: value })).toThrow(message);
  });

  it('schedules the prune daily unless JOB_SCHEDULES names it, keeping what it names', () => {
    expect(withChatPruneSchedule(loadConfig({}).JOB_SCHEDULES)).toEqual([
      { job: CHAT_EVENTS_PRUNE_QUEUE, cron: CHAT_EVENTS_PRUNE_CRON },
    ]);
    const named = loadConfig({ JOB_SCHEDULES: 'audit.checkpoint=0 2 * * *;chat.events.prune=0 4 * * 0' }).JOB_SCHEDULES;
    expect(withChatPruneSchedule(named)).toEqual([
      { job: 'audit.checkpoint', cron: '0 2 * * *' },
      { job: 'chat.events.prune', cron: '0 4 * * 0' },
    ]);
  });
});

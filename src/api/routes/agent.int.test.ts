import { describe, expect, it } from 'vitest';
import { backend } from '../../../test/helpers/db.ts';
import { call } from '../../../test/helpers/api.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';

type Reply = {
  threadId: string;
  engine: string;
  reply: string;
  toolCalls: { tool: string; outcome: string; code?: string }[];
  pendingApprovals: unknown[];
  code?: string;
  items?: { message: string; userId: string; actingAs: string }[];
};

/** POST /agent/messages: the copilot acting for the caller, every turn recorded. */
describe(`POST /agent/messages on ${backend}`, () => {
  const env = useFirmApp();
  const post = (body: unknown, key: string, headers: Record<string, string> = {}) =>
    call<Reply>(env.app, 'POST', '/agent/messages', { key, body, headers });

  it('answers with the router when no model is configured, listing the calls it made for the caller', async () => {
    const res = await post({ text: 'What is overdue for CL-A?' }, env.users.key.collector);
    expect(res.status).toBe(200);
    expect(res.body.engine).toBe('router');
    expect(res.body.toolCalls).toEqual([expect.objectContaining({ tool: 'invoices_list', outcome: 'ok' })]);
    expect(res.body.reply).toMatch(/overdue/i);
  });

  it("answers in the message's language, and in Accept-Language's only when the message gives none", async () => {
    const fr = await post({ text: 'Quelles factures de CL-A sont en retard ?' }, env.users.key.collector, {
      'Accept-Language': 'de-CH',
    });
    expect(fr.body.reply).toMatch(/^(?:Rien n'est en retard|\d+ factures? en retard)/);
    const bare = await post({ text: '???' }, env.users.key.collector, { 'Accept-Language': 'de-CH, en;q=0.5' });
    expect(bare.body.reply).toMatch(/^Ohne Sprachmodell kann ich beantworten:/);
    const none = await post({ text: '???' }, env.users.key.collector);
    expect(none.body.reply).toMatch(/^I can answer, without a model:/);
  });

  it('acts for the person named by the agent key, and the turn log shows both', async () => {
    const res = await post({ text: 'what waits for my approval?' }, env.users.key.agent, {
      'x-on-behalf-of': env.users.email('controller'),
    });
    expect(res.status).toBe(200);
    expect(res.body.toolCalls).toEqual([expect.objectContaining({ tool: 'approvals_inbox', outcome: 'ok' })]);
    const log = await call<Reply>(env.app, 'GET', '/agent/turns?text=approval&tool=approvals_inbox', {
      key: env.users.key.auditor,
    });
    expect(log.status).toBe(200);
    expect(log.body.items![0]).toMatchObject({
      message: 'what waits for my approval?',
      userId: env.users.ids[env.users.email('controller')],
    });
    expect(log.body.items![0]!.actingAs).toBe(env.users.ids[env.users.email('agent')]);
  });

  it("refuses to continue another person's thread", async () => {
    const first = await post({ text: 'help' }, env.users.key.collector);
    const res = await post({ text: 'help', threadId: first.body.threadId }, env.users.key.controller);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('AGENT_THREAD_NOT_FOUND');
  });

  it('rejects an empty message with VALIDATION_FAILED', async () => {
    const res = await post({ text: '  ' }, env.users.key.collector);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

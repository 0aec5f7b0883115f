import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { decisionNoticeChatMessage } from '../../tools/approvals/notice-chat-message.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { startSlackStub, type SlackStub } from '../../../test/helpers/slack-stub.ts';
import { configuredChat, type ChatSetup } from '../chat/configured-chat.ts';
import type { ApprovalNotice, ChatRecipient } from '../chat/notifier.ts';
import { APPROVE_ACTION, REJECT_ACTION, type SlackNotifier } from './slack-notifier.ts';

const TEAM = 'T0FIRM';
const to = (slack: string): ChatRecipient => ({ userId: randomUUID(), externalId: slack, workspaceId: TEAM });
type Block = {
  type: string;
  text?: { text: string };
  elements?: { action_id: string; value: string; text: { text: string } }[];
};

describe(`Slack approval cards and notices in the recipient's Slack language, on ${backend}`, () => {
  let database: Database;
  let stub: SlackStub;
  let chat: ChatSetup;
  let slack: SlackNotifier;
  const notice = (status: ApprovalNotice['status'], requestId = randomUUID()): ApprovalNotice => ({
    requestId,
    action: 'invoice.approve',
    summary: 'Approve invoice TUS-2026-0077 for USD 12,345.67',
    status,
    requesterUserId: randomUUID(),
  });
  const lastPostTo = (user: string) =>
    stub
      .method('chat.postMessage')
      .filter((c) => c.body.channel === user)
      .at(-1)!;
  const lookups = (user: string) => stub.method('users.info').filter((c) => c.body.user === user);

  beforeAll(async () => {
    database = await createTestDatabase();
    stub = await startSlackStub();
    stub.setLocale('UDE', 'de-AT');
    stub.setLocale('UFR', 'fr-CA');
    stub.setLocale('UES', 'es-ES');
    const config = loadConfig({
      SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789',
      SLACK_BOT_TOKEN: 'xoxb-notice-locale-token',
      SLACK_API_BASE_URL: stub.url,
    });
    chat = configuredChat(config, { tools: { database, now: () => new Date() }, model: null, log: () => {} });
    slack = chat.notifiers.find((n) => n.provider === 'slack') as SlackNotifier;
  });
  afterAll(async () => {
    await chat?.worker.stop();
    await stub?.close();
    await database?.close();
  });

  it('gives a de-AT approver a German card whose buttons keep their action ids and values', async () => {
    const n = notice('open');
    const [report] = await slack.notifyApproval(n, [to('UDE')]);
    expect(report!.ok).toBe(true);
    const post = lastPostTo('UDE');
    expect(post.body.text).toBe(`Freigabe nötig: ${n.summary}`);
    const blocks = post.body.blocks as Block[];
    expect(blocks[0]!.text!.text).toContain('*Freigabe nötig* (invoice.approve)');
    expect(JSON.stringify(blocks[1])).toContain(`Anfrage \`${n.requestId}\``);
    const buttons = blocks.find((b) => b.type === 'actions')!.elements!;
    expect(buttons.map((b) => [b.action_id, b.value, b.text.text])).toEqual([
      [APPROVE_ACTION, n.requestId, 'Freigeben'],
      [REJECT_ACTION, n.requestId, 'Ablehnen'],
    ]);
    expect(JSON.stringify(blocks)).not.toContain('Approval needed');
  });

  it("writes the decision in the requester's language and updates the approver card in the card's", async () => {
    const n = notice('open');
    await slack.notifyApproval(n, [to('UDE')]);
    const decided = { ...n, status: 'rejected' as const, reason: 'Betrag falsch' };
    await slack.notifyApproval(decided, [to('UFR')]);
    expect(lastPostTo('UFR').body.text).toBe(
      `La demande d'approbation ${n.requestId} (invoice.approve) a été rejetée : Betrag falsch\n${n.summary}`,
    );
    const update = stub.method('chat.update').at(-1)!;
    expect(update.body.text).toBe(
      `Freigabeanfrage ${n.requestId} (invoice.approve) wurde abgelehnt: Betrag falsch\n${n.summary}`,
    );
  });

  it('asks Slack once per person: the notifier and the replies share one cache', async () => {
    await slack.notifyApproval(notice('open'), [to('UDE')]);
    expect(lookups('UDE')).toHaveLength(1);
    expect(lookups('UFR')).toHaveLength(1);
  });

  it("gives a French decision notice a French title and keeps the tools' sentence as written", async () => {
    const english = decisionNoticeChatMessage({
      id: randomUUID(),
      event: 'rejected',
      requestId: null,
      targetType: 'invoice',
      text: 'Dana rejected invoice TUS-2026-0077: wrong rate.',
    });
    expect(english.title).toBe('Invoice rejected');
    expect((await slack.postNotice(to('UFR'), english)).ok).toBe(true);
    expect(lastPostTo('UFR').body.text).toBe('Facture rejetée\nDana rejected invoice TUS-2026-0077: wrong rate.');
  });

  it('writes in English for a locale other than en, de or fr, and when users.info fails', async () => {
    for (const user of ['UES', 'UNKNOWN']) {
      const n = notice('open');
      expect((await slack.notifyApproval(n, [to(user)]))[0]!.ok).toBe(true);
      const post = lastPostTo(user);
      expect(post.body.text).toBe(`Approval needed: ${n.summary}`);
      const buttons = (post.body.blocks as Block[]).find((b) => b.type === 'actions')!.elements!;
      expect(buttons.map((b) => b.text.text)).toEqual(['Approve', 'Reject']);
    }
  });

  it('writes in English, after a short wait, when Slack does not answer users.info', async () => {
    stub.setLocale('USILENT', 'de-DE');
    const silent = stub.hold('users.info');
    try {
      const n = notice('open');
      expect((await slack.notifyApproval(n, [to('USILENT')]))[0]!.ok).toBe(true);
      expect(lastPostTo('USILENT').body.text).toBe(`Approval needed: ${n.summary}`);
    } finally {
      silent.release();
    }
  });

  it("updates the approver card in the card's language after a restart", async () => {
    const n = notice('open');
    await slack.notifyApproval(n, [to('UDE')]);
    // A new server on the same database: a new notifier and a new locale cache, nothing kept in memory. (Last: the new
    // cache asks Slack again for the requester.)
    const config = loadConfig({
      SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789',
      SLACK_BOT_TOKEN: 'xoxb-notice-locale-token',
      SLACK_API_BASE_URL: stub.url,
    });
    const restarted = configuredChat(config, {
      tools: { database, now: () => new Date() },
      model: null,
      log: () => {},
    });
    try {
      const again = restarted.notifiers.find((x) => x.provider === 'slack') as SlackNotifier;
      await again.notifyApproval({ ...n, status: 'granted' }, [to('UFR')]);
      const update = stub.method('chat.update').at(-1)!;
      expect(update.body.text).toBe(
        `Freigabeanfrage ${n.requestId} (invoice.approve) wurde freigegeben.\n${n.summary}`,
      );
    } finally {
      await restarted.worker.stop();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { teamsConversations } from '../../db/schema/index.ts';
import { decisionNoticeChatMessage } from '../../tools/approvals/notice-chat-message.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { startTeamsStub, STUB_APP_ID, STUB_ISSUER, type TeamsStub } from '../../../test/helpers/teams-stub.ts';
import { createApp } from '../app.ts';
import type { ApprovalNotice } from '../chat/notifier.ts';
import { cardDecisionOf } from './approval-card.ts';
import { botConnector } from './connector.ts';
import { teamsBot, type TeamsBot } from './teams-bot.ts';
import { TeamsNotifier } from './teams-notifier.ts';
import { botTokenVerifier } from './verify-token.ts';

const TENANT = '72f988bf-0000-4000-8000-000000000003';
type Card = {
  body: { type: string; text?: string; label?: string; facts?: { title: string }[] }[];
  actions: { title: string; verb: string; data: unknown }[];
};

describe(`Teams approval cards and notices in the language of the person's chat with the bot, on ${backend}`, () => {
  let database: Database;
  let stub: TeamsStub;
  let bot: TeamsBot;
  let notifier: TeamsNotifier;
  let app: ReturnType<typeof createApp>;
  let n = 0;

  /** An activity from `aad` in their personal chat with the bot, with a locale (none when undefined), handled. */
  const say = async (aad: string, locale?: string) => {
    const act = {
      type: 'message',
      id: `notice-locale-act-${++n}`,
      serviceUrl: stub.serviceUrl,
      channelId: 'msteams',
      from: { id: `29:${aad}`, aadObjectId: aad },
      recipient: { id: `28:${STUB_APP_ID}` },
      conversation: { id: `a:personal-${aad}`, conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      text: 'help',
      ...(locale === undefined ? {} : { locale }),
    };
    const res = await app.request('/teams/messages', {
      method: 'POST',
      headers: { authorization: `Bearer ${await stub.sign()}`, 'content-type': 'application/json' },
      body: JSON.stringify(act),
    });
    expect(res.status).toBe(200);
    await bot.idle();
  };
  const notice = (status: ApprovalNotice['status']): ApprovalNotice => ({
    requestId: randomUUID(),
    action: 'invoice.approve',
    summary: 'Approve invoice TUS-2026-0077 for USD 12,345.67',
    status,
    requesterUserId: randomUUID(),
  });
  const to = (aad: string) => ({ userId: randomUUID(), externalId: aad, workspaceId: TENANT });
  const lastTo = (aad: string) => stub.posted.filter((p) => p.conversationId === `a:personal-${aad}`).at(-1)!.body;
  const cardOf = (body: Record<string, unknown>) => (body.attachments as { content: Card }[])[0]!.content;

  beforeAll(async () => {
    database = await createTestDatabase();
    stub = await startTeamsStub();
    const deps: ToolDeps = { database, now: () => new Date() };
    const connector = botConnector({ appId: STUB_APP_ID, appPassword: 'stub-secret', tokenUrl: stub.tokenUrl });
    bot = teamsBot({
      deps,
      verify: botTokenVerifier({ jwksUrl: stub.jwksUrl, issuer: STUB_ISSUER, appId: STUB_APP_ID }),
      connector,
      model: null,
      log: () => {},
    });
    notifier = new TeamsNotifier(deps, connector);
    app = createApp({ database, log: () => {}, teams: bot });
  });
  afterAll(async () => {
    await stub?.close();
    await database?.close();
  });

  it('gives a fr approver a French card whose buttons send back the same verbs and data', async () => {
    await say('aad-fr', 'fr-FR');
    const n = notice('open');
    const [report] = await notifier.notifyApproval(n, [to('aad-fr')]);
    expect(report!.ok).toBe(true);
    const body = lastTo('aad-fr');
    expect(body.text).toBe(`Approbation demandée: ${n.summary}`);
    const card = cardOf(body);
    expect(card.body[0]!.text).toBe('Approbation demandée');
    expect(card.body.find((b) => b.type === 'FactSet')!.facts!.map((f) => f.title)).toEqual(['Action', 'Demande']);
    expect(card.body.find((b) => b.type === 'Input.Text')!.label).toBe('Motif (requis pour rejeter)');
    expect(card.actions.map((a) => [a.title, a.verb])).toEqual([
      ['Approuver', 'approve'],
      ['Rejeter', 'reject'],
    ]);
    expect(card.actions.map((a) => cardDecisionOf(a.data, a.verb))).toEqual([
      { decision: 'approve', requestId: n.requestId, action: n.action, summary: n.summary },
      { decision: 'reject', requestId: n.requestId, action: n.action, summary: n.summary },
    ]);
  });

  it('keeps the known locale when a later message carries none', async () => {
    await say('aad-fr');
    const [row] = await database.db
      .select({ locale: teamsConversations.locale })
      .from(teamsConversations)
      .where(eq(teamsConversations.conversationId, 'a:personal-aad-fr'));
    expect(row!.locale).toBe('fr-FR');
    await notifier.notifyApproval(notice('open'), [to('aad-fr')]);
    expect(cardOf(lastTo('aad-fr')).body[0]!.text).toBe('Approbation demandée');
  });

  it("tells a de requester the decision in German, and a decision notice's title in German", async () => {
    await say('aad-de', 'de-AT');
    await notifier.notifyApproval({ ...notice('rejected'), reason: 'wrong rate' }, [to('aad-de')]);
    expect(lastTo('aad-de').text).toBe(
      'Ihre Anfrage wurde abgelehnt: Approve invoice TUS-2026-0077 for USD 12,345.67. Begründung: wrong rate',
    );
    const m = decisionNoticeChatMessage({
      id: randomUUID(),
      event: 'granted',
      requestId: null,
      targetType: 'invoice',
      text: 'Dana approved invoice TUS-2026-0077.',
    });
    expect((await notifier.postNotice(to('aad-de'), m)).ok).toBe(true);
    expect(lastTo('aad-de').text).toBe('**Rechnung freigegeben**\n\nDana approved invoice TUS-2026-0077.');
  });

  it('writes in English for a locale none of ours, and for a chat whose locale Teams never told', async () => {
    await say('aad-es', 'es-ES');
    await say('aad-none');
    for (const aad of ['aad-es', 'aad-none']) {
      const n = notice('open');
      expect((await notifier.notifyApproval(n, [to(aad)]))[0]!.ok).toBe(true);
      const body = lastTo(aad);
      expect(body.text).toBe(`Approval requested: ${n.summary}`);
      expect(cardOf(body).actions.map((a) => a.title)).toEqual(['Approve', 'Reject']);
    }
  });
});

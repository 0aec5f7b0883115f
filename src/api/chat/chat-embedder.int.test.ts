import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { EMBEDDING_DIMENSIONS } from '../../db/schema/documents.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import type { Embedder } from '../../extraction/search/embedder.ts';
import { callForAgent } from '../../agent/session.ts';
import type { ModelEngine } from '../../agent/turn.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { linkChatUser } from '../../../test/helpers/users.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { startSlackStub, type SlackStub } from '../../../test/helpers/slack-stub.ts';
import { startTeamsStub, STUB_APP_ID, STUB_ISSUER, type TeamsStub } from '../../../test/helpers/teams-stub.ts';
import { createApp } from '../app.ts';
import { signSlackRequest } from '../slack/verify-signature.ts';
import { botConnector } from '../teams/connector.ts';
import { teamsBot } from '../teams/teams-bot.ts';
import { botTokenVerifier } from '../teams/verify-token.ts';
import { configuredChat, type ChatSetup } from './configured-chat.ts';

const SECRET = 'embedder-signing-secret-0123456789';
const TEAM = 'T0FIRM';
const TENANT = '72f988bf-0000-4000-8000-000000000002';

/**
 * The copilot's turns in Slack and Teams search documents with the embedder their tools are given
 * (main.ts gives them the configured one, as the API's turns get it), not the built-in one.
 */
describe(`the configured embedder reaches the copilot's tools in Slack and Teams, on ${backend}`, () => {
  let database: Database;
  let slackStub: SlackStub;
  let teamsStub: TeamsStub;
  let chat: ChatSetup;
  let app: ReturnType<typeof createApp>;
  let bot: ReturnType<typeof teamsBot>;
  const embedded: string[] = [];
  /** A configured embedder (scripted): records what it was asked to embed. */
  const embedder: Embedder = {
    model: 'configured-embedding-model',
    dimensions: EMBEDDING_DIMENSIONS,
    embed: async (texts) => {
      embedded.push(...texts);
      return texts.map(() => new Array<number>(EMBEDDING_DIMENSIONS).fill(0));
    },
  };
  /** A scripted model engine: searches the documents for the message, through the session's tools. */
  const model: ModelEngine = {
    name: 'scripted',
    async answer(s, text) {
      const r = await callForAgent(s, 'documents_search', { q: text });
      return { reply: `searched: ${r.call.outcome}`, refused: false };
    },
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
    const users = await createTestUsers(database, 'LE-US');
    const ctx = { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() };
    for (const link of [
      { provider: 'slack' as const, externalId: 'UCTRL', workspaceId: TEAM },
      { provider: 'teams' as const, externalId: 'aad-ctl', workspaceId: TENANT },
    ]) {
      const r = await linkChatUser(database.db, { email: users.email('controller'), ...link }, ctx);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    }
    slackStub = await startSlackStub();
    teamsStub = await startTeamsStub();
    const tools: ToolDeps = { database, now: () => new Date(), embedder };
    bot = teamsBot({
      deps: tools,
      verify: botTokenVerifier({ jwksUrl: teamsStub.jwksUrl, issuer: STUB_ISSUER, appId: STUB_APP_ID }),
      connector: botConnector({ appId: STUB_APP_ID, appPassword: 'stub-secret', tokenUrl: teamsStub.tokenUrl }),
      model,
      log: () => {},
    });
    chat = configuredChat(
      loadConfig({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-embedder', SLACK_API_BASE_URL: slackStub.url }),
      { tools, model, log: () => {} },
    );
    app = createApp({ database, log: () => {}, slack: chat.slack, teams: bot });
  });
  afterAll(async () => {
    await chat?.worker.stop();
    await slackStub?.close();
    await teamsStub?.close();
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('a Slack DM to the copilot searches with the configured embedder', async () => {
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: TEAM,
      event_id: 'EvEmbed1',
      event: {
        type: 'message',
        channel_type: 'im',
        channel: 'DUCTRL',
        user: 'UCTRL',
        text: 'late fee clause of CL1',
        ts: '1.1',
      },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await app.request('/slack/events', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': signSlackRequest(SECRET, ts, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    await chat.worker.idle();
    expect(embedded).toContain('late fee clause of CL1');
    const posted = slackStub.method('chat.postMessage').filter((c) => c.body.channel === 'DUCTRL');
    expect(posted.map((c) => c.body.text)).toContain('searched: ok');
  });

  it('a Teams message to the copilot searches with the configured embedder', async () => {
    const res = await app.request('/teams/messages', {
      method: 'POST',
      headers: { authorization: `Bearer ${await teamsStub.sign()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'act-embed-1',
        serviceUrl: teamsStub.serviceUrl,
        channelId: 'msteams',
        from: { id: '29:aad-ctl', aadObjectId: 'aad-ctl' },
        recipient: { id: `28:${STUB_APP_ID}` },
        conversation: { id: 'a:personal-aad-ctl', conversationType: 'personal', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
        text: 'termination notice period of CL1',
      }),
    });
    expect(res.status).toBe(200);
    await bot.idle();
    expect(embedded).toContain('termination notice period of CL1');
    expect(teamsStub.posted.map((p) => p.body.text)).toContain('searched: ok');
  });
});

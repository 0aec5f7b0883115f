import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { invoices } from '../../db/schema/index.ts';
import type { Role } from '../../policy/roles.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { linkChatUser } from '../../../test/helpers/users.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { startTeamsStub, STUB_APP_ID, STUB_ISSUER, type TeamsStub } from '../../../test/helpers/teams-stub.ts';
import { createApp } from '../app.ts';
import { botConnector } from './connector.ts';
import { teamsBot, type TeamsBot } from './teams-bot.ts';
import { botTokenVerifier } from './verify-token.ts';

const TENANT = '72f988bf-0000-4000-8000-000000000002';
const PEOPLE: [aad: string, role: Role][] = [
  ['aad-de', 'collector'],
  ['aad-fr', 'controller'],
  ['aad-es', 'billing_clerk'],
];
// The bare-number answer ("TUS-2026-0077?") in each language, as the router writes its figures.
const GERMAN = 'Gesamtbetrag 12.345,67 USD';
const FRENCH_FIGURE = '12\u202f345,67 USD';
const ENGLISH = 'total USD 12,345.67';

describe(`Teams answers in the sender's Teams language when the message says none, on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let stub: TeamsStub;
  let bot: TeamsBot;
  let app: ReturnType<typeof createApp>;
  let n = 0;

  /** A personal-chat message from `aad` with the activity's locale (none when undefined), handled; the answer's text. */
  const ask = async (aad: string, text: string, locale?: string, conversation = `a:personal-${aad}`) => {
    const act = {
      type: 'message',
      id: `locale-act-${++n}`,
      serviceUrl: stub.serviceUrl,
      channelId: 'msteams',
      from: { id: `29:${aad}`, aadObjectId: aad },
      recipient: { id: `28:${STUB_APP_ID}` },
      conversation: { id: conversation, conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      text,
      ...(locale === undefined ? {} : { locale }),
    };
    const res = await app.request('/teams/messages', {
      method: 'POST',
      headers: { authorization: `Bearer ${await stub.sign()}`, 'content-type': 'application/json' },
      body: JSON.stringify(act),
    });
    expect(res.status).toBe(200);
    await bot.idle();
    return String(stub.posted.filter((p) => p.conversationId === conversation).at(-1)?.body.text);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
    const posted = await insertInvoice(database, { totalMinor: 1_234_567n, status: 'posted', period: '2026-09' });
    await database.db
      .update(invoices)
      .set({ number: 'TUS-2026-0077', issueDate: '2026-10-01', dueDate: '2026-10-31' })
      .where(eq(invoices.id, posted));
    const ctx = { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() };
    for (const [aad, role] of PEOPLE) {
      const r = await linkChatUser(
        database.db,
        { email: users.email(role), provider: 'teams', externalId: aad, workspaceId: TENANT },
        ctx,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    }
    stub = await startTeamsStub();
    const deps: ToolDeps = { database, now: () => new Date() };
    bot = teamsBot({
      deps,
      verify: botTokenVerifier({ jwksUrl: stub.jwksUrl, issuer: STUB_ISSUER, appId: STUB_APP_ID }),
      connector: botConnector({ appId: STUB_APP_ID, appPassword: 'stub-secret', tokenUrl: stub.tokenUrl }),
      model: null,
      log: () => {},
    });
    app = createApp({ database, log: () => {}, teams: bot });
  });
  afterAll(async () => {
    await stub?.close();
    await database?.close();
  });

  it('answers a first message with no language in French for a sender whose Teams is fr-FR', async () => {
    const reply = await ask('aad-fr', 'TUS-2026-0077?', 'fr-FR');
    expect(reply).toContain(FRENCH_FIGURE);
    expect(reply).not.toContain(ENGLISH);
  });

  it('answers in German for de-AT, and in English for a locale that is none of ours', async () => {
    expect(await ask('aad-de', 'TUS-2026-0077?', 'de-AT')).toContain(GERMAN);
    expect(await ask('aad-es', 'TUS-2026-0077?', 'es-ES')).toContain(ENGLISH);
    expect(await ask('aad-es', 'TUS-2026-0077?', undefined, 'a:personal-aad-es-2')).toContain(ENGLISH);
  });

  it("answers the message's own language over the locale, and the thread's over the locale", async () => {
    const conversation = 'a:personal-aad-de-en';
    expect(await ask('aad-de', 'show me invoice TUS-2026-0077', 'de-DE', conversation)).toContain(ENGLISH);
    // The thread was in English: a bare number goes on in English although Teams is German.
    expect(await ask('aad-de', 'TUS-2026-0077?', 'de-DE', conversation)).toContain(ENGLISH);
  });

  it('takes in a message with an odd locale and answers it in English', async () => {
    expect(await ask('aad-fr', 'TUS-2026-0077?', 'x'.repeat(300), 'a:personal-aad-fr-odd')).toContain(ENGLISH);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { invoices } from '../../db/schema/index.ts';
import type { Role } from '../../policy/roles.ts';
import { linkChatUser } from '../../../test/helpers/users.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { startSlackStub, type SlackStub } from '../../../test/helpers/slack-stub.ts';
import { createApp } from '../app.ts';
import { configuredChat, type ChatSetup } from '../chat/configured-chat.ts';
import { signSlackRequest } from './verify-signature.ts';

const SECRET = 'test-signing-secret-0123456789';
const TEAM = 'T0FIRM';
/** Slack users, the product role each is linked to, and the locale Slack has for them (undefined: users.info fails). */
const PEOPLE: { slack: string; role: Role; locale: string | null | undefined }[] = [
  { slack: 'UDE', role: 'collector', locale: 'de-AT' },
  { slack: 'UFR', role: 'controller', locale: 'fr-CA' },
  { slack: 'UES', role: 'billing_clerk', locale: 'es-ES' },
  { slack: 'UGONE', role: 'finance_admin', locale: undefined },
];
// The words of the bare-number answer ("TUS-2026-0077?") in each language, as the router writes them.
const GERMAN = 'Gesamtbetrag 12.345,67 USD';
const ENGLISH = 'total USD 12,345.67';

describe(`Slack answers in the asker's Slack language when the message says none, on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let stub: SlackStub;
  let chat: ChatSetup;
  let app: ReturnType<typeof createApp>;
  const logged: { msg: string; meta: Record<string, unknown> }[] = [];
  let seq = 0;

  const signed = (path: string, body: string, type: string) => {
    const ts = String(Math.floor(Date.now() / 1000));
    return app.request(path, {
      method: 'POST',
      headers: {
        'content-type': type,
        'x-slack-request-timestamp': ts,
        'x-slack-signature': signSlackRequest(SECRET, ts, body),
      },
      body,
    });
  };
  /** A DM to the app, handled, and the text of the answer posted back to the DM. */
  const dm = async (user: string, text: string): Promise<string> => {
    seq += 1;
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: TEAM,
      event_id: `EvLocale${seq}`,
      event: { type: 'message', channel_type: 'im', channel: `D${user}`, user, text, ts: `1700000300.${seq}` },
    });
    expect((await signed('/slack/events', body, 'application/json')).status).toBe(200);
    await chat.worker.idle();
    return String(stub.method('chat.postMessage').at(-1)?.body.text);
  };
  /** `/billing <text>`, handled, and the text of the answer sent to the command's response_url. */
  const command = async (user: string, text: string): Promise<string> => {
    seq += 1;
    const form = new URLSearchParams({
      command: '/billing',
      team_id: TEAM,
      user_id: user,
      text,
      trigger_id: `trig-locale-${seq}`,
      response_url: `${stub.url}/response/locale-${seq}`,
    }).toString();
    expect((await signed('/slack/commands', form, 'application/x-www-form-urlencoded')).status).toBe(200);
    await chat.worker.idle();
    return String(stub.calls.filter((c) => c.path === `response/locale-${seq}`).at(-1)?.body.text);
  };
  const lookups = (user: string) => stub.method('users.info').filter((c) => c.body.user === user);

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
    const posted = await insertInvoice(database, { totalMinor: 1_234_567n, status: 'posted', period: '2026-09' });
    await database.db
      .update(invoices)
      .set({ number: 'TUS-2026-0077', issueDate: '2026-10-01', dueDate: '2026-10-31' })
      .where(eq(invoices.id, posted));
    stub = await startSlackStub();
    const ctx = { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() };
    for (const p of PEOPLE) {
      const r = await linkChatUser(
        database.db,
        { email: users.email(p.role), provider: 'slack', externalId: p.slack, workspaceId: TEAM },
        ctx,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      if (p.locale !== undefined) stub.setLocale(p.slack, p.locale);
    }
    const config = loadConfig({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-locale-test-token',
      SLACK_API_BASE_URL: stub.url,
    });
    const log = (msg: string, meta: Record<string, unknown>) => void logged.push({ msg, meta });
    chat = configuredChat(config, { tools: { database, now: () => new Date() }, model: null, log });
    app = createApp({ database, log, slack: chat.slack });
  });
  afterAll(async () => {
    await chat?.worker.stop();
    await stub?.close();
    await database?.close();
  });

  it('answers a first message with no language in German for a user whose Slack is de-AT', async () => {
    const reply = await dm('UDE', 'TUS-2026-0077?');
    expect(reply).toContain(GERMAN);
    expect(lookups('UDE')).toHaveLength(1);
    expect(lookups('UDE')[0]!.body).toMatchObject({ user: 'UDE', include_locale: 'true' });
  });

  it("asks Slack once per user: the next message's preference comes from the kept locale", async () => {
    const reply = await command('UDE', 'TUS-2026-0077?');
    expect(reply).toContain(GERMAN);
    expect(lookups('UDE')).toHaveLength(1);
  });

  it('answers a slash command with no language in French for a user whose Slack is fr-CA', async () => {
    const reply = await command('UFR', 'TUS-2026-0077?');
    expect(reply).toContain('12\u202f345,67 USD');
    expect(reply).not.toContain(ENGLISH);
    expect(lookups('UFR')).toHaveLength(1);
  });

  it('answers a message in a language in that language, without asking Slack', async () => {
    const before = stub.method('users.info').length;
    expect(await dm('UDE', 'show me invoice TUS-2026-0077')).toContain(ENGLISH);
    expect(await command('UFR', 'show me invoice TUS-2026-0077')).toContain(ENGLISH);
    expect(stub.method('users.info')).toHaveLength(before);
  });

  it('answers in English for a locale other than en, de or fr', async () => {
    expect(await dm('UES', 'TUS-2026-0077?')).toContain(ENGLISH);
    expect(lookups('UES')).toHaveLength(1);
  });

  it('answers in English when users.info fails, and the turn is not failed', async () => {
    expect(await dm('UGONE', 'TUS-2026-0077?')).toContain(ENGLISH);
    expect(lookups('UGONE')).toHaveLength(1);
    expect(logged).toContainEqual({
      msg: 'slack: user locale not read; no language preference',
      meta: { user: 'UGONE', error: 'user_not_found' },
    });
    expect(JSON.stringify(logged)).not.toContain('xoxb');
  });

  it('answers in English, after a short wait, when Slack does not answer users.info', async () => {
    // A user Slack knows as German, whose lookup Slack holds unanswered.
    const silent = stub.hold('users.info');
    const r = await linkChatUser(
      database.db,
      { email: users.email('controller'), provider: 'slack', externalId: 'USILENT', workspaceId: TEAM },
      { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    stub.setLocale('USILENT', 'de-DE');
    try {
      expect(await dm('USILENT', 'TUS-2026-0077?')).toContain(ENGLISH);
      expect(lookups('USILENT')).toHaveLength(1);
    } finally {
      silent.release();
    }
  });

  it("writes the adapter's own words (help, the link hint) in the person's Slack language", async () => {
    expect(await command('UDE', 'help')).toContain('Fragen Sie mich in eigenen Worten');
    expect(await command('UES', 'help')).toContain('Ask me in plain words');
    stub.setLocale('UNLINKEDFR', 'fr-FR');
    const hint = await dm('UNLINKEDFR', 'TUS-2026-0077?');
    expect(hint).toContain('Bonjour <@UNLINKEDFR>, je ne sais pas encore qui vous êtes');
    expect(hint).toContain('`billing-copilot users link --email <your email> --slack UNLINKEDFR --workspace T0FIRM`');
  });

  it('does not ask Slack when the thread already says the language', async () => {
    // A French Slack user who writes German in their DM: the thread decides, and users.info is not needed. (Last: the
    // collector's link moves from UDE to UTHREAD.)
    const r = await linkChatUser(
      database.db,
      { email: users.email('collector'), provider: 'slack', externalId: 'UTHREAD', workspaceId: TEAM },
      { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    stub.setLocale('UTHREAD', 'fr-FR');
    await dm('UTHREAD', 'Zeig mir die Rechnung TUS-2026-0077');
    expect(await dm('UTHREAD', 'TUS-2026-0077?')).toContain(GERMAN);
    expect(lookups('UTHREAD')).toHaveLength(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { relayChatNotices } from '../../api/chat/relay-notices.ts';
import { callTool } from '../../tools/call-tool.ts';
import type { CliContext } from '../io.ts';
import { chatCommand } from './chat.ts';

/** `billing-copilot chat`: one turn or a conversation on stdin, as the key's user. */
describe(`billing-copilot chat on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  async function* chunks(parts: string[]) {
    for (const p of parts) yield p;
  }
  const run = async (key: string | undefined, argv: string[], stdin?: string[]) => {
    let stdout = '';
    let stderr = '';
    const ctx: CliContext = {
      io: {
        stdout: (s) => {
          stdout += s;
        },
        stderr: (s) => {
          stderr += s;
        },
        isTty: false,
        ...(stdin ? { stdin: chunks(stdin) } : {}),
      },
      config: loadConfig(key ? { BILLING_COPILOT_API_KEY: key } : {}),
      database: async () => database,
      now: () => new Date('2026-11-20T10:00:00Z'),
    };
    const code = await chatCommand(argv, ctx);
    return { code, stdout, stderr };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
  });
  afterAll(async () => database?.close());

  it('answers one message given as words and exits 0', async () => {
    const r = await run(users.key.controller, ['what', 'waits', 'for', 'my', 'approval?']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Nothing waits for your approval.\n');
    expect(r.stderr).toContain('[approvals_inbox ok]');
  });

  it('answers --message with --json: the thread, the reply and the calls', async () => {
    const r = await run(users.key.collector, ['--message', 'approve everything', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      engine: 'router',
      reply: expect.stringMatching(/^I never approve/),
      toolCalls: [{ outcome: 'refused', code: 'AGENT_CANNOT_DECIDE' }],
    });
  });

  it('holds a conversation on standard input in one thread until exit', async () => {
    const r = await run(users.key.billing_clerk, ['--json'], ['help\nwhat is overdue?\n', 'exit\nnot read\n']);
    expect(r.code).toBe(0);
    const turns = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { threadId: string; reply: string });
    expect(turns).toHaveLength(2);
    expect(turns[1]!.threadId).toBe(turns[0]!.threadId);
    expect(turns[1]!.reply).toBe('Nothing is overdue.');
  });

  describe('approval notices', () => {
    const controllerGrants = async (requestId: string, verb: 'grant' | 'reject') => {
      const r = await callTool(
        {
          actor: {
            userId: users.ids[users.email('controller')]!,
            roles: ['controller'],
            entityIds: null,
            onBehalfOf: null,
          },
          correlationId: `chat-notice-${verb}`,
          now: new Date(),
          deps: { database, now: () => new Date() },
        },
        verb === 'grant' ? 'approvals_grant' : 'approvals_reject',
        verb === 'grant' ? { requestId } : { requestId, reason: 'keep it, the client confirmed' },
      );
      expect(r.ok ? 'ok' : JSON.stringify(r.error)).toBe('ok');
      await relayChatNotices({
        tools: { database, now: () => new Date() },
        notifiers: [],
        channels: {},
        model: null,
        log: () => undefined,
      });
    };
    const askToVoid = async () => {
      const draft = await insertInvoice(database, { totalMinor: 20_000n, status: 'draft' });
      const ref = `DRAFT-${draft.slice(0, 8).toUpperCase()}`;
      const r = await run(users.key.billing_clerk, [
        '--message',
        `Void ${ref} because it was raised in error`,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { pendingApprovals: { requestId: string }[] }).pendingApprovals[0]!.requestId;
    };

    it('prints a decided request once, when the next session starts, with what the resumed call did', async () => {
      const requestId = await askToVoid();
      await controllerGrants(requestId, 'grant');
      const session = await run(users.key.billing_clerk, [], ['exit\n']);
      expect(session.code, session.stderr).toBe(0);
      expect(session.stdout).toMatch(
        new RegExp(
          `^\\[notice\\] Your approval request ${requestId} \\(invoice\\.void on invoice .*\\) was granted\\. `,
        ),
      );
      expect(session.stdout).toContain('I ran invoices_void');
      const next = await run(users.key.billing_clerk, [], ['exit\n']);
      expect(next.stdout).toBe('');
    });

    it("gives them to --json as the turn's notices, and never to another person", async () => {
      const requestId = await askToVoid();
      await controllerGrants(requestId, 'reject');
      const other = await run(users.key.collector, ['--message', 'help', '--json']);
      expect((JSON.parse(other.stdout) as { notices: unknown[] }).notices).toEqual([]);
      const mine = await run(users.key.billing_clerk, ['--message', 'help', '--json']);
      expect((JSON.parse(mine.stdout) as { notices: unknown[] }).notices).toEqual([
        expect.objectContaining({
          requestId,
          event: 'rejected',
          readVia: 'cli',
          text: expect.stringContaining('rejected by') as unknown,
        }),
      ]);
      const again = await run(users.key.billing_clerk, ['--message', 'help', '--json']);
      expect((JSON.parse(again.stdout) as { notices: unknown[] }).notices).toEqual([]);
    });
  });

  it('exits 2 with a sentence when no key is set', async () => {
    const r = await run(undefined, ['hello']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Set BILLING_COPILOT_API_KEY/);
  });
});

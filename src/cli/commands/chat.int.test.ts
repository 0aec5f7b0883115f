import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
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

  it('exits 2 with a sentence when no key is set', async () => {
    const r = await run(undefined, ['hello']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Set BILLING_COPILOT_API_KEY/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createCliDatabase, type CliDatabase } from '../../../test/helpers/cli.ts';

describe('billing-copilot users link and unlink', () => {
  let cli: CliDatabase;

  beforeAll(async () => {
    cli = await createCliDatabase();
    for (const [email, roles] of [
      ['ann@test.example', 'controller'],
      ['bob@test.example', 'billing_clerk'],
    ]) {
      expect((await cli.run('users', 'add', '--email', email!, '--name', email!, '--roles', roles!)).code).toBe(0);
    }
  });
  afterAll(async () => cli?.close());

  const links = () =>
    cli.query<{ email: string; provider: string; workspace_id: string; external_id: string }>(
      sql`SELECT u.email, l.provider, l.workspace_id, l.external_id FROM user_chat_links l JOIN users u ON u.id = l.user_id ORDER BY u.email, l.provider`,
    );
  const auditOf = (action: string) =>
    cli.query<{ actor_id: string; before: unknown; after: unknown }>(
      sql`SELECT actor_id, before, after FROM audit_log WHERE action = ${action} ORDER BY seq`,
    );

  it('links a user to a Slack id and a Teams id, lists them, and audits each link', async () => {
    expect(
      (await cli.run('users', 'link', '--email', 'ann@test.example', '--slack', 'U0ANN', '--workspace', 'T01')).code,
    ).toBe(0);
    expect(
      (await cli.run('users', 'link', '--email', 'ANN@test.example', '--teams', '7c1e0f5a-0000-4000-8000-00000000a001'))
        .code,
    ).toBe(0);
    expect(await links()).toEqual([
      { email: 'ann@test.example', provider: 'slack', workspace_id: 'T01', external_id: 'U0ANN' },
      {
        email: 'ann@test.example',
        provider: 'teams',
        workspace_id: '',
        external_id: '7c1e0f5a-0000-4000-8000-00000000a001',
      },
    ]);
    const audit = await auditOf('user.link_chat');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actor_id: expect.stringMatching(/^cli:/),
      before: null,
      after: { provider: 'slack', workspaceId: 'T01', externalId: 'U0ANN' },
    });
    const listed = await cli.run('users', 'list', '--json');
    const { items } = JSON.parse(listed.stdout) as { items: { email: string; chatLinks: unknown[] }[] };
    expect(items.find((u) => u.email === 'ann@test.example')!.chatLinks).toHaveLength(2);
  });

  it('linking the same id again changes nothing and writes no audit row', async () => {
    expect(
      (await cli.run('users', 'link', '--email', 'ann@test.example', '--slack', 'U0ANN', '--workspace', 'T01')).code,
    ).toBe(0);
    expect(await auditOf('user.link_chat')).toHaveLength(2);
  });

  it('refuses a chat id another user holds (exit 1), and keeps the holder', async () => {
    const r = await cli.run('users', 'link', '--email', 'bob@test.example', '--slack', 'U0ANN', '--workspace', 'T01');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('linked to another user');
    expect((await links()).filter((l) => l.external_id === 'U0ANN')).toEqual([
      expect.objectContaining({ email: 'ann@test.example' }),
    ]);
  });

  it("replaces a user's link for the same provider and workspace, auditing before and after", async () => {
    expect(
      (await cli.run('users', 'link', '--email', 'ann@test.example', '--slack', 'U0ANN2', '--workspace', 'T01')).code,
    ).toBe(0);
    expect((await links()).filter((l) => l.provider === 'slack')).toEqual([
      expect.objectContaining({ external_id: 'U0ANN2' }),
    ]);
    expect((await auditOf('user.link_chat')).at(-1)).toMatchObject({
      before: { externalId: 'U0ANN' },
      after: { externalId: 'U0ANN2' },
    });
  });

  it('gives usage errors (exit 2) for both or neither provider and a malformed id, and 3 for an unknown user', async () => {
    expect((await cli.run('users', 'link', '--email', 'ann@test.example')).code).toBe(2);
    expect((await cli.run('users', 'link', '--email', 'ann@test.example', '--slack', 'U1', '--teams', 'x')).code).toBe(
      2,
    );
    const bad = await cli.run('users', 'link', '--email', 'ann@test.example', '--slack', 'U 1; drop');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--externalId');
    const unknown = await cli.run('users', 'link', '--email', 'nobody@test.example', '--slack', 'U9');
    expect(unknown.stderr).toContain('No active user');
    expect(unknown.code).not.toBe(0);
  });

  it('unlinks, audited, and says so when there is nothing to unlink', async () => {
    expect((await cli.run('users', 'unlink', '--email', 'ann@test.example', '--provider', 'teams')).code).toBe(0);
    expect((await links()).map((l) => l.provider)).toEqual(['slack']);
    expect(await auditOf('user.unlink_chat')).toEqual([
      expect.objectContaining({ after: null, before: expect.objectContaining({ provider: 'teams' }) }),
    ]);
    const again = await cli.run('users', 'unlink', '--email', 'ann@test.example', '--provider', 'teams');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('no teams link');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { hashApiKey } from '../../shared/api-keys.ts';
import { createCliDatabase, KEY_LINE, type CliDatabase } from '../../../test/helpers/cli.ts';

describe('billing-copilot users and audit verify', () => {
  let cli: CliDatabase;
  let key = '';
  let keyId = '';

  beforeAll(async () => {
    cli = await createCliDatabase();
    const bundle = await cli.file(
      'entities.json',
      JSON.stringify({
        legalEntities: [
          { code: 'LE-A', name: 'A', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'A-' },
          { code: 'LE-B', name: 'B', country: 'NL', functionalCurrency: 'EUR', invoicePrefix: 'B-' },
        ],
      }),
    );
    expect((await cli.run('import', 'contracts', bundle)).code).toBe(0);
  });
  afterAll(async () => cli?.close());

  it('adds a user, prints the key once with its id, and stores only its hash', async () => {
    const r = await cli.run(
      'users',
      'add',
      '--email',
      'Clerk@Test.example',
      '--name',
      'Clerk',
      '--roles',
      'billing_clerk,collector',
      '--entities',
      'LE-A',
    );
    expect(r.code).toBe(0);
    key = KEY_LINE.exec(r.stdout)![0];
    keyId = /key id ([0-9a-f-]{36})/.exec(r.stdout)![1]!;
    const rows = await cli.query<{ key_hash: string; prefix: string }>(
      sql`SELECT key_hash, prefix FROM api_keys WHERE id = ${keyId}`,
    );
    expect(rows).toEqual([{ key_hash: hashApiKey(key), prefix: key.slice(0, 10) }]);
  });

  it('lists users with roles, entity codes and key prefixes, never a key', async () => {
    const r = await cli.run('users', 'list', '--json');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(key);
    const { items } = JSON.parse(r.stdout) as {
      items: { email: string; roles: string[]; entities: string[] | null; keys: { id: string; prefix: string }[] }[];
    };
    expect(items).toEqual([
      expect.objectContaining({
        email: 'Clerk@Test.example',
        roles: ['billing_clerk', 'collector'],
        entities: ['LE-A'],
        keys: [expect.objectContaining({ id: keyId, prefix: key.slice(0, 10) })],
      }),
    ]);
    const table = await cli.run('users', 'list');
    expect(table.stdout).toContain('billing_clerk,collector');
  });

  it('exits 1 when the email is taken, whatever its case', async () => {
    const r = await cli.run(
      'users',
      'add',
      '--email',
      'clerk@test.example',
      '--name',
      'Again',
      '--roles',
      'controller',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exists');
  });

  it('exits 2 naming --roles when a role is unknown or the agent role is mixed with another', async () => {
    for (const roles of ['wizard', 'agent,controller']) {
      const r = await cli.run('users', 'add', '--email', 'x@test.example', '--name', 'X', '--roles', roles);
      expect(r.code, roles).toBe(2);
      expect(r.stderr).toContain('--roles');
    }
  });

  it('exits 1 naming the code when an entity is unknown', async () => {
    const r = await cli.run(
      'users',
      'add',
      '--email',
      'y@test.example',
      '--name',
      'Y',
      '--roles',
      'controller',
      '--entities',
      'LE-Z',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('LE-Z');
  });

  it('revokes a key once: 0, then 1 when already revoked, 3 for an unknown key, 2 for a malformed id', async () => {
    expect((await cli.run('users', 'revoke-key', keyId)).code).toBe(0);
    const rows = await cli.query<{ revoked: boolean }>(
      sql`SELECT revoked_at IS NOT NULL AS revoked FROM api_keys WHERE id = ${keyId}`,
    );
    expect(rows).toEqual([{ revoked: true }]);
    expect((await cli.run('users', 'revoke-key', keyId)).code).toBe(1);
    expect((await cli.run('users', 'revoke-key', '00000000-0000-4000-8000-000000000000')).code).toBe(3);
    expect((await cli.run('users', 'revoke-key', 'nope')).code).toBe(2);
  });

  it('issues another key for the user with add-key', async () => {
    const r = await cli.run('users', 'add-key', '--email', 'clerk@test.example');
    expect(r.code).toBe(0);
    expect(KEY_LINE.exec(r.stdout)![0]).not.toBe(key);
  });

  it('says the audit trail is intact and exits 0 when nothing was changed', async () => {
    const r = await cli.run('audit', 'verify');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^The audit trail is intact: \d+ rows/);
  });

  it('exits 1 naming the first bad row when a row was edited behind the trigger', async () => {
    await cli.query(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
    await cli.query(sql`UPDATE audit_log SET reason = 'rewritten' WHERE seq = 2`);
    await cli.query(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`);
    const r = await cli.run('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken at seq 2: edited');
  });
});

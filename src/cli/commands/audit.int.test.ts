import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createCliDatabase, type CliDatabase } from '../../../test/helpers/cli.ts';

const KEY = 'k'.repeat(16) + 'checkpoint-test-key-0123456789';

describe('billing-copilot audit checkpoint | verify --checkpoint', () => {
  let cli: CliDatabase;
  let file = '';
  const withKey = async (...argv: string[]) => {
    cli.env.AUDIT_CHECKPOINT_KEY = KEY;
    try {
      return await cli.run(...argv);
    } finally {
      delete cli.env.AUDIT_CHECKPOINT_KEY;
    }
  };
  const addUser = (n: number) =>
    cli.run('users', 'add', '--email', `u${n}@test.example`, '--name', `User ${n}`, '--roles', 'auditor');
  const lastSeq = async () =>
    Number((await cli.query<{ s: string }>(sql`SELECT last_seq::text AS s FROM audit_chain_head`))[0]!.s);

  beforeAll(async () => {
    cli = await createCliDatabase();
    file = path.join(cli.dir, 'outside', 'checkpoints.jsonl');
    for (const n of [1, 2, 3, 4]) expect((await addUser(n)).code).toBe(0);
  });
  afterAll(async () => cli?.close());

  it('exits 2 and writes nothing when no key is configured', async () => {
    const r = await cli.run('audit', 'checkpoint', '--out', file);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Set AUDIT_CHECKPOINT_KEY/) });
    await expect(readFile(file, 'utf8')).rejects.toThrow();
  });

  it('appends a signed line with the head and never prints the key when taking a checkpoint', async () => {
    const seq = await lastSeq();
    const r = await withKey('audit', 'checkpoint', '--out', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ends at seq ${seq}`);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      v: 1,
      seq: String(seq),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      sig: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(r.stdout + r.stderr + lines[0]).not.toContain(KEY);
  });

  it('exits 2 when the checkpoint file would be inside the embedded data folder', async () => {
    if (!cli.env.BILLING_DATA_DIR) return;
    const r = await withKey('audit', 'checkpoint', '--out', path.join(cli.env.BILLING_DATA_DIR, 'cp.jsonl'));
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('is inside the data folder') });
  });

  it('reports intact and every checkpoint reached when nothing was cut', async () => {
    expect((await addUser(5)).code).toBe(0);
    const r = await withKey('audit', 'verify', '--checkpoint', file);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/intact: .*every one of the 1 checkpoints/);
  });

  it('exits 1 naming the edited line when a checkpoint line was rewritten', async () => {
    const forged = path.join(cli.dir, 'forged.jsonl');
    const line = JSON.parse((await readFile(file, 'utf8')).trim()) as { seq: string };
    await writeFile(forged, `${JSON.stringify({ ...line, seq: '1' })}\n`);
    const r = await withKey('audit', 'verify', '--checkpoint', forged);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Line 1 of');
    expect(r.stdout).toContain('does not match its signature');
  });

  it('detects a tail cut below a checkpoint that the chain alone reports intact (superuser, triggers disabled)', async () => {
    const cp = JSON.parse((await readFile(file, 'utf8')).trim()) as { seq: string };
    const keep = Number(cp.seq) - 2;
    // The tampering: as superuser, disable the append-only triggers, delete the tail, move the head back.
    await cli.query(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    await cli.query(sql`ALTER TABLE audit_chain_head DISABLE TRIGGER USER`);
    await cli.query(sql`DELETE FROM audit_log WHERE seq > ${keep}`);
    await cli.query(
      sql`UPDATE audit_chain_head SET last_seq = ${keep}, last_hash = (SELECT hash FROM audit_log WHERE seq = ${keep})`,
    );
    await cli.query(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    await cli.query(sql`ALTER TABLE audit_chain_head ENABLE TRIGGER USER`);

    const alone = await cli.run('audit', 'verify');
    expect(alone.code).toBe(0); // the hole the checkpoint closes
    expect(alone.stdout).toContain(`seq 1 to ${keep}`);

    const r = await withKey('audit', 'verify', '--checkpoint', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`The audit trail was cut: the checkpoint of`);
    expect(r.stdout).toContain(`saw the trail reach seq ${cp.seq}, but it now ends at seq ${keep}`);
  });

  it('exits 3 when the checkpoint file does not exist', async () => {
    const r = await withKey('audit', 'verify', '--checkpoint', path.join(cli.dir, 'nope.jsonl'));
    expect(r).toMatchObject({ code: 3, stderr: expect.stringContaining('no such file') });
  });
});

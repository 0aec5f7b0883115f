import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createCliDatabase, type CliDatabase } from '../../../test/helpers/cli.ts';

describe('billing-copilot jobs failures', () => {
  let cli: CliDatabase;

  beforeAll(async () => {
    cli = await createCliDatabase();
    // An embedded folder is migrated by the first command that opens it.
    expect((await cli.run('db', 'migrate')).code).toBe(0);
    await cli.query(sql`INSERT INTO job_failures (queue, job_id, attempt, will_retry, retry_at, object_type, object_id, acted_as, error, failed_at) VALUES
      ('document.process', 'job-a', 1, true, now() + interval '15 seconds', 'document', 'doc-a', 'service:job-worker', 'connection reset', now() - interval '1 minute'),
      ('document.process', 'job-a', 2, false, NULL, 'document', 'doc-a', 'service:job-worker', 'connection reset again', now()),
      ('audit.checkpoint', 'job-b', 1, true, NULL, 'audit_checkpoint_file', '/var/cp.jsonl', 'service:scheduler', 'disk full', now())`);
  });
  afterAll(async () => cli?.close());

  it('lists the failures of one object as JSON, newest first, and only final ones with --final', async () => {
    const r = await cli.run('jobs', 'failures', '--object', 'document:doc-a', '--json');
    expect(r.code).toBe(0);
    const { items, total } = JSON.parse(r.stdout) as {
      items: { attempt: number; willRetry: boolean; object: unknown; actedAs: string }[];
      total: number;
    };
    expect(total).toBe(2);
    expect(items.map((i) => [i.attempt, i.willRetry])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(items[0]).toMatchObject({ object: { type: 'document', id: 'doc-a' }, actedAs: 'service:job-worker' });
    const table = await cli.run('jobs', 'failures', '--final');
    expect(table.stdout).toContain('document:doc-a');
    expect(table.stdout).toContain('gave up');
    expect(table.stdout).not.toContain('disk full');
  });

  it('exits 2 with a sentence for a malformed --object', async () => {
    const r = await cli.run('jobs', 'failures', '--object', 'doc-a');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('TYPE:ID');
  });
});

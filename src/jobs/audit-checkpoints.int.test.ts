import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../db/client.ts';
import { appendAudit } from '../db/stores/audit-store.ts';
import { checkCheckpoints } from '../db/stores/audit-checkpoint-store.ts';
import { entry } from '../billing/audit/test-support.ts';
import { createTestDatabase } from '../../test/helpers/db.ts';
import { readCheckpointFile, startAuditCheckpoints } from './audit-checkpoints.ts';

const KEY = 'job-test-key-of-at-least-thirty-two-characters';

describe('startAuditCheckpoints', () => {
  let database: Database;
  let dir = '';
  beforeAll(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'bc-cp-'));
    for (let i = 0; i < 3; i++) await appendAudit(database.db, entry());
  });
  afterAll(async () => {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a checkpoint of the head when it starts, which the chain then reaches, and logs no key', async () => {
    const file = path.join(dir, 'cp.jsonl');
    const logged: unknown[] = [];
    const stop = startAuditCheckpoints({
      db: database.db,
      file,
      key: KEY,
      intervalMs: 3_600_000,
      log: (msg, meta) => logged.push({ msg, meta }),
    });
    await stop();
    const read = await readCheckpointFile(file, KEY);
    expect(read?.bad).toEqual([]);
    expect(read?.checkpoints.map((c) => c.seq)).toEqual([3n]);
    expect((await checkCheckpoints(database.db, read!.checkpoints)).ok).toBe(true);
    expect(logged).toEqual([{ msg: 'audit checkpoint written', meta: { seq: '3', file } }]);
    expect(JSON.stringify(logged)).not.toContain(KEY);
  });
});

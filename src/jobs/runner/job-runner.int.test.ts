import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { loadConfig } from '../../config.ts';
import { migrateDatabase, openDatabase, queryRows, type Database } from '../../db/client.ts';
import { listJobFailures } from '../../db/stores/job-failure-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { createLogger } from '../../shared/log.ts';
import { defineJob, type JobContext } from './job.ts';
import { createJobRunner, type JobConnection, type JobRunner } from './job-runner.ts';

/**
 * The job runner on the database under test: PostgreSQL (DATABASE_URL), or an embedded folder
 * served on its socket as `npm start` serves it (pg-boss never touches PGlite in process).
 */
let database: Database;
let folder: string | null = null;
const lines: string[] = [];
const log = createLogger('debug', (l) => void lines.push(l));

const open = async () => {
  if (process.env.DATABASE_URL) return;
  database = await openDatabase({
    dataDir: path.join(folder!, 'data'),
    serve: true,
    holder: { role: 'server', command: 'test' },
  });
};
const connection = (): JobConnection => database.reachableAs as JobConnection;

beforeAll(async () => {
  if (process.env.DATABASE_URL) database = await createTestDatabase();
  else {
    folder = await mkdtemp(path.join(tmpdir(), 'bc-jobs-'));
    await open();
    await migrateDatabase(database);
  }
}, 60_000);

afterAll(async () => {
  await database?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const until = async (what: () => Promise<boolean>, seconds = 30) => {
  const end = Date.now() + seconds * 1000;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

const seen: { data: { ref: string }; ctx: Pick<JobContext, 'actor' | 'attempt' | 'jobId'> }[] = [];
const countJob = defineJob<{ ref: string }>({
  queue: 'test.count',
  description: 'records that it ran',
  actAs: 'job-worker',
  retry: { limit: 0, delaySeconds: 1, backoff: false },
  expireInSeconds: 60,
  policy: 'stately',
  schedulable: true,
  objectOf: (d) => ({ type: 'test', id: d.ref ?? 'tick' }),
  async handle(data, ctx) {
    seen.push({ data, ctx: { actor: ctx.actor, attempt: ctx.attempt, jobId: ctx.jobId } });
    ctx.log.info('counted', { ref: data.ref });
  },
});
const failJob = defineJob<{ invoiceId: string }>({
  queue: 'test.fail',
  description: 'always fails',
  actAs: 'job-worker',
  retry: { limit: 2, delaySeconds: 1, backoff: true },
  expireInSeconds: 60,
  policy: 'standard',
  schedulable: false,
  objectOf: (d) => ({ type: 'invoice', id: d.invoiceId }),
  async handle(data) {
    throw new Error(`delivery of ${data.invoiceId} refused by postgres://billing:hunter2@mail.example/x`);
  },
});

const runner = (over: Partial<Parameters<typeof createJobRunner>[0]> = {}): JobRunner =>
  createJobRunner({
    connection: connection(),
    db: database.db,
    jobs: [countJob, failJob],
    log,
    pollingIntervalSeconds: 0.5,
    ...over,
  });

describe(`job runner (${process.env.DATABASE_URL ? 'postgres' : 'pglite served on its socket'})`, () => {
  it('runs a job queued before a restart exactly once after it, as the job worker', async () => {
    const sender = runner({ work: false });
    await sender.start();
    const id = await sender.send('test.count', { ref: 'before-restart' }, { singletonKey: 'before-restart' });
    expect(id).toEqual(expect.any(String));
    // Queued twice while waiting: kept once (one waiting job per key).
    expect(await sender.send('test.count', { ref: 'before-restart' }, { singletonKey: 'before-restart' })).toBeNull();
    await sender.stop();
    // The restart: every connection closed, the database (the embedded folder's engine too) closed and opened again.
    if (!process.env.DATABASE_URL) {
      await database.close();
      await open();
    }
    expect(seen).toEqual([]);
    const worker = runner();
    await worker.start();
    await until(async () => (await worker.pending('test.count')) === 0);
    await new Promise((r) => setTimeout(r, 1500)); // three more polls: nothing runs twice
    await worker.stop();
    expect(seen).toEqual([
      { data: { ref: 'before-restart' }, ctx: { actor: serviceActor('job-worker'), attempt: 1, jobId: id } },
    ]);
    // Its log lines carry the job id.
    const counted = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'counted');
    expect(counted).toMatchObject({ jobId: id, queue: 'test.count', ref: 'before-restart' });
  }, 90_000);

  it('retries a failing job with backoff and records each failure with its object, secrets masked', async () => {
    const worker = runner();
    await worker.start();
    const id = await worker.send('test.fail', { invoiceId: 'inv-42' });
    const failures = async () =>
      (await listJobFailures(database.db, { objectType: 'invoice', objectId: 'inv-42', limit: 10, offset: 0 })).rows;
    await until(async () => (await failures()).length === 3, 60);
    await worker.stop();
    const rows = (await failures()).reverse();
    expect(rows.map((r) => [r.jobId, r.attempt, r.willRetry, r.queue, r.actedAs])).toEqual([
      [id, 1, true, 'test.fail', 'service:job-worker'],
      [id, 2, true, 'test.fail', 'service:job-worker'],
      [id, 3, false, 'test.fail', 'service:job-worker'],
    ]);
    expect(rows[0]!.error).toBe('delivery of inv-42 refused by postgres://billing:***@mail.example/x');
    expect(rows[2]!.retryAt).toBeNull();
    // Backoff: the second try waits at least the delay (1 s), the third at least twice it (pg-boss never starts a job before its start_after).
    const gap = (a: number, b: number) => rows[b]!.failedAt.getTime() - rows[a]!.failedAt.getTime();
    expect(gap(0, 1)).toBeGreaterThanOrEqual(1000);
    expect(gap(1, 2)).toBeGreaterThanOrEqual(2000);
    const [job] = await queryRows<{ state: string }>(
      database.db,
      sql`SELECT state FROM pgboss.job WHERE id = ${id}::uuid`,
    );
    expect(job?.state).toBe('failed');
    // Only failures after which nothing retries, filtered.
    expect(
      (await listJobFailures(database.db, { objectId: 'inv-42', final: true, limit: 10, offset: 0 })).rows.map(
        (r) => r.attempt,
      ),
    ).toEqual([3]);
  }, 90_000);

  it('registers the cron schedules configuration names, and drops those it no longer names', async () => {
    const config = loadConfig({ JOB_SCHEDULES: 'test.count=*/5 * * * *', JOB_SCHEDULE_TZ: 'Europe/Amsterdam' });
    expect(config.JOB_SCHEDULES).toEqual([{ job: 'test.count', cron: '*/5 * * * *' }]);
    const scheduled = runner({ schedules: config.JOB_SCHEDULES, timeZone: config.JOB_SCHEDULE_TZ });
    await scheduled.start();
    expect(await scheduled.schedules()).toEqual([
      { job: 'test.count', cron: '*/5 * * * *', timeZone: 'Europe/Amsterdam' },
    ]);
    await scheduled.stop();
    const unscheduled = runner({ schedules: [] });
    await unscheduled.start();
    expect(await unscheduled.schedules()).toEqual([]);
    await unscheduled.stop();
  }, 60_000);

  it('refuses a schedule naming no job or a job that needs data, and a malformed one in configuration', () => {
    expect(() => runner({ schedules: [{ job: 'test.nothing', cron: '0 2 * * *' }] })).toThrow(
      /test\.nothing, which is no job/,
    );
    expect(() => runner({ schedules: [{ job: 'test.fail', cron: '0 2 * * *' }] })).toThrow(
      /does not run on a schedule/,
    );
    expect(() => loadConfig({ JOB_SCHEDULES: 'audit.checkpoint=every night' })).toThrow(/JOB_SCHEDULES/);
  });
});

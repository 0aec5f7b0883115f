/**
 * bench/jobs: 500 no-op jobs through the job runner (pg-boss 10): the time to queue them one by one
 * and the time until a worker (batch size 1, as the runner works) has completed them all.
 *   npx tsx bench/jobs.ts                      embedded: a data folder served on its socket, as `npm start` runs it,
 *                                              and, for comparison, pg-boss on PGlite in this thread (its Db executor)
 *   DATABASE_URL=postgres://... npx tsx bench/jobs.ts   PostgreSQL
 * Prints figures only; the machine's other load shows in them (loadavg is printed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { migrateDatabase, openDatabase, type Database } from '../src/db/client.ts';
import { createJobRunner, type JobConnection } from '../src/jobs/runner/job-runner.ts';
import { defineJob } from '../src/jobs/runner/job.ts';
import { createLogger } from '../src/shared/log.ts';

const N = Number(process.env.BENCH_JOBS ?? 500);

async function throughRunner(database: Database, label: string) {
  let done = 0;
  let finished: () => void = () => undefined;
  const all = new Promise<void>((r) => (finished = r));
  const job = defineJob<{ i: number }>({
    queue: 'bench.noop',
    description: 'nothing',
    actAs: 'job-worker',
    retry: { limit: 0, delaySeconds: 1, backoff: false },
    expireInSeconds: 60,
    policy: 'standard',
    schedulable: false,
    objectOf: (d) => ({ type: 'bench', id: String(d.i) }),
    async handle() {
      if (++done === N) finished();
    },
  });
  const runner = createJobRunner({
    connection: database.reachableAs as JobConnection,
    db: database.db,
    jobs: [job],
    log: createLogger('error'),
    pollingIntervalSeconds: 0.5,
  });
  const t0 = performance.now();
  await runner.start();
  const t1 = performance.now();
  for (let i = 0; i < N; i++) await runner.send('bench.noop', { i });
  const t2 = performance.now();
  await all;
  const t3 = performance.now();
  await runner.stop();
  console.log(
    `${label}: start ${(t1 - t0).toFixed(0)} ms; ${N} sends ${(t2 - t1).toFixed(0)} ms (${((t2 - t1) / N).toFixed(2)} ms each); all done ${((t3 - t1) / 1000).toFixed(2)} s after the first send`,
  );
}

/** pg-boss on PGlite in this thread, through its Db executor: the in-process alternative. */
async function inProcess() {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({ dataDir: 'memory://' });
  const db: PgBoss.Db = {
    async executeSql(text, values) {
      if (values && values.length)
        return { rows: (await pglite.query(text, values)).rows as unknown[] } as { rows: unknown[] };
      const results = await pglite.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as unknown[] };
    },
  };
  const boss = new PgBoss({ db, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  let done = 0;
  let finished: () => void = () => undefined;
  const all = new Promise<void>((r) => (finished = r));
  const t0 = performance.now();
  await boss.start();
  await boss.createQueue('bench.noop');
  // As the runner does: after each job the worker fetches the next at once.
  const workerId: string = await boss.work('bench.noop', { batchSize: 1, pollingIntervalSeconds: 0.5 }, async () => {
    if (++done === N) finished();
    boss.notifyWorker(workerId);
  });
  const t1 = performance.now();
  for (let i = 0; i < N; i++) await boss.send('bench.noop', { i });
  const t2 = performance.now();
  await Promise.race([all, new Promise((r) => setTimeout(r, 120_000))]);
  const t3 = performance.now();
  await boss.stop({ graceful: false, wait: false });
  await pglite.close();
  console.log(
    `PGlite in this thread (Db executor): start ${(t1 - t0).toFixed(0)} ms; ${N} sends ${(t2 - t1).toFixed(0)} ms (${((t2 - t1) / N).toFixed(2)} ms each); ${done} of ${N} done ${((t3 - t1) / 1000).toFixed(2)} s after the first send`,
  );
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (process.env.DATABASE_URL) {
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 2 });
  await migrateDatabase(database);
  await throughRunner(database, 'PostgreSQL');
  await database.close();
} else {
  const folder = await mkdtemp(path.join(tmpdir(), 'bc-bench-jobs-'));
  const database = await openDatabase({
    dataDir: path.join(folder, 'data'),
    serve: true,
    holder: { role: 'server', command: 'bench' },
    poolSize: 2,
  });
  await migrateDatabase(database);
  await throughRunner(database, 'PGlite served on its socket');
  await database.close();
  await rm(folder, { recursive: true, force: true });
  await inProcess();
}

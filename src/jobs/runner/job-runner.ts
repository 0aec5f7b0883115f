import PgBoss from 'pg-boss';
import type { Db } from '../../db/client.ts';
import { recordJobFailure } from '../../db/stores/job-failure-store.ts';
import { SERVICE_IDENTITIES, serviceActor } from '../../policy/service-identities.ts';
import { isMainThread } from 'node:worker_threads';
import { redactText, withLogContext, type Logger } from '../../shared/log.ts';
import type { JobDefinition } from './job.ts';

/** How the runner reaches the database: PostgreSQL by URL, or an embedded folder through its socket. */
export type JobConnection = { databaseUrl: string } | { socketDir: string };

export interface JobRunnerOptions {
  connection: JobConnection;
  /** Where failures are recorded (the same database, through the caller's own connections). */
  db: Db;
  jobs: readonly JobDefinition<never>[];
  /** Cron schedules from configuration (JOB_SCHEDULES), each naming a schedulable job. */
  schedules?: readonly { job: string; cron: string }[];
  /** Time zone of the cron expressions (JOB_SCHEDULE_TZ). */
  timeZone?: string;
  log: Logger;
  /** Take jobs from the queues (a worker); false = only send (default true). */
  work?: boolean;
  /** Seconds between polls of an idle queue (default 2; pg-boss takes 0.5 at least). */
  pollingIntervalSeconds?: number;
  /** Connections pg-boss keeps (default 3; on the embedded socket they share one backend, more buy nothing). */
  maxConnections?: number;
  /**
   * Runs cron (default true): registers the configured schedules and drops the others. A second
   * runner of the same database for other queues (the server's chat jobs) passes false, so it
   * neither fires nor removes the background thread's schedules.
   */
  cron?: boolean;
}

export interface JobRunner {
  /** Installs pg-boss's schema (first time), creates the queues, registers schedules, starts the workers. */
  start(): Promise<void>;
  /** Queues a job; with singletonKey, at most one job with that key is waiting or running. Resolves with its id (null if deduplicated). */
  send(queue: string, data: object, opts?: { singletonKey?: string }): Promise<string | null>;
  /** Jobs of a queue waiting, retrying or running. */
  pending(queue: string): Promise<number>;
  /** The cron schedules registered in the database. */
  schedules(): Promise<{ job: string; cron: string; timeZone: string | null }[]>;
  /** Waits for the jobs in progress (up to timeoutSeconds), then closes pg-boss's connections. */
  stop(timeoutSeconds?: number): Promise<void>;
}

/** pg-boss's connection options for a reach: the URL, or the socket directory as pg's host. */
const bossConnection = (c: JobConnection, max: number): PgBoss.ConstructorOptions =>
  'databaseUrl' in c
    ? { connectionString: c.databaseUrl, max }
    : { host: c.socketDir, user: 'postgres', database: 'postgres', max };

/**
 * The one job runner for background work, on pg-boss (PostgreSQL tables in schema pgboss): jobs
 * survive restarts, fail into retries with backoff, and each failed try is recorded in
 * job_failures with the business object it concerns. Every handler acts as its job's service
 * identity, inside a log context carrying the job id.
 */
export function createJobRunner(o: JobRunnerOptions): JobRunner {
  const byQueue = new Map(o.jobs.map((j) => [j.queue, j as JobDefinition<object>]));
  for (const s of o.schedules ?? []) {
    const def = byQueue.get(s.job);
    if (!def) throw new Error(`JOB_SCHEDULES names ${s.job}, which is no job; jobs: ${[...byQueue.keys()].join(', ')}`);
    if (!def.schedulable)
      throw new Error(`JOB_SCHEDULES names ${s.job}, which does not run on a schedule (it needs data)`);
  }
  const work = o.work ?? true;
  const cron = work && (o.cron ?? true);
  const boss = new PgBoss({
    ...bossConnection(o.connection, o.maxConnections ?? 3),
    application_name: 'billing-copilot-jobs',
    supervise: work,
    schedule: cron,
    migrate: true,
  });
  boss.on('error', (e) => o.log.error('job queue error', { error: e.message }));

  const run = async (def: JobDefinition<object>, job: PgBoss.JobWithMetadata<object>): Promise<void> => {
    const attempt = job.retryCount + 1;
    const actor = serviceActor(def.actAs);
    const bindings = { jobId: job.id, queue: def.queue, attempt };
    // The job's lines carry its id: through the handler's logger always, and through the thread's log context off
    // the main thread only (an AsyncLocalStorage taxes every promise of its thread; the API's thread enables none).
    const inContext = (f: () => Promise<void>) => (isMainThread ? f() : withLogContext(bindings, f));
    await inContext(async () => {
      const log = o.log.child(bindings);
      try {
        await def.handle(job.data, { actor, jobId: job.id, attempt, log });
      } catch (e) {
        const willRetry = job.retryCount < job.retryLimit;
        const error = redactText(e instanceof Error ? e.message : String(e)).slice(0, 1000);
        // The earliest next try (pg-boss adds jitter up to twice this with backoff).
        const delay = def.retry.backoff ? (def.retry.delaySeconds * 2 ** attempt) / 2 : def.retry.delaySeconds;
        const object = (() => {
          try {
            return def.objectOf(job.data);
          } catch {
            return { type: 'unknown', id: 'unknown' };
          }
        })();
        try {
          await recordJobFailure(o.db, {
            queue: def.queue,
            jobId: job.id,
            attempt,
            willRetry,
            retryAt: willRetry ? new Date(Date.now() + delay * 1000) : null,
            objectType: object.type,
            objectId: object.id,
            actedAs: SERVICE_IDENTITIES[def.actAs].id,
            error,
          });
        } catch (recordError) {
          log.error('job failure not recorded', {
            error: recordError instanceof Error ? recordError.message : String(recordError),
          });
        }
        log.warn(willRetry ? 'job failed; it will be retried' : 'job failed for good', {
          objectType: object.type,
          objectId: object.id,
          error,
        });
        throw e;
      }
    });
  };

  let stopping: Promise<void> | null = null;
  const workers = new Map<string, string>();
  return {
    async start() {
      await boss.start();
      for (const def of byQueue.values()) {
        const options = {
          retryLimit: def.retry.limit,
          retryDelay: def.retry.delaySeconds,
          retryBackoff: def.retry.backoff,
          expireInSeconds: def.expireInSeconds,
        };
        if (await boss.getQueue(def.queue)) await boss.updateQueue(def.queue, { name: def.queue, ...options });
        else await boss.createQueue(def.queue, { name: def.queue, policy: def.policy, ...options });
      }
      if (!work) return;
      if (cron) {
        // Schedules follow configuration: what it no longer names is removed.
        const wanted = new Map((o.schedules ?? []).map((s) => [s.job, s.cron]));
        for (const s of await boss.getSchedules()) if (!wanted.has(s.name)) await boss.unschedule(s.name);
        for (const [job, expr] of wanted) await boss.schedule(job, expr, {}, { tz: o.timeZone ?? 'UTC' });
      }
      for (const def of byQueue.values()) {
        const workerId: string = await boss.work<object>(
          def.queue,
          { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: o.pollingIntervalSeconds ?? 2 },
          async ([job]) => {
            try {
              if (job) await run(def, job);
            } finally {
              // pg-boss waits the polling interval after every fetch; after a job, the next is fetched at once
              // (500 queued jobs took 253 s at one per 0.5 s poll, and seconds this way; bench/jobs.ts).
              boss.notifyWorker(workerId);
            }
          },
        );
        workers.set(def.queue, workerId);
      }
    },
    async send(queue, data, opts) {
      const id = await boss.send(queue, data, opts?.singletonKey ? { singletonKey: opts.singletonKey } : {});
      // Sent where it is worked (the background thread): taken now, not at the next poll.
      const workerId = workers.get(queue);
      if (id && workerId) boss.notifyWorker(workerId);
      return id;
    },
    pending: async (queue) => (await boss.getQueueSize(queue, { before: 'completed' })) ?? 0,
    async schedules() {
      return (await boss.getSchedules()).map((s) => ({ job: s.name, cron: s.cron, timeZone: s.options?.tz ?? null }));
    },
    stop(timeoutSeconds = 30) {
      stopping ??= boss.stop({ graceful: true, wait: true, timeout: timeoutSeconds * 1000 });
      return stopping;
    },
  };
}

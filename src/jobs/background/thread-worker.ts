import { riskScoresBackfillJob } from '../definitions/risk-scores-backfill.ts';
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/client.ts';
import { BillingRunFailed, runBillingRequest } from '../../db/stores/billing-run-request.ts';
import { configuredProcessDeps } from '../../extraction/documents/configured-processor.ts';
import { currentLogContext, type Logger } from '../../shared/log.ts';
import { createJobRunner } from '../runner/job-runner.ts';
import { processDocumentJob, queuedDocumentProcessor } from '../definitions/process-document.ts';
import { auditCheckpointJob } from '../definitions/audit-checkpoint.ts';
import { collectionsNightlyJob, digestToChat, DUNNING_STEPS } from '../definitions/collections-nightly.ts';
import { remindersDeliverJob } from '../definitions/reminders-deliver.ts';
import { agentCheckpointsPruneJob } from '../definitions/agent-checkpoints-prune.ts';
import { chatEventsPruneJob } from '../definitions/chat-events-prune.ts';
import { withDefaultSchedules } from '../definitions/default-schedules.ts';
import { smtpDelivery, smtpDigestMailer, smtpSettingsOf } from '../mail/smtp-delivery.ts';
import { openAiReminderWriter } from '../../agent/reminders/model-reminder-writer.ts';
import { stopDocumentWorker } from '../../extraction/text/extract-text.ts';
import { lowerThreadPriority } from '../../shared/thread-priority.ts';
import { type BackgroundThreadData, type ThreadMessage, type ThreadRequest } from './background-thread.ts';

/**
 * The server's background thread: its own connections to the server's database, running billing
 * runs and document processing, so their CPU (rating, drafts, reading and indexing a long
 * statement of work) and their garbage never hold the server's event loop or its heap.
 */
// Linux keeps a nice value per thread: this one (and the document worker it starts, which inherits
// it) yields the CPU to the thread that answers requests (BILLING_WORKER_NICE, see lowerThreadPriority).
// (On the embedded database this thread holds the one engine through each transaction it runs; at
// nice 0 instead of 10 the responsiveness bench moved within its run-to-run spread, so the default
// stays 10 on both.)
const data = workerData as BackgroundThreadData;
const config = loadConfig();
const nice = lowerThreadPriority(config.BILLING_WORKER_NICE);
/**
 * Contracts whose drafts a run beside the server writes at once on PostgreSQL: one core is left to
 * the thread that answers requests (each writer keeps a PostgreSQL backend busy; those get this
 * thread's nice value only where the server is on this machine and may be reniced, see
 * backendNice). With 4 writers on 2 cores, GET /openapi.json, which reads no database, had a p99
 * of 26-59 ms during a run; see docs/operations.md.
 */
const SERVER_WRITE_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism() - 1));
const port = parentPort!;
const database = await openDatabase(
  'databaseUrl' in data.reach
    ? { databaseUrl: data.reach.databaseUrl, poolSize: 5, ...(nice > 0 ? { backendNice: nice } : {}) }
    : { socketDir: data.reach.socketDir, poolSize: 2 },
);
const post = (msg: ThreadMessage) => port.postMessage(msg);
const clock = { now: () => new Date() };
/** Lines go to the server's thread, which redacts and writes them; each carries the job's (or run's) context. */
const threadLogger = (bindings: Record<string, unknown>): Logger => {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, meta: Record<string, unknown> = {}) =>
      post({ type: 'log', level, msg, meta: { ...currentLogContext(), ...bindings, ...meta } });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (b) => threadLogger({ ...bindings, ...b }),
  };
};
const logger = threadLogger({ thread: 'background' });
// Reminders go out over SMTP when it is configured; otherwise they wait in the outbox (the digest says so).
const smtp = smtpSettingsOf(config);
const reminderDelivery = smtp ? smtpDelivery(smtp) : null;
// The nightly digest is e-mailed to FINANCE_DIGEST_TO (config refuses the list without SMTP).
const digestMailer = smtp && config.FINANCE_DIGEST_TO ? smtpDigestMailer(smtp) : null;
// The one job runner: documents and scheduled jobs, durable in the database (pg-boss), retried with backoff.
const runner = createJobRunner({
  connection: data.reach,
  db: database.db,
  log: logger,
  // The chat and checkpoint retentions and the risk-score backfill run daily unless JOB_SCHEDULES gives another cron.
  schedules: withDefaultSchedules(config.JOB_SCHEDULES),
  timeZone: config.JOB_SCHEDULE_TZ,
  jobs: [
    processDocumentJob(configuredProcessDeps(database.db, config)),
    auditCheckpointJob({ db: database.db, file: config.AUDIT_CHECKPOINT_FILE, key: config.AUDIT_CHECKPOINT_KEY }),
    collectionsNightlyJob({
      database,
      now: () => new Date(),
      timeZone: config.JOB_SCHEDULE_TZ,
      steps: DUNNING_STEPS,
      reminderDelivery,
      financeDigest:
        digestMailer && config.FINANCE_DIGEST_TO ? { to: config.FINANCE_DIGEST_TO, mailer: digestMailer } : null,
      // With a model configured it writes each client reminder for its situation; the check decides what is sent.
      reminderWriter: openAiReminderWriter(config),
      // The digest goes to a chat channel through the outbox the server's chat relay reads.
      ...(config.SLACK_COLLECTIONS_CHANNEL || config.TEAMS_COLLECTIONS_CONVERSATION
        ? { onDigest: digestToChat({ database, now: () => new Date() }) }
        : {}),
    }),
    remindersDeliverJob({ database, now: () => new Date(), reminderDelivery }),
    chatEventsPruneJob({ database, now: () => new Date(), retentionDays: config.CHAT_EVENTS_RETENTION_DAYS }),
    riskScoresBackfillJob({ database, now: () => new Date() }),
    agentCheckpointsPruneJob({
      database,
      now: () => new Date(),
      retentionDays: config.AGENT_CHECKPOINT_RETENTION_DAYS,
    }),
  ],
});
await runner.start();
const documents = queuedDocumentProcessor(runner, database.db, logger);
let busy = 0;
let closing: (() => void) | null = null;
const settle = () => {
  busy -= 1;
  if (busy === 0 && closing) closing();
};

port.on('message', (msg: ThreadRequest) => {
  if (msg.type === 'close') {
    // Runs in progress finish first; queued documents stay queued in the database (resumed at the next start).
    closing = () =>
      void documents
        .stop()
        .then(stopDocumentWorker)
        .then(() => {
          reminderDelivery?.close();
          digestMailer?.close();
        })
        .finally(() => database.close().finally(() => port.close()));
    if (busy === 0) closing();
    return;
  }
  if (msg.type === 'document') {
    documents.enqueue(msg.documentId);
    return;
  }
  if (msg.type === 'drain-documents' || msg.type === 'stop-documents') {
    const { id } = msg;
    void (msg.type === 'drain-documents' ? documents.drain() : documents.stop()).finally(() =>
      post({ type: 'settled', id }),
    );
    return;
  }
  if (msg.type !== 'billing-run') return;
  busy += 1;
  const { id, request } = msg;
  runBillingRequest(database, request, clock, (progress) => post({ type: 'progress', id, progress }), {
    writeConcurrency: SERVER_WRITE_CONCURRENCY,
  })
    .then((result) => post({ type: 'done', id, result }))
    .catch((e: unknown) =>
      post({
        type: 'failed',
        id,
        runId: e instanceof BillingRunFailed ? e.runId : null,
        message: e instanceof Error ? e.message : String(e),
      }),
    )
    .finally(settle);
});
post({ type: 'ready', nice });

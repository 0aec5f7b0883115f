import { serve } from '@hono/node-server';
import { loadConfig } from './config.ts';
import { describeDatabase, openAppDatabase } from './bootstrap.ts';
import { createApp } from './api/app.ts';
import { createTriage } from './agent/triage/triage-message.ts';
import { openAiSuggester } from './agent/triage/model-suggest.ts';
import { openAiReminderWriter } from './agent/reminders/model-reminder-writer.ts';
import { copilotFromConfig } from './agent/copilot-model.ts';
import { teamsFromConfig } from './api/teams/teams-from-config.ts';
import { countContracts } from './db/stores/master-data-queries.ts';
import { seedAndBillDemo } from './db/seed/seed-and-bill-demo.ts';
import { createLogger } from './shared/log.ts';
import { DataFolderBusyError } from './db/embedded/data-folder-lock.ts';
import { markInterruptedRuns } from './db/stores/billing-run-store.ts';
import { startAuditCheckpoints } from './jobs/audit-checkpoints.ts';
import { smtpDelivery, smtpSettingsOf } from './jobs/mail/smtp-delivery.ts';
import { createEmbedder } from './extraction/search/embedder.ts';
import { documentLimits, stopDocumentWorker, warmUpDocumentWorker } from './extraction/text/extract-text.ts';
import { backgroundThreadFor } from './jobs/background/background-thread.ts';
import { configuredDocumentProcessor } from './extraction/documents/configured-processor.ts';
import { EMBEDDING_DIMENSIONS } from './db/schema/documents.ts';
import { configuredChat } from './api/chat/configured-chat.ts';
import { createJobRunner } from './jobs/runner/job-runner.ts';
import type { ToolDeps } from './tools/define-tool.ts';
import {
  SLACK_INBOUND_QUEUE,
  slackInboundJob,
  TEAMS_INBOUND_QUEUE,
  teamsInboundJob,
  type SlackInboundJobData,
  type TeamsInboundJobData,
} from './jobs/definitions/chat-inbound.ts';

/** Composition root: config, database (migrated, demo-seeded when empty), HTTP server. */
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL, undefined, { maxBufferBytes: config.LOG_BUFFER_MAX_BYTES });
let database: Awaited<ReturnType<typeof openAppDatabase>>;
try {
  database = await openAppDatabase(config, { role: 'server', command: 'server' });
} catch (e) {
  if (!(e instanceof DataFolderBusyError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
log.info('database ready', {
  database: describeDatabase(config),
  ...(database.socketDir ? { cliSocket: database.socketDir } : {}),
});
// A billing run whose process died (a kill, a crash) would stay "running" forever: mark it interrupted,
// before CLI commands can reach the embedded folder through the socket and start one.
for (const run of await markInterruptedRuns(database, { atBoot: true })) {
  log.warn('billing run interrupted', {
    runId: run.id,
    period: run.period,
    draftsWritten: run.draftsWritten,
    lastHeartbeat: run.lastHeartbeat.toISOString(),
  });
}
await database.publishSocket?.();
// On the embedded database every request waits for the statement in progress: name the long ones.
database.onSlowStatement?.((ms, statement) => log.warn('embedded statement held the database', { ms, statement }));
database.onFatal?.((message) => {
  log.error('the embedded database failed; stopping', { message });
  process.exit(1);
});
if ((await countContracts(database.db)) === 0) {
  await seedAndBillDemo(
    database,
    { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
    () => new Date(),
  );
}
// Long work (billing runs; statements of work extracted, compared with their contract and indexed
// for search) runs in a background thread with its own connections, off the event loop that answers
// requests; PGlite in this process (nothing else can reach it) keeps it here.
const background = backgroundThreadFor(database, (msg, meta, level) => log[level ?? 'warn'](msg, meta));
const processor =
  background?.documents ?? configuredDocumentProcessor(database.db, config, (msg, meta) => log.warn(msg, meta));
const embedder = createEmbedder(config, EMBEDDING_DIMENSIONS);
// The audit chain's head, signed, outside the database: at boot and then at least daily.
const stopCheckpoints = config.AUDIT_CHECKPOINT_KEY
  ? startAuditCheckpoints({
      db: database.db,
      file: config.AUDIT_CHECKPOINT_FILE,
      key: config.AUDIT_CHECKPOINT_KEY,
      intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_HOURS * 3_600_000,
      log: (msg, meta) => log.info(msg, meta),
    })
  : null;
if (!stopCheckpoints)
  log.warn(
    'audit checkpoints are off: set AUDIT_CHECKPOINT_KEY (32+ characters) so a cut of the audit trail is detectable (docs/audit.md)',
  );
const resumed = await processor.resume();
if (resumed > 0) log.info('documents re-queued after restart', { count: resumed });
await warmUpDocumentWorker(documentLimits(config));
await database.openConnections();
const copilot = copilotFromConfig(config);
// What the copilot's turns in chat act with, as on the API: a document search embeds its question with the configured
// embedder, as the stored passages were (the built-in one would rank them by vectors of another model).
const chatTools: ToolDeps = { database, now: () => new Date(), billingRunner: background?.billing ?? null, embedder };
const smtpSettings = smtpSettingsOf(config);
// What Slack and Teams are answered 200 for runs as durable jobs (one per event or activity id) on a job runner of this
// process: the chat adapters live here, not in the background thread. Its cron stays the background thread's. PGlite in
// memory has no runner (nothing outlives the process there anyway): the work runs in process after the answer.
const slackOn = Boolean(config.SLACK_SIGNING_SECRET && config.SLACK_BOT_TOKEN);
const teamsOn = Boolean(config.TEAMS_APP_ID && config.TEAMS_APP_PASSWORD);
const chatJobs =
  (slackOn || teamsOn) && database.reachableAs
    ? createJobRunner({
        connection: database.reachableAs,
        db: database.db,
        log,
        cron: false,
        maxConnections: 2,
        jobs: [
          ...(slackOn ? [slackInboundJob((eventId, opts) => chat.slack!.service.process(eventId, opts))] : []),
          ...(teamsOn ? [teamsInboundJob((activityId, opts) => teams!.bot.process(activityId, opts))] : []),
        ],
      })
    : null;
// Microsoft Teams (docs/chat.md): served only when the bot's app id and password are configured.
const teams = teamsFromConfig(config, chatTools, {
  model: copilot,
  log: (msg, meta) => log.warn(msg, meta),
  ...(chatJobs
    ? {
        queue: async (activityId: string) =>
          void (await chatJobs.send(TEAMS_INBOUND_QUEUE, { activityId } satisfies TeamsInboundJobData, {
            singletonKey: activityId,
          })),
      }
    : {}),
});
// Slack (and Teams) adapters: their signed endpoints, the approval notices and the work done after acknowledging.
const chat = configuredChat(config, {
  tools: chatTools,
  model: copilot,
  log: (msg, meta) => log.warn(msg, meta),
  // Teams joins the approval notices, the collections summary (its conversation, when configured) and the sweeps.
  more: teams
    ? [{ notifier: teams.notifier, channel: config.TEAMS_COLLECTIONS_CONVERSATION, sweep: () => teams.bot.sweep() }]
    : [],
  ...(chatJobs
    ? {
        slackQueue: async (eventId: string) =>
          void (await chatJobs.send(SLACK_INBOUND_QUEUE, { eventId } satisfies SlackInboundJobData, {
            singletonKey: eventId,
          })),
      }
    : {}),
});
chat.worker.start();
await chatJobs?.start();
const app = createApp({
  database,
  billingRunner: background?.billing ?? null,
  log: (msg, meta) => log.error(msg, meta),
  requestLog: log,
  documents: { limits: documentLimits(config), processor, embedder },
  triage: createTriage({ suggester: openAiSuggester(config) }),
  copilot,
  teams: teams?.bot ?? null,
  reminderDelivery: smtpSettings ? smtpDelivery(smtpSettings) : null,
  reminderWriter: openAiReminderWriter(config),
  paymentsWebhookSecret: config.PAYMENTS_WEBHOOK_SECRET ?? null,
  slack: chat.slack,
});
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  background?.warmUp();
  log.info('listening', {
    url: `http://${config.HOST}:${info.port}`,
    try: [`/health`, `/docs`, `/openapi.json`],
    auth: 'Authorization: Bearer <key> (demo keys are printed once when the demo is seeded; more with `billing-copilot users add`)',
  });
});
let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  log.info('stopping', { signal, note: 'finishing requests in flight, then closing the database' });
  server.close();
  await teams?.bot.idle();
  await chatJobs?.stop();
  await chat.worker.stop();
  await processor.stop();
  await background?.close();
  await stopDocumentWorker();
  await database.close();
  log.info('stopped');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

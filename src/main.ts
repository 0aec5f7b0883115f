import { serve } from '@hono/node-server';
import { loadConfig } from './config.ts';
import { describeDatabase, openAppDatabase } from './bootstrap.ts';
import { createApp } from './api/app.ts';
import { countContracts } from './db/stores/master-data.ts';
import { seedAndBillDemo } from './cli/commands/seed.ts';
import { createLogger } from './shared/log.ts';
import { createEmbedder } from './extraction/search/embedder.ts';
import { createDocumentProcessor } from './extraction/documents/processor.ts';
import { createTermsExtractor } from './extraction/documents/extract-terms.ts';
import { recordTermsMismatch } from './extraction/documents/record-terms-mismatch.ts';
import { documentLimits, stopDocumentWorker, warmUpDocumentWorker } from './extraction/text/extract-text.ts';
import { EMBEDDING_DIMENSIONS } from './db/schema/documents.ts';

/** Composition root: config, database (migrated, demo-seeded when empty), HTTP server. */
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const database = await openAppDatabase(config);
log.info('database ready', { database: describeDatabase(config) });
if ((await countContracts(database.db)) === 0) {
  await seedAndBillDemo(database, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTty: false }, () => new Date());
}
// Statements of work: extracted in the background, compared with their contract, searchable.
const embedder = createEmbedder(config, EMBEDDING_DIMENSIONS);
const processor = createDocumentProcessor({
  db: database.db,
  extractTerms: createTermsExtractor(config),
  embedder,
  onExtracted: async (document, terms) => void (await recordTermsMismatch(database.db, document, terms)),
  log: (msg, meta) => log.warn(msg, meta),
});
const resumed = await processor.resume();
if (resumed > 0) log.info('documents re-queued after restart', { count: resumed });
await warmUpDocumentWorker(documentLimits(config));
await database.openConnections();
const app = createApp({
  database,
  log: (msg, meta) => log.error(msg, meta),
  documents: { limits: documentLimits(config), processor, embedder },
});
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  log.info('listening', { url: `http://${config.HOST}:${info.port}`, try: [`/health`, `/docs`, `/openapi.json`], auth: 'Authorization: Bearer <key> (demo keys are printed once when the demo is seeded; more with `billing-copilot users add`)' });
});
const stop = async () => {
  server.close();
  await stopDocumentWorker();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

import { serve } from '@hono/node-server';
import { loadConfig } from './config.ts';
import { describeDatabase, openAppDatabase } from './bootstrap.ts';
import { createApp } from './api/app.ts';
import { countContracts } from './db/stores/master-data.ts';
import { seedAndBillDemo } from './cli/commands/seed.ts';
import { createLogger } from './shared/log.ts';

/** Composition root: config, database (migrated, demo-seeded when empty), HTTP server. */
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const database = await openAppDatabase(config);
log.info('database ready', { database: describeDatabase(config) });
if ((await countContracts(database.db)) === 0) {
  await seedAndBillDemo(database, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTty: false }, () => new Date());
}
const app = createApp({ database, log: (msg, meta) => log.error(msg, meta) });
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  log.info('listening', { url: `http://${config.HOST}:${info.port}`, try: [`/health`, `/docs`, `/openapi.json`], auth: 'Authorization: Bearer <key> (demo keys are printed once when the demo is seeded; more with `billing-copilot users add`)' });
});
const stop = async () => {
  server.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

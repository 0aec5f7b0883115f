import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import { onError, sendError } from './error-map.ts';
import { invoiceRoutes } from './routes/invoices.ts';
import { exceptionRoutes } from './routes/exceptions.ts';

export interface AppDeps {
  database: Database;
  log: (msg: string, meta: Record<string, unknown>) => void;
}

/** The HTTP application: health plus one router per resource. */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.onError((err, c) => onError(err, c, deps.log));
  app.notFound((c) => sendError(c, 404, 'NOT_FOUND', `No route ${c.req.method} ${c.req.path}`));
  app.get('/health', async (c) => {
    const [row] = await queryRows<{ ok: number }>(deps.database.db, sql`SELECT 1 AS ok`);
    return c.json({ status: row?.ok === 1 ? 'ok' : 'degraded', database: deps.database.kind });
  });
  app.route('/invoices', invoiceRoutes(deps.database));
  app.route('/exceptions', exceptionRoutes(deps.database));
  return app;
}

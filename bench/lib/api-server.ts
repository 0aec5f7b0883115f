/**
 * The server side of bench/api, run as a child process so the load generator does not share its
 * event loop: the real app and a bare hono app, served the same way (@hono/node-server, loopback),
 * in the same process. Sends { app, bare } ports to the parent over IPC.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApp } from '../../src/api/app.ts';
import { openDatabase } from '../../src/db/client.ts';
import { getInvoiceDetail, listInvoices } from '../../src/db/stores/invoice-queries.ts';
import { invoiceDetailView, invoiceSummaryView } from '../../src/db/views/invoice-views.ts';
import { loadConfig } from '../../src/config.ts';

// Statements sent to PostgreSQL (BEGIN and COMMIT included), counted for the queries-per-request column.
let queries = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries += 1;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

const url = process.env.BENCH_DATABASE_URL;
if (!url || !process.send) throw new Error('bench/lib/api-server.ts is started by bench/api.ts');
const database = await openDatabase({ databaseUrl: url, poolSize: loadConfig().DATABASE_POOL_SIZE });
await database.openConnections();
const app = createApp({ database, log: () => undefined });
// The direct baselines: the store call and view the invoice reads made in the route before they were catalogue
// entries, without auth, scope, the catalogue call or the response schema (what the derived route adds on top).
const bare = new Hono()
  .get('/bare', (c) => c.json({ ok: true }))
  .get('/direct/invoices/:id', async (c) => {
    const d = await getInvoiceDetail(database.db, c.req.param('id'));
    return d ? c.json(invoiceDetailView(d)) : c.json({ error: 'not found' }, 404);
  })
  .get('/direct/invoices', async (c) => {
    const { rows, total } = await listInvoices(database.db, { legalEntityIds: null, limit: 50, offset: 0 });
    return c.json({ items: rows.map(invoiceSummaryView), total });
  })
  .post('/bare', async (c) => c.json({ received: ((await c.req.json()) as unknown[]).length }, 201));

const listen = (fetch: (r: Request) => Response | Promise<Response>) =>
  new Promise<number>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    process.on('disconnect', () => server.close());
  });
/**
 * BENCH_DIAG=1: writes to stderr, with wall-clock ms, every app request slower than 20 ms (from
 * arrival to the response object) and every event-loop stall over 15 ms, so tail latency can be
 * lined up against GC traces and the PostgreSQL log.
 */
const diag = process.env.BENCH_DIAG === '1';
const timed = (fetch: (r: Request) => Response | Promise<Response>) => async (r: Request) => {
  const t0 = performance.now();
  const res = await fetch(r);
  const ms = performance.now() - t0;
  if (ms > 20) process.stderr.write(`slow ${Date.now()} ${r.method} ${new URL(r.url).pathname} ${ms.toFixed(1)}\n`);
  return res;
};
if (diag) {
  // --trace-gc stamps are ms since the process started: this lines them up with the wall clock.
  process.stderr.write(`origin ${Math.round(performance.timeOrigin)}\n`);
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 25) process.stderr.write(`stall ${Date.now()} ${(now - last - 10).toFixed(1)}\n`);
    last = now;
  }, 10).unref();
}
const ports = { app: await listen(diag ? timed(app.fetch) : app.fetch), bare: await listen(bare.fetch) };
process.send(ports);
// The parent asks for CPU time and statements sent around each load, to print them per request.
process.on('message', (m) => {
  if (m === 'cpu') process.send!({ cpu: process.cpuUsage(), queries });
});
process.on('disconnect', () => void database.close().finally(() => process.exit(0)));

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

// Statements sent to PostgreSQL (BEGIN and COMMIT included), counted for the queries-per-request column.
let queries = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries += 1;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

const url = process.env.BENCH_DATABASE_URL;
if (!url || !process.send) throw new Error('bench/lib/api-server.ts is started by bench/api.ts');
const database = await openDatabase({ databaseUrl: url, poolSize: Number(process.env.BENCH_POOL ?? 10) });
const app = createApp({ database, log: () => undefined });
const bare = new Hono()
  .get('/bare', (c) => c.json({ ok: true }))
  .post('/bare', async (c) => c.json({ received: ((await c.req.json()) as unknown[]).length }, 201));

const listen = (fetch: (r: Request) => Response | Promise<Response>) =>
  new Promise<number>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    process.on('disconnect', () => server.close());
  });
const ports = { app: await listen(app.fetch), bare: await listen(bare.fetch) };
process.send(ports);
// The parent asks for CPU time and statements sent around each load, to print them per request.
process.on('message', (m) => { if (m === 'cpu') process.send!({ cpu: process.cpuUsage(), queries }); });
process.on('disconnect', () => void database.close().finally(() => process.exit(0)));

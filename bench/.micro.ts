import pg from 'pg';
import { addUser } from '../src/api/auth/add-user.ts';
import { openDatabase } from '../src/db/client.ts';
import { createApp } from '../src/api/app.ts';
const database = await openDatabase({ databaseUrl: 'postgres://billing:billing@127.0.0.1:5432/bc_trace', poolSize: 4 });
const user = await addUser(database.db, { email: `m${Date.now()}@b.example`, name: 'B', roles: ['billing_clerk', 'controller'], entities: null }, { actorId: 'bench', correlationId: 'bench', now: new Date() });
if (!user.ok) throw new Error();
const app = createApp({ database, log: () => undefined });
const auth = { authorization: `Bearer ${user.value.key}`, 'content-type': 'application/json' };
const c = new pg.Client({ connectionString: 'postgres://billing:billing@127.0.0.1:5432/bc_trace' }); await c.connect();
const { rows: [inv] } = await c.query(`select i.id from invoices i join invoice_lines l on l.invoice_id=i.id group by i.id order by count(*) desc limit 1`);
await c.end();
const body = JSON.stringify([{ person: 'P001', project: 'SOW-ACME-01-P1', date: '2026-11-03', hours: '1.5', description: 'bench' }]);
const N = Number(process.env.N ?? 2000);
for (const [name, mk] of [
  ['GET', () => new Request(`http://x/invoices/${inv.id}`, { headers: auth })],
  ['POST', () => new Request(`http://x/time-entries`, { method: 'POST', body, headers: { ...auth, 'idempotency-key': crypto.randomUUID() } })],
] as const) {
  for (let i = 0; i < 300; i++) await app.fetch(mk());
  const t0 = process.cpuUsage(); const w0 = performance.now();
  for (let i = 0; i < N; i++) { const r = await app.fetch(mk()); await r.text(); }
  const u = process.cpuUsage(t0); 
  console.log(name, 'cpu ms/req', ((u.user + u.system) / 1000 / N).toFixed(3), 'wall ms/req', ((performance.now() - w0) / N).toFixed(3));
}
await database.close();

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../../src/db/client.ts';
import { verifyAudit } from '../../src/db/stores/audit-store.ts';
import { prng } from '../../src/shared/prng.ts';
import { backend, cloneServerTemplate } from '../helpers/db.ts';
import { demoKeys, startServer, type ServerProcess } from './server-process.ts';

const CYCLES = 20;
const PEOPLE = Array.from({ length: 20 }, (_, i) => `P${String(i + 1).padStart(3, '0')}`);

/**
 * The durability promise, end to end: every write the server answered 201 is there after the
 * server process is killed with SIGKILL mid-load, over 20 cycles, on a real data folder (embedded)
 * or a real database (PostgreSQL). Before the flush barrier wrote WAL, the embedded server lost
 * hundreds of acknowledged imports per cycle (they stayed in PGlite's WAL buffers).
 */
describe(`acknowledged writes and SIGKILL on ${backend}`, () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it(`loses none of the writes answered 201 over ${CYCLES} kill cycles`, async () => {
    let env: Record<string, string>;
    let open: () => Promise<Database>;
    if (process.env.DATABASE_URL) {
      const clone = await cloneServerTemplate(process.env.DATABASE_URL);
      cleanup.push(clone.drop);
      env = { DATABASE_URL: clone.url, DATABASE_POOL_SIZE: '4' };
      open = () => openDatabase({ databaseUrl: clone.url, poolSize: 1 });
    } else {
      const dir = await mkdtemp(path.join(tmpdir(), 'bc-kill-'));
      cleanup.push(() => rm(dir, { recursive: true, force: true }));
      env = { BILLING_DATA_DIR: path.join(dir, 'data') };
      open = () => openDatabase({ dataDir: env.BILLING_DATA_DIR! });
    }
    const random = prng(20261205);
    const ackedEntries = new Set<string>();
    const ackedPayments = new Set<string>();
    let keys: Record<string, string> = {};
    let sequence = 0;
    const servers: ServerProcess[] = [];
    cleanup.push(async () => void (await Promise.all(servers.map((s) => s.kill('SIGKILL')))));

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server = await startServer(env);
      servers.push(server);
      if (cycle === 0) keys = demoKeys(server.output());
      const clerk = keys['clerk@northwind.example'];
      const collector = keys['collector@northwind.example'];
      expect(clerk && collector, 'the demo keys are printed on first start').toBeTruthy();
      let alive = true;
      const post = async (key: string, route: string, body: unknown): Promise<number> => {
        const res = await fetch(`${server.url}${route}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            'idempotency-key': `kill-${cycle}-${sequence++}`,
          },
          body: JSON.stringify(body),
        });
        await res.arrayBuffer();
        return res.status;
      };
      const entries = (n: number) =>
        Array.from({ length: n }, () => {
          const s = sequence++;
          return {
            externalId: `kill-${s}`,
            person: PEOPLE[s % PEOPLE.length]!,
            project: 'SOW-ACME-01-P1',
            date: `2026-11-${String(1 + (s % 28)).padStart(2, '0')}`,
            hours: '0.01',
            description: 'kill test',
          };
        });
      const importLoop = async (rows: number) => {
        while (alive) {
          const body = entries(rows);
          const status = await post(clerk!, '/time-entries', body).catch(() => 0);
          if (status === 201) for (const e of body) ackedEntries.add(e.externalId);
          else if (status !== 0)
            throw new Error(`POST /time-entries answered ${status}; the server said:\n${server.output().slice(-3000)}`);
        }
      };
      const paymentLoop = async () => {
        while (alive) {
          const reference = `KILL-${cycle}-${sequence++}`;
          const status = await post(collector!, '/payments', {
            client: 'ACME',
            amount: '1.00',
            currency: 'USD',
            receivedOn: '2026-11-16',
            method: 'bank_transfer',
            bankReference: reference,
          }).catch(() => 0);
          if (status === 201) ackedPayments.add(reference);
          else if (status !== 0)
            throw new Error(`POST /payments answered ${status}; the server said:\n${server.output().slice(-3000)}`);
        }
      };
      // A loop's failure is kept (not left unhandled) and rethrown once the server is gone.
      const failures: unknown[] = [];
      const loops = [importLoop(1), importLoop(1), importLoop(50), paymentLoop()].map((p) =>
        p.catch((e) => void failures.push(e)),
      );
      await new Promise((r) => setTimeout(r, 800 + Math.floor(random() * 1600)));
      const exit = await server.kill('SIGKILL');
      alive = false;
      await Promise.all(loops);
      if (failures.length) throw failures[0];
      expect(exit.signal).toBe('SIGKILL');
    }

    const database = await open();
    try {
      const ids = [...ackedEntries];
      const found = await queryRows<{ external_id: string }>(
        database.db,
        sql`SELECT external_id FROM time_entries WHERE external_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
      );
      const present = new Set(found.map((r) => r.external_id));
      const references = [...ackedPayments];
      const paid = await queryRows<{ bank_reference: string }>(
        database.db,
        sql`SELECT bank_reference FROM payments WHERE bank_reference IN (SELECT jsonb_array_elements_text(${JSON.stringify(references)}::jsonb))`,
      );
      const paidPresent = new Set(paid.map((r) => r.bank_reference));
      expect(ids.filter((id) => !present.has(id))).toEqual([]);
      expect(references.filter((r) => !paidPresent.has(r))).toEqual([]);
      expect(ids.length, 'the import writers got answers').toBeGreaterThan(CYCLES * 5);
      expect(references.length, 'the payment writer got answers').toBeGreaterThan(0);
      expect((await verifyAudit(database.db)).ok).toBe(true);
      console.log(
        `kill test on ${backend}: ${CYCLES} SIGKILLs, ${ids.length} imported entries and ${references.length} payments answered 201, all present`,
      );
    } finally {
      await database.close();
    }
  }, 900_000);
});

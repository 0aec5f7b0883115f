/**
 * What the chat acknowledgement benches (bench/slack-ack.ts, bench/teams-ack.ts) share: the database
 * they measure on (DATABASE_URL, or an embedded folder served on its socket as `npm start` serves it),
 * a wait until an inbound event's work is done, and the figures they print.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '../../src/db/client.ts';
import { chatInboundEvents } from '../../src/db/schema/index.ts';

/** A migrated database to measure on, and how to close it (the embedded folder is removed). */
export async function openAckDatabase(
  prefix: string,
): Promise<{ database: Database; socket: boolean; close(): Promise<void> }> {
  const folder = process.env.DATABASE_URL ? null : await mkdtemp(path.join(tmpdir(), `bc-${prefix}-`));
  const database = folder
    ? await openDatabase({
        dataDir: path.join(folder, 'data'),
        serve: true,
        holder: { role: 'server', command: 'bench' },
      })
    : await openDatabase({ databaseUrl: process.env.DATABASE_URL!, poolSize: 4 });
  await migrateDatabase(database);
  return {
    database,
    socket: folder !== null,
    async close() {
      await database.close();
      if (folder) await rm(folder, { recursive: true, force: true });
    },
  };
}

/** Resolves once an inbound event's work is settled (done or failed), polling every 5 ms. */
export async function untilSettled(database: Database, provider: string, eventId: string): Promise<void> {
  for (;;) {
    const [row] = await database.db
      .select({ s: chatInboundEvents.status })
      .from(chatInboundEvents)
      .where(and(eq(chatInboundEvents.provider, provider), eq(chatInboundEvents.eventId, eventId)));
    if (row?.s === 'done' || row?.s === 'failed') return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** p50 / p99 / max of samples in milliseconds, as the benches print them. */
export function ackFigures(samples: readonly number[]): string {
  const ms = [...samples].sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${ms.at(-1)!.toFixed(1)} ms`;
}

/** The machine's load averages (1, 5, 15 minutes): printed before and after, since the machine is shared. */
export const loadLine = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

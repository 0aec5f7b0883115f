import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { type Database, queryRows } from '../../db/client.ts';
import { clients, dunningPauses, dunningPolicies, invoiceDisputes, promisesToPay } from '../../db/schema/index.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { addDays } from '../../shared/dates.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { prioritizeCollections } from './prioritize-collections.ts';
import { collectionsSendReminders } from './send-reminders.ts';

/** Day 0 of the generated ledger: invoices are issued and nights run from here (day numbers below). */
const DAY0 = '2026-01-01';
const day = (n: number) => addDays(DAY0, n);

/** A generated invoice: its client, issue day (due 30 days later), and what may stop its dunning. */
const invoiceArb = fc.record({
  client: fc.constantFrom('CL-A', 'CL-B'),
  issued: fc.integer({ min: 0, max: 80 }),
  totalMinor: fc.integer({ min: 1_000, max: 900_000 }),
  dispute: fc.option(fc.record({ opened: fc.integer({ min: 20, max: 150 }), lasts: fc.option(fc.nat(30)) })),
  pause: fc.option(fc.record({ from: fc.integer({ min: 20, max: 150 }), lasts: fc.option(fc.nat(30)) })),
  promise: fc.option(fc.record({ recorded: fc.integer({ min: 20, max: 150 }), days: fc.integer({ min: 0, max: 20 }) })),
});
/** Nights: a first one, then gaps of 1 to 9 days (so steps are met on their day and after it). */
const nightsArb = fc.tuple(
  fc.integer({ min: 25, max: 40 }),
  fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 14, maxLength: 14 }),
);

/**
 * The worklist's proposed step for each open invoice equals what the dunning run of the same night
 * sends: over generated invoices (two clients, one with the issue's segment sequence, one with a
 * client sequence with a call task and an escalation after the final notice), disputes, manual pauses
 * and promises opening and ending on generated days, and generated nights. Each night the worklist is
 * ranked first, then the dunning run queues its steps; the steps queued that night are exactly the
 * worklist's proposals, and nothing it holds is sent.
 */
describe(`the worklist proposes what the dunning run sends on ${backend}`, () => {
  let database: Database;
  const at = (d: string) => new Date(`${d}T05:00:00Z`);
  const scheduler = (d: string): ToolCaller => ({
    actor: serviceActor('scheduler'),
    correlationId: `night-${d}`,
    now: at(d),
    deps: { database, now: () => at(d) },
  });
  const [specs] = fc.sample(fc.array(invoiceArb, { minLength: 60, maxLength: 60 }), { seed: 1414, numRuns: 1 });
  const [[first, gaps]] = fc.sample(nightsArb, { seed: 1415, numRuns: 1 }) as [[number, number[]]];
  const nights = gaps.reduce((all, g) => [...all, all.at(-1)! + g], [first]).map(day);

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    await database.db.update(clients).set({ segment: 'strategic', language: 'fr' }).where(eq(clients.code, 'CL-A'));
    const policy = (scope: string, steps: Record<string, unknown>[]) =>
      database.db.insert(dunningPolicies).values({ scope, version: 1, steps, updatedBy: 'test', updatedAt: at(DAY0) });
    await policy('segment:strategic', [
      { days: -3, step: 'courtesy', channel: 'email' },
      { days: 1, step: 'friendly', channel: 'email' },
      { days: 7, step: 'friendly', channel: 'email' },
      { days: 14, step: 'firm', channel: 'email' },
      { days: 30, step: 'escalate', kind: 'escalate', channel: 'account_manager' },
      { days: 45, step: 'final', kind: 'final_notice', channel: 'email', lateFee: { kind: 'contract' } },
    ]);
    await policy('client:CL-B', [
      { days: 2, step: 'friendly', channel: 'email' },
      { days: 5, step: 'call', kind: 'call', channel: 'task' },
      { days: 9, step: 'firm', channel: 'email' },
      { days: 20, step: 'final', kind: 'final_notice', channel: 'email' },
      { days: 25, step: 'escalate', kind: 'escalate', channel: 'task' },
    ]);
    const [clB] = await database.db.select().from(clients).where(eq(clients.code, 'CL-B'));
    await database.db.insert(dunningPauses).values({
      clientId: clB!.id,
      reason: 'client restructuring',
      pausedBy: 'test',
      pausedAt: at(day(70)),
      resumedBy: 'test',
      resumedAt: at(day(78)),
    });
    for (const s of specs!) {
      const contract = s.client === 'CL-A' ? 'K-A' : 'K-B';
      const inv = await openInvoice(database, {
        client: s.client,
        contract,
        issueDate: day(s.issued),
        totalMinor: BigInt(s.totalMinor),
      });
      if (s.dispute)
        await database.db.insert(invoiceDisputes).values({
          invoiceId: inv.id,
          reason: 'hours not agreed',
          openedBy: 'test',
          openedAt: at(day(s.dispute.opened)),
          ...(s.dispute.lasts === null
            ? {}
            : { resolvedAt: at(day(s.dispute.opened + s.dispute.lasts)), resolvedBy: 'test', resolution: 'upheld' }),
        });
      if (s.pause)
        await database.db.insert(dunningPauses).values({
          invoiceId: inv.id,
          reason: `waiting for PO ${inv.number}`,
          pausedBy: 'test',
          pausedAt: at(day(s.pause.from)),
          ...(s.pause.lasts === null ? {} : { resumedAt: at(day(s.pause.from + s.pause.lasts)), resumedBy: 'test' }),
        });
      if (s.promise)
        await database.db.insert(promisesToPay).values({
          invoiceId: inv.id,
          amountMinor: BigInt(Math.ceil(s.totalMinor / 2)),
          currency: 'USD',
          openAtRecordMinor: BigInt(s.totalMinor),
          promisedFor: day(s.promise.recorded + s.promise.days),
          promisedBy: 'AP by phone',
          recordedBy: 'test',
          recordedAt: at(day(s.promise.recorded)),
        });
    }
  });
  afterAll(async () => database?.close());

  it('each night, the steps queued are exactly the worklist proposals, and held invoices get none', async () => {
    const seen = { steps: new Set<string>(), actions: new Set<string>(), queued: 0 };
    for (const night of nights) {
      const run = await prioritizeCollections(database, scheduler(night), { asOf: night });
      if (!run.ok) throw new Error(run.error.message);
      const sent = await callTool(scheduler(night), collectionsSendReminders, { asOf: night });
      if (!sent.ok) throw new Error(sent.error.message);
      expect(sent.value.refused).toEqual([]);
      const proposed = await queryRows<{ invoice_id: string; step: string; action: string }>(
        database.db,
        sql`SELECT invoice_id, step, action FROM worklist_items WHERE run_id = ${run.value.runId}::uuid`,
      );
      const queued = await queryRows<{ invoice_id: string; step: string }>(
        database.db,
        sql`SELECT invoice_id, step FROM reminder_outbox WHERE as_of = ${night}::date`,
      );
      const asMap = (rows: { invoice_id: string; step: string | null }[]) =>
        Object.fromEntries(rows.filter((r) => r.step !== null).map((r) => [r.invoice_id, r.step]));
      expect(asMap(queued), night).toEqual(asMap(proposed));
      for (const p of proposed) {
        seen.actions.add(p.action);
        if (p.step) seen.steps.add(p.step);
      }
      seen.queued += queued.length;
      // The same night again: nothing more is queued, and the decision now finds tonight's steps sent.
      const again = await callTool(scheduler(night), collectionsSendReminders, { asOf: night });
      expect(again.ok && again.value.queued).toBe(0);
    }
    // The generated ledger reaches every kind of step and every action (so the comparison is not vacuous).
    expect([...seen.steps].sort()).toEqual(
      expect.arrayContaining(['call', 'courtesy', 'escalate', 'final', 'firm', 'friendly', 'friendly@7']),
    );
    expect([...seen.actions].sort()).toEqual(['call', 'escalate', 'hold', 'monitor', 'reminder']);
    expect(seen.queued).toBeGreaterThan(40);
  });
});

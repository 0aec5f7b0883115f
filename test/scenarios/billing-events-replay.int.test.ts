import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asc, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../src/db/client.ts';
import { invoices } from '../../src/db/schema/index.ts';
import { takeBillingEvent } from '../../src/billing/events/take-billing-event.ts';
import type { BillingEvent } from '../../src/billing/events/billing-event.ts';
import { billingEventStore } from '../../src/db/stores/billing-event-store.ts';
import { billingRunStore } from '../../src/db/stores/billing-run-store.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { contractBundleSchema } from '../../src/billing/inputs/contract-bundle.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { addTime, loadFirm, smallFirm } from '../helpers/firm.ts';

/** A firm with T&M, a milestone contract and a usage contract, and 12 submitted time entries. */
async function prepare(database: Database): Promise<void> {
  const base = smallFirm();
  await loadFirm(
    database,
    contractBundleSchema.parse({
      ...base,
      contracts: [
        ...base.contracts,
        {
          code: 'M1',
          client: 'CL1',
          name: 'Milestones',
          models: ['milestone'],
          currency: 'USD',
          startDate: '2026-01-01',
          taxJurisdiction: 'US',
          fixedFee: '10000.00',
          milestones: [
            { name: 'Design', percent: '40' },
            { name: 'Build', percent: '60' },
          ],
          projects: [{ code: 'M1-P', name: 'M1' }],
        },
        {
          code: 'U1',
          client: 'CL1',
          name: 'Usage',
          models: ['usage'],
          currency: 'USD',
          startDate: '2026-01-01',
          taxJurisdiction: 'US',
          usage: {
            unit: 'run',
            tiers: [
              { from: '0', upTo: '100', unitPrice: '2.00' },
              { from: '100', upTo: null, unitPrice: '1.50' },
            ],
            minimumCommitment: '150.00',
          },
          projects: [{ code: 'U1-P', name: 'U1' }],
        },
      ],
    }),
  );
  for (let i = 0; i < 12; i++) {
    await addTime(database, {
      person: i % 3 ? 'ANA' : 'SAM',
      project: 'C1-P',
      date: `2026-${i < 6 ? '09' : '10'}-${String(10 + i).padStart(2, '0')}`,
      hours: `${1 + (i % 4)}.50`,
      status: 'submitted',
      externalId: `X${i}`,
    });
  }
}

const eventArb: fc.Arbitrary<BillingEvent> = fc.oneof(
  fc
    .record({
      type: fc.constant('time_approved' as const),
      ids: fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 4 }),
    })
    .map(({ ids }) => ({
      type: 'time_approved' as const,
      eventKey: `ta:${ids.join(',')}`,
      externalIds: ids.map((i) => `X${i}`),
      approvedBy: 'pm',
    })),
  fc.constantFrom('Design', 'Build').map((m) => ({
    type: 'milestone_accepted' as const,
    eventKey: `ma:${m}`,
    contract: 'M1',
    milestone: m,
    acceptedOn: '2026-09-20',
    acceptedBy: 'client',
  })),
  fc
    .record({
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.constantFrom('09', '10'),
      q: fc.integer({ min: 1, max: 80 }),
    })
    .map(({ day, month, q }) => ({
      type: 'usage_reported' as const,
      eventKey: `u:${month}-${day}`,
      contract: 'U1',
      occurredOn: `2026-${month}-${String(day).padStart(2, '0')}`,
      quantity: String(q),
    })),
  fc
    .constantFrom('2026-09', '2026-10')
    .map((p) => ({ type: 'period_close' as const, eventKey: `close:${p}`, period: p })),
);

/** The invoices as content, without generated ids, in a stable order. */
async function snapshot(database: Database) {
  const heads = await database.db
    .select({
      period: invoices.period,
      contract: invoices.contractId,
      subtotal: invoices.subtotalMinor,
      tax: invoices.taxMinor,
      total: invoices.totalMinor,
      held: invoices.held,
    })
    .from(invoices)
    .orderBy(asc(invoices.period), asc(invoices.subtotalMinor));
  const lines = await queryRows<{ k: string }>(
    database.db,
    sql`SELECT i.period || '|' || c.code || '|' || l.line_key || '|' || l.amount_minor || '|' || l.held AS k
    FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN contracts c ON c.id = i.contract_id ORDER BY 1`,
  );
  const links = await queryRows<{ n: number }>(
    database.db,
    sql`SELECT count(*)::int AS n FROM invoice_line_time_entries`,
  );
  return {
    invoices: heads.map((h) => ({ ...h, contract: undefined })),
    lines: lines.map((l) => l.k.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID')).sort(),
    links: links[0]!.n,
  };
}

describe('takeBillingEvent', () => {
  let template: Database;
  beforeAll(async () => {
    template = await createTestDatabase();
  });
  afterAll(async () => template.close());

  it('yields the same invoices when any sequence of events is replayed or delivered twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 8 }), async (events) => {
        const withClose = [...events, { type: 'period_close' as const, eventKey: 'close:2026-10', period: '2026-10' }];
        const run = async (database: Database, seq: BillingEvent[]) => {
          const ports = { events: billingEventStore(database), billing: billingRunStore(database) };
          for (const e of seq) await takeBillingEvent(ports, fixedClock('2026-11-25T00:00:00Z'), e);
        };
        const a = await createTestDatabase();
        const b = await createTestDatabase();
        try {
          await prepare(a);
          await prepare(b);
          await run(a, withClose);
          const once = await snapshot(a);
          await run(a, withClose); // replay the whole sequence
          expect(await snapshot(a)).toEqual(once);
          await run(
            b,
            withClose.flatMap((e) => [e, e]),
          ); // every event delivered twice
          expect(await snapshot(b)).toEqual(once);
        } finally {
          await a.close();
          await b.close();
        }
      }),
      { numRuns: 4 },
    );
  }, 600_000);

  it('returns the first outcome and applies nothing when a key is delivered again', async () => {
    await prepare(template);
    const ports = { events: billingEventStore(template), billing: billingRunStore(template) };
    const clock = fixedClock('2026-11-25T00:00:00Z');
    const e: BillingEvent = {
      type: 'usage_reported',
      eventKey: 'u:once',
      contract: 'U1',
      occurredOn: '2026-10-02',
      quantity: '5',
    };
    expect((await takeBillingEvent(ports, clock, e)).kind).toBe('applied');
    const again = await takeBillingEvent(ports, clock, { ...e, quantity: '500' });
    expect(again.kind).toBe('duplicate');
    const rows = await queryRows<{ q: string }>(
      template.db,
      sql`SELECT quantity::text AS q FROM usage_records WHERE event_key = 'u:once'`,
    );
    expect(rows).toEqual([{ q: '5.000000' }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../src/db/client.ts';
import { seedAndBillDemo } from '../../src/db/seed/seed-and-bill-demo.ts';
import { verifyAudit } from '../../src/db/stores/audit-store.ts';
import { createTestDatabase } from '../helpers/db.ts';

/** What `npm start` shows of collections on first start: the demo firm with some August invoices taken through to cash. */
describe('the demo firm after its first start', () => {
  let database: Database;
  let stderr = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedAndBillDemo(
      database,
      { stdout: () => undefined, stderr: (s) => void (stderr += s) },
      () => new Date('2026-11-25T09:00:00Z'),
    );
  }, 300_000);
  afterAll(async () => database?.close());

  it('has paid, partially paid, disputed, delivered and posted invoices, each in the status its balance gives', async () => {
    const rows = await queryRows<{ status: string; n: number }>(
      database.db,
      sql`SELECT status::text, count(*)::int AS n FROM invoices
      WHERE status IN ('posted', 'delivered', 'partially_paid', 'paid', 'disputed') GROUP BY status ORDER BY status`,
    );
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([
      ['delivered', 1],
      ['disputed', 1],
      ['paid', 2],
      ['partially_paid', 1],
      ['posted', 1],
    ]);
    expect(stderr).toMatch(/collections: 2 paid, 1 partially paid, 1 disputed, 2 open/);
  });

  it('keeps what one receipt paid beyond its invoice as unapplied cash on the client', async () => {
    const [row] = await queryRows<{ unapplied: string }>(
      database.db,
      sql`SELECT (SUM(p.amount_minor) - SUM((SELECT COALESCE(SUM(a.amount_minor), 0)
      FROM payment_allocations a WHERE a.payment_id = p.id)))::text AS unapplied FROM payments p`,
    );
    expect(row!.unapplied).toBe('25000');
  });

  it('records who did each step in an audit trail that verifies', async () => {
    const actions = await queryRows<{ action: string }>(
      database.db,
      sql`SELECT DISTINCT action FROM audit_log ORDER BY action`,
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'invoice.submit',
        'invoice.approve',
        'invoice.post',
        'invoice.deliver',
        'invoice.record_payment',
        'invoice.dispute',
      ]),
    );
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });

  it('bills its closed months through billing_runs_start as the demo clerk, who prepared every draft', async () => {
    const runs = await queryRows<{ action: string; actor: string; n: number }>(
      database.db,
      sql`SELECT a.action, u.email AS actor, count(*)::int AS n FROM audit_log a JOIN users u ON u.id::text = a.actor_id
        WHERE a.action LIKE 'billing_run.%' GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(runs).toEqual([
      { action: 'billing_run.finish', actor: 'clerk@northwind.example', n: 3 },
      { action: 'billing_run.start', actor: 'clerk@northwind.example', n: 3 },
    ]);
    const preparers = await queryRows<{ email: string | null }>(
      database.db,
      sql`SELECT DISTINCT u.email FROM invoices i LEFT JOIN users u ON u.id::text = i.prepared_by WHERE i.kind = 'invoice'`,
    );
    expect(preparers).toEqual([{ email: 'clerk@northwind.example' }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { billingExceptions, invoices } from '../db/schema/index.ts';
import { verifyAudit } from '../db/stores/audit-store.ts';
import { backend } from '../../test/helpers/db.ts';
import { heldReleaseFirm } from '../../test/helpers/held-release.ts';
import { call, type App, type TestUsers } from '../../test/helpers/api.ts';
import { addTime, bill } from '../../test/helpers/firm.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };

/**
 * A release binds the amount it let through: the small firm's 1,000.00 USD cap holds 13,000.40 of Ana's 100 h in
 * 2026-10; once that release is approved and made, a re-run of the period keeps it, but a re-run after more time
 * was approved (the held line grew) holds the line again and opens its exception for a new decision.
 */
describe(`a released hold across billing re-runs on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  beforeAll(async () => {
    ({ database, users, app } = await heldReleaseFirm());
  });
  afterAll(async () => {
    expect((await verifyAudit(database.db)).ok).toBe(true);
    await database.close();
  });

  const post = (role: keyof TestUsers['key'], path: string, body: unknown = {}) =>
    call<Body>(app, 'POST', path, { key: users.key[role], body });
  const capException = async () =>
    (await database.db.select().from(billingExceptions).where(eq(billingExceptions.type, 'cap_exceeded')))[0]!;
  const draft = async () => (await database.db.select().from(invoices))[0]!;
  const release = { resolutionCode: 'approved_as_is', note: 'the client agreed to the overrun' };

  it('releases 13,000.40 under the matrix (the owner, then a controller)', async () => {
    const cap = await capException();
    const asked = await post('billing_clerk', `/exceptions/${cap.id}/resolve`, release);
    const requestId = asked.body.details!.requestId as string;
    expect((await post('account_manager', `/approvals/${requestId}/grant`)).status).toBe(200);
    expect((await post('controller', `/approvals/${requestId}/grant`)).status).toBe(200);
    const done = await post('billing_clerk', `/exceptions/${cap.id}/resolve`, release);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await draft()).toMatchObject({ totalMinor: 1_400_000n, heldMinor: 0n });
  });

  it('keeps the release when the period is billed again with the same work', async () => {
    await bill(database, '2026-10');
    expect(await draft()).toMatchObject({ totalMinor: 1_400_000n, heldMinor: 0n });
    expect(await capException()).toMatchObject({ status: 'resolved', resolutionCode: 'approved_as_is' });
  });

  it('holds the line again, and opens its exception, when a re-run finds it grew past what was released', async () => {
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-15', hours: '10.00' });
    await bill(database, '2026-10');
    // 110 h at 140.00 = 15,400.00: 999.60 billed under the cap, 14,400.40 held (13,000.40 was released).
    expect(await draft()).toMatchObject({ totalMinor: 99_960n, heldMinor: 1_440_040n });
    expect(await capException()).toMatchObject({
      status: 'open',
      resolutionCode: null,
      resolvedBy: null,
      resolvedAt: null,
    });
  });

  it('does not let the approval of 13,000.40 cover the larger release: it is asked, granted and released anew', async () => {
    const cap = await capException();
    const res = await post('billing_clerk', `/exceptions/${cap.id}/resolve`, release);
    expect(res).toMatchObject({ status: 409, body: { code: 'ARGS_CHANGED' } });
    const steps = res.body.details!.steps as { reason: string }[];
    expect(steps[0]!.reason).toMatch(/releases 14400\.40 USD held by a cap_exceeded exception/);
    expect(steps[1]!.reason).toMatch(/held money released 14400\.40 USD is over 10000\.00 USD/);
    expect(await draft()).toMatchObject({ totalMinor: 99_960n, heldMinor: 1_440_040n });
    const requestId = res.body.details!.requestId as string;
    expect((await post('account_manager', `/approvals/${requestId}/grant`)).status).toBe(200);
    expect((await post('controller', `/approvals/${requestId}/grant`)).status).toBe(200);
    const done = await post('billing_clerk', `/exceptions/${cap.id}/resolve`, release);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await draft()).toMatchObject({ totalMinor: 1_540_000n, heldMinor: 0n });
    // Billed again with the same work, the new release (14,400.40) covers the line.
    await bill(database, '2026-10');
    expect(await draft()).toMatchObject({ totalMinor: 1_540_000n, heldMinor: 0n });
  });
});

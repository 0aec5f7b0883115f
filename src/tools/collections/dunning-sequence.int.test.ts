import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import type { Database } from '../../db/client.ts';
import { clients, contracts, reminderOutbox, worklistItems } from '../../db/schema/index.ts';
import type { Role } from '../../policy/roles.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { addDays } from '../../shared/dates.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { dunningPolicySet } from './dunning-policy.ts';
import { prioritizeCollections } from './prioritize-collections.ts';
import { collectionsSendReminders } from './send-reminders.ts';

/** The issue's sequence, as a controller sets it for a segment. */
const ISSUE_SEQUENCE = [
  { days: -3, step: 'courtesy', kind: 'reminder', channel: 'email' },
  { days: 1, step: 'friendly', kind: 'reminder', channel: 'email' },
  { days: 7, step: 'friendly', kind: 'reminder', channel: 'email' },
  { days: 14, step: 'firm', kind: 'reminder', channel: 'email' },
  { days: 30, step: 'escalate', kind: 'escalate', channel: 'account_manager' },
  { days: 45, step: 'final', kind: 'final_notice', channel: 'email', lateFee: { kind: 'contract' } },
] as const;

describe(`the issue's dunning sequence end to end on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let invoice: { id: string; number: string };
  const at = (day: string) => new Date(`${day}T05:00:00Z`);
  const scheduler = (day: string): ToolCaller => ({
    actor: serviceActor('scheduler'),
    correlationId: `night-${day}`,
    now: at(day),
    deps: { database, now: () => at(day) },
  });
  const person = (role: Role): ToolCaller => ({
    actor: { userId: users.ids[users.email(role)]!, roles: [role], entityIds: null, onBehalfOf: null },
    correlationId: `p-${role}`,
    now: at('2026-03-01'),
    deps: { database, now: () => at('2026-03-01') },
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    await database.db.update(contracts).set({ lateFeePercentMonthly: '1.5' }).where(eq(contracts.code, 'K-A'));
    await database.db
      .update(clients)
      .set({ segment: 'strategic', language: 'de', billingContacts: [{ name: 'AP', email: 'ap@cl-a.example' }] })
      .where(eq(clients.code, 'CL-A'));
    invoice = await openInvoice(database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-03-01',
      totalMinor: 250_000n,
    });
  });
  afterAll(async () => database?.close());

  it('is refused with a coded sentence when malformed, and stored as the issue writes it', async () => {
    const bad = await callTool(person('controller'), dunningPolicySet, {
      scope: 'segment:strategic',
      steps: [ISSUE_SEQUENCE[1], ISSUE_SEQUENCE[0]],
    });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'DUNNING_POLICY_INVALID',
        problem: 'step_days_not_rising',
        message: 'Step 2 (-3 courtesy) must come later than step 1 (+1 friendly): days rise strictly, step by step.',
      },
    });
    const set = await callTool(person('controller'), dunningPolicySet, {
      scope: 'segment:strategic',
      steps: [...ISSUE_SEQUENCE],
    });
    expect(set).toMatchObject({ ok: true, value: { version: 1 } });
  });

  it('sends each step once on its night, the courtesy note before the due date, as the worklist proposes', async () => {
    const due = '2026-03-31';
    const nights: Record<string, unknown> = {};
    const lateFeeNights: string[] = [];
    for (let d = -6; d <= 50; d++) {
      const night = addDays(due, d);
      // On the nights a step falls due the worklist is ranked first: it proposes what the night then sends.
      if ([-3, 1, 7, 14, 30, 45].includes(d)) {
        const run = await prioritizeCollections(database, scheduler(night), { asOf: night });
        if (!run.ok) throw new Error(run.error.message);
        const [item] = await database.db
          .select()
          .from(worklistItems)
          .where(and(eq(worklistItems.runId, run.value.runId), eq(worklistItems.invoiceId, invoice.id)));
        nights[night] = { action: item!.action, step: item!.step };
      }
      const r = await callTool(scheduler(night), collectionsSendReminders, { asOf: night });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.refused).toEqual([]);
      if (r.value.lateFees.some((f) => f.invoiceId === invoice.id && f.step === 'final')) lateFeeNights.push(night);
    }
    const sent = await database.db
      .select()
      .from(reminderOutbox)
      .where(eq(reminderOutbox.invoiceId, invoice.id))
      .orderBy(reminderOutbox.asOf);
    expect(sent.map((s) => [s.asOf, s.step, s.channel])).toEqual([
      ['2026-03-28', 'courtesy', 'email'],
      ['2026-04-01', 'friendly', 'email'],
      ['2026-04-07', 'friendly@7', 'email'],
      ['2026-04-14', 'firm', 'email'],
      ['2026-04-30', 'escalate', 'account_manager'],
      ['2026-05-15', 'final', 'email'],
    ]);
    expect(nights).toEqual({
      '2026-03-28': { action: 'reminder', step: 'courtesy' },
      '2026-04-01': { action: 'reminder', step: 'friendly' },
      '2026-04-07': { action: 'reminder', step: 'friendly@7' },
      '2026-04-14': { action: 'reminder', step: 'firm' },
      '2026-04-30': { action: 'escalate', step: 'escalate' },
      '2026-05-15': { action: 'reminder', step: 'final' },
    });
    // The courtesy note says the invoice falls due (German: the client's language), never that it was due.
    expect(sent[0]).toMatchObject({ language: 'de', subject: `Rechnung ${invoice.number}: fällig am ${due}` });
    expect(sent[0]!.body).toContain(`wird am ${due} fällig`);
    expect(sent[0]!.body).not.toMatch(/war am|überfällig/);
    // The final notice states the contract's late-fee term, and from its night the run asks for the fee.
    expect(sent[5]!.body).toContain('Verzugsgebühr');
    expect(lateFeeNights[0]).toBe('2026-05-15');
  });
});

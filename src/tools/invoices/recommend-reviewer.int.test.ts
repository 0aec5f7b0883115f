import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { approvals, invoiceLines, invoices } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { addUser } from '../../../test/helpers/users.ts';
import { runTurn } from '../../agent/turn.ts';
import type { Role } from '../../policy/roles.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller, ToolDeps } from '../define-tool.ts';
import { invoicesRecommendReviewer } from './recommend-reviewer.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');

/**
 * Worked data: Client One's eight approved T&M invoices of about USD 10,000, six
 * approved by Carla and two by Dana; two earlier invoices with a retainer overage line, whose first
 * level Fred granted (the approvals table) and Dana finished. Pat prepares the invoices under review.
 */
describe(`invoices_recommend_reviewer on ${backend}`, () => {
  let database: Database;
  let deps: ToolDeps;
  const id: Record<string, string> = {};
  let seq = 0;
  const caller = (role: Role, who = id.pat!): ToolCaller => ({
    actor: { userId: who, roles: [role], entityIds: null, onBehalfOf: null },
    correlationId: `reviewer-${++seq}`,
    now: NOW,
    deps,
  });
  const approvedInvoice = async (
    totalMinor: bigint,
    approvedBy: string,
    extraKinds: ('retainer_overage' | 'expense')[] = [],
  ) => {
    const inv = await insertInvoice(database, { totalMinor, status: 'approved' });
    await database.db
      .update(invoices)
      .set({
        number: `TUS-2026-${String(++seq).padStart(4, '0')}`,
        approvedBy,
        approvedAt: new Date(NOW.getTime() - seq * 86_400_000),
      })
      .where(eq(invoices.id, inv));
    for (const [i, kind] of extraKinds.entries())
      await database.db.insert(invoiceLines).values({
        invoiceId: inv,
        lineKey: `${kind}:${i}`,
        lineNo: i + 2,
        kind,
        description: kind,
        quantity: '1',
        unit: 'h',
        unitPrice: '0',
        amountMinor: 0n,
        preciseAmount: '0',
        taxCategory: 'standard',
        taxRatePercent: '0',
        taxMinor: 0n,
        contractTerm: kind === 'retainer_overage' ? 'retainer.overage_rate' : 'expenses',
        servicePeriodStart: '2026-01-01',
        servicePeriodEnd: '2026-01-31',
      });
    return inv;
  };
  const pending = async (totalMinor: bigint, extraKinds: ('retainer_overage' | 'expense')[] = []) => {
    const inv = await approvedInvoice(totalMinor, 'x', extraKinds);
    await database.db
      .update(invoices)
      .set({
        status: 'pending_approval',
        number: null,
        approvedBy: null,
        approvedAt: null,
        preparedBy: id.pat!,
        submittedBy: id.pat!,
      })
      .where(eq(invoices.id, inv));
    return inv;
  };
  const recommend = async (ref: string) => {
    const r = await callTool(caller('controller'), invoicesRecommendReviewer, { ref });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as {
      reference: string;
      basis: unknown;
      unusual: boolean;
      reasons: string[];
      reviewer: { name: string; approvedSimilar: number } | null;
      summary: string;
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = { database, now: () => NOW };
    await loadFirm(database);
    const ctx = { actorId: 'test-setup', correlationId: 'test-setup', now: NOW };
    for (const [k, name, roles] of [
      ['carla', 'Carla Controller', ['controller']],
      ['dana', 'Dana Director', ['finance_admin']],
      ['fred', 'Fred Finance', ['controller', 'finance_admin']],
      ['pat', 'Pat Preparer', ['billing_clerk', 'controller']],
    ] as const) {
      const r = await addUser(
        database.db,
        { email: `${k}@test.example`, name, roles: [...roles], entities: null },
        ctx,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      id[k] = r.value.userId;
    }
    const totals = [980_000n, 1_000_000n, 1_010_000n, 1_020_000n, 990_000n, 1_030_000n, 1_005_000n, 1_040_000n];
    for (const [i, t] of totals.entries()) await approvedInvoice(t, i < 6 ? id.carla! : id.dana!);
    for (const t of [1_200_000n, 1_100_000n]) {
      const inv = await approvedInvoice(t, id.dana!, ['retainer_overage']);
      await database.db.insert(approvals).values({
        actionType: 'invoice.approve',
        targetType: 'invoice',
        targetId: inv,
        argsHash: 'h',
        level: 1,
        role: 'controller',
        approverId: id.fred!,
        matrixVersion: 1,
        grantedAt: NOW,
        expiresAt: new Date(NOW.getTime() + 86_400_000),
      });
    }
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('answers routine, naming nobody, for an invoice like the client history', async () => {
    const r = await recommend(await pending(1_015_000n));
    expect(r.unusual).toBe(false);
    expect(r.reviewer).toBeNull();
    expect(r.summary).toContain('is routine');
  });

  it('names the person who approved most similar invoices when the total is far beyond the client median', async () => {
    const r = await recommend(await pending(9_500_000n));
    expect(r.unusual).toBe(true);
    // Ten approved invoices of CL1 (the eight, plus the two with an overage line): median (10,100 + 10,200) / 2.
    expect(r.reasons[0]).toContain("USD 95000.00 is 9.4× the median of CL1's 10 approved invoices (USD 10150.00)");
    expect(r.reviewer?.name).toBe('Carla Controller');
    expect(r.summary).toContain('Suggested reviewer: Carla Controller (controller)');
  });

  it('names the approvers of the rare retainer-overage scenario, from the approvals table too', async () => {
    const r = await recommend(await pending(1_000_000n, ['retainer_overage', 'expense']));
    expect(r.unusual).toBe(true);
    expect(r.reasons.join(' ')).toContain('approved no invoices of this kind');
    // Fred granted the first level of both (approvals table) and Dana the final one: a tie on count goes to the final approver.
    expect(r.reviewer?.name).toBe('Dana Director');
    expect(r.reviewer?.approvedSimilar).toBe(2);
    expect(r.summary).toContain('of the 2 most similar past invoices');
  });

  it('answers "who should review" through the router with the name and the reason', async () => {
    const inv = await pending(9_000_000n);
    const ref = `DRAFT-${inv.slice(0, 8).toUpperCase()}`;
    const r = await runTurn(deps, {
      person: { userId: id.dana!, roles: ['finance_admin'], entityIds: null },
      text: `who should review ${ref}?`,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.toolCalls.map((c) => [c.tool, c.outcome])).toEqual([['invoices_recommend_reviewer', 'ok']]);
    expect(r.value.reply).toContain('Carla Controller');
    expect(r.value.reply).toMatch(/the median of CL1/);
  });

  it('shows on each invoice of the approvals inbox the suggestion invoices_recommend_reviewer makes', async () => {
    const large = await pending(9_600_000n);
    const rare = await pending(1_000_000n, ['retainer_overage', 'expense']);
    // Carla reads her inbox: every invoice pending approval above waits for a controller or may be approved by one.
    const r = await callTool(caller('controller', id.carla!), 'approvals_inbox', { limit: 200 });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const items = (r.value as { items: { kind: string; invoiceId?: string; reviewerSuggestion?: unknown }[] }).items;
    const suggestionOf = (inv: string) => items.find((i) => i.invoiceId === inv)?.reviewerSuggestion;
    for (const inv of [large, rare]) {
      const { reference: _, basis: __, ...expected } = await recommend(inv);
      expect(suggestionOf(inv), inv).toEqual(expected);
    }
    expect(suggestionOf(large)).toMatchObject({ unusual: true, reviewer: { name: 'Carla Controller' } });
    expect(suggestionOf(rare)).toMatchObject({ unusual: true, reviewer: { name: 'Dana Director' } });
    const invoicesShown = items.filter((i) => i.kind === 'invoice_approval');
    expect(invoicesShown.length).toBeGreaterThanOrEqual(2);
    expect(invoicesShown.every((i) => i.reviewerSuggestion !== null)).toBe(true);
  });

  it('answers INVOICE_NOT_FOUND for a reference that names nothing', async () => {
    const r = await callTool(caller('controller'), invoicesRecommendReviewer, { ref: 'TUS-9999-0001' });
    expect(r.ok ? 'ok' : r.error.code).toBe('INVOICE_NOT_FOUND');
  });
});

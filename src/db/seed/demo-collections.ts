import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { format, money } from '../../shared/money.ts';
import type { Role } from '../../policy/roles.ts';
import { clients, invoices, users } from '../schema/index.ts';
import {
  approveInvoice,
  disputeInvoice,
  markDelivered,
  postInvoice,
  submitInvoice,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../../tools/invoices/lifecycle/index.ts';
import { recordPayment } from '../../tools/payments/record-payment.ts';

/** The demo users who act here, by role (created by seedDemoUsers first). */
const ACTORS: Record<'clerk' | 'pm' | 'controller' | 'collector' | 'am' | 'finance', { email: string; role: Role }> = {
  clerk: { email: 'clerk@northwind.example', role: 'billing_clerk' },
  pm: { email: 'pm@northwind.example', role: 'project_manager' },
  controller: { email: 'controller@northwind.example', role: 'controller' },
  collector: { email: 'collector@northwind.example', role: 'collector' },
  am: { email: 'am@northwind.example', role: 'account_manager' },
  finance: { email: 'finance@northwind.example', role: 'finance_admin' },
};

export interface DemoCollections {
  /** Invoice numbers by what the demo did to them. */
  paid: string[];
  partiallyPaid: string[];
  disputed: string[];
  delivered: string[];
  posted: string[];
}

/**
 * Takes the first clean August drafts of the demo firm (not held, by client code) through the
 * lifecycle with the demo users, through the same use cases and policy as the API: submit (clerk),
 * approve (whoever the matrix asks), post, deliver; then two are paid (one receipt leaves unapplied
 * cash), one partially paid, one disputed, one left to chase and one only posted. Deterministic for
 * a given database; anything policy refuses is left where it stopped.
 */
export async function seedDemoCollections(database: UseCaseDatabase, now: Date): Promise<DemoCollections> {
  const db = database.db;
  const found = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(
        users.email,
        Object.values(ACTORS).map((a) => a.email),
      ),
    );
  const ctx = (who: keyof typeof ACTORS): UseCaseContext => {
    const user = found.find((u) => u.email === ACTORS[who].email);
    if (!user) throw new Error(`demo collections: the demo user ${ACTORS[who].email} is missing`);
    return {
      actor: { userId: user.id, roles: [ACTORS[who].role], entityIds: null, onBehalfOf: null },
      correlationId: 'demo-seed-collections',
      now,
    };
  };
  const drafts = await db
    .select({ id: invoices.id, clientCode: clients.code, totalMinor: invoices.totalMinor, currency: invoices.currency })
    .from(invoices)
    .innerJoin(clients, eq(clients.id, invoices.clientId))
    .where(
      and(
        eq(invoices.period, '2026-08'),
        eq(invoices.kind, 'invoice'),
        eq(invoices.status, 'draft'),
        eq(invoices.held, false),
        sql`${invoices.totalMinor} > 0`,
      ),
    )
    .orderBy(asc(clients.code), asc(invoices.currency));

  const issued: { id: string; number: string; clientCode: string; totalMinor: bigint; currency: string }[] = [];
  for (const d of drafts) {
    if (issued.length === 6) break;
    if (!(await submitInvoice(database, ctx('clerk'), { invoiceId: d.id })).ok) continue;
    let approved = false;
    // Each call approves the next level its actor may approve; four rounds cover every chain the matrix builds.
    for (let round = 0; round < 4 && !approved; round += 1) {
      for (const who of ['pm', 'controller', 'finance', 'am'] as const) {
        const r = await approveInvoice(database, ctx(who), { invoiceId: d.id });
        if (r.ok && r.value.outcome === 'approved') {
          approved = true;
          break;
        }
      }
    }
    const posted = approved ? await postInvoice(database, ctx('clerk'), { invoiceId: d.id }) : null;
    if (!posted?.ok) continue;
    // Approval numbers the invoice and changes nothing it bills: the draft's total and currency stand.
    issued.push({
      id: d.id,
      number: posted.value.number!,
      clientCode: d.clientCode,
      totalMinor: d.totalMinor,
      currency: d.currency,
    });
  }

  const out: DemoCollections = { paid: [], partiallyPaid: [], disputed: [], delivered: [], posted: [] };
  const today = now.toISOString().slice(0, 10);
  for (const [n, inv] of issued.entries()) {
    if (n === 5) {
      out.posted.push(inv.number);
      continue;
    }
    await markDelivered(database, ctx('clerk'), { invoiceId: inv.id });
    const amount = (minor: bigint) => format(money(minor, inv.currency));
    const pay = (receivedMinor: bigint, appliedMinor: bigint) =>
      recordPayment(database, ctx('collector'), {
        client: inv.clientCode,
        amount: amount(receivedMinor),
        currency: inv.currency,
        receivedOn: today,
        method: 'bank_transfer',
        bankReference: `DEMO-${inv.number}`,
        allocations: [{ invoice: inv.number, amount: amount(appliedMinor) }],
      });
    if (n === 0 && (await pay(inv.totalMinor, inv.totalMinor)).ok) out.paid.push(inv.number);
    // Paid with a round sum above the invoice: the rest stays on the client as unapplied cash.
    else if (n === 1 && (await pay(inv.totalMinor + 25_000n, inv.totalMinor)).ok) out.paid.push(inv.number);
    else if (n === 2 && (await pay((inv.totalMinor * 2n) / 5n, (inv.totalMinor * 2n) / 5n)).ok)
      out.partiallyPaid.push(inv.number);
    else if (
      n === 3 &&
      (
        await disputeInvoice(database, ctx('am'), {
          invoiceId: inv.id,
          reason: 'The client disputes the hours billed for the week of 17 August',
        })
      ).ok
    ) {
      out.disputed.push(inv.number);
    } else out.delivered.push(inv.number);
  }
  return out;
}

/**
 * bench/presend-check: what the pre-send dispute check adds to one invoices_submit. On an in-memory
 * PGlite firm whose client has HISTORY settled invoices (a third disputed), it times the check
 * (scoreDraftDispute: the client's ledger history read, the model, the reasons) under the prior and
 * under a trained model, the approval's extra read (submittedDisputeRisk), and whole submits (each
 * followed by an untimed reject) for scale. Prints medians and 95th percentiles in milliseconds.
 * Usage: npx tsx bench/presend-check.ts [--history 300] [--runs 200]
 */
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { loadTwoEntityFirm } from '../test/helpers/two-entity-firm.ts';
import { approvalMatrixV1 } from '../src/policy/approval-matrix.ts';
import type { Actor } from '../src/policy/roles.ts';
import { addDays } from '../src/shared/dates.ts';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { clients, contracts, invoiceDisputes, invoices, paymentAllocations, payments } from '../src/db/schema/index.ts';
import { submittedDisputeRisk } from '../src/db/stores/submitted-dispute-risk.ts';
import { scoreDraftDispute } from '../src/tools/collections/draft-dispute-risk.ts';
import { trainRiskModels } from '../src/tools/collections/train-risk-models.ts';
import { rejectInvoice, submitInvoice } from '../src/tools/invoices/lifecycle/index.ts';

const { values } = parseArgs({
  options: { history: { type: 'string', default: '300' }, runs: { type: 'string', default: '200' } },
});
const HISTORY = Number(values.history);
const RUNS = Number(values.runs);

const person = (userId: string, role: 'billing_clerk' | 'controller'): Actor => ({
  userId,
  roles: [role],
  entityIds: null,
  onBehalfOf: null,
});
const ctxOf = (actor: Actor) => ({ actor, correlationId: 'bench-presend', now: new Date() });

async function timed(n: number, fn: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    if (before) await before();
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms (${n} runs)`;
}

const database = await openDatabase({ dataDir: 'memory://' });
await migrateDatabase(database);
const t = await loadTwoEntityFirm(database);
const db = database.db;
const [client] = await db.select().from(clients).where(eq(clients.code, 'CL-A'));
const [contract] = await db.select().from(contracts).where(eq(contracts.code, 'K-A'));
for (let k = 0; k < HISTORY; k++) {
  const issue = addDays('2024-01-01', Math.floor((k * 640) / HISTORY));
  const disputed = k % 3 === 0;
  const settle = addDays(issue, disputed ? 50 : 25 + (k % 10));
  const [inv] = await db
    .insert(invoices)
    .values({
      number: `A-B${k}`,
      status: 'paid',
      legalEntityId: client!.legalEntityId,
      clientId: client!.id,
      contractId: contract!.id,
      period: `${1000 + k}-01`,
      currency: contract!.invoiceCurrency,
      totalMinor: 200_000n + BigInt(k % 17) * 10_000n,
      subtotalMinor: 200_000n + BigInt(k % 17) * 10_000n,
      paymentTermsDays: 30,
      issueDate: issue,
      dueDate: addDays(issue, 30),
    })
    .returning();
  if (disputed)
    await db.insert(invoiceDisputes).values({
      invoiceId: inv!.id,
      reason: 'bench',
      openedBy: 'bench',
      openedAt: new Date(`${addDays(issue, 8)}T09:00:00Z`),
      resolution: 'rejected',
      resolvedBy: 'bench',
      resolvedAt: new Date(`${addDays(settle, -1)}T09:00:00Z`),
    });
  const [p] = await db
    .insert(payments)
    .values({
      legalEntityId: client!.legalEntityId,
      clientId: client!.id,
      currency: inv!.currency,
      amountMinor: inv!.totalMinor,
      receivedOn: settle,
      method: 'bank_transfer',
      bankReference: `B-${k}`,
      recordedBy: 'bench',
      createdAt: new Date(`${settle}T12:00:00Z`),
    })
    .returning();
  await db.insert(paymentAllocations).values({
    paymentId: p!.id,
    invoiceId: inv!.id,
    amountMinor: inv!.totalMinor,
    recordedMinor: inv!.totalMinor,
    createdAt: new Date(),
  });
}

const clerk = person('bench-clerk', 'billing_clerk');
const controller = person('bench-controller', 'controller');
const score = () => scoreDraftDispute(db, t.invoiceA, new Date(), approvalMatrixV1);
console.log(`presend-check on PGlite (in memory), a client with ${HISTORY} settled invoices`);
if (process.env.PRESEND_PROFILE) {
  const { ledgerHistory } = await import('../src/db/stores/receivables-store.ts');
  const { clientLedgerHistory } = await import('../src/db/stores/client-ledger.ts');
  const a = JSON.stringify(await ledgerHistory(db, client!.id), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  const b = JSON.stringify(await clientLedgerHistory(db, client!.id), (_k, v) =>
    typeof v === 'bigint' ? String(v) : v,
  );
  console.log(`  the two reads agree: ${a === b}`);
  console.log(`  ledgerHistory(client):          ${await timed(RUNS, () => ledgerHistory(db, client!.id))}`);
  console.log(`  clientLedgerHistory:            ${await timed(RUNS, () => clientLedgerHistory(db, client!.id))}`);
}
await timed(3, score); // warm-up
console.log(`  check under the prior:          ${await timed(RUNS, score)}`);
const trained = await trainRiskModels(database, ctxOf(controller), { asOf: '2026-01-01' });
if (!trained.ok) throw new Error(JSON.stringify(trained.error));
console.log(`  (trained model version ${trained.value.version}, kind ${trained.value.kind})`);
await score(); // the first read parses and caches the stored model
console.log(`  check under a trained model:    ${await timed(RUNS, score)}`);
const reject = () =>
  rejectInvoice(database, ctxOf(controller), { invoiceId: t.invoiceA, reason: 'bench: back to draft' });
const submit = async () => {
  const r = await submitInvoice(database, ctxOf(clerk), { invoiceId: t.invoiceA });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
};
await submit();
console.log(`  approval's read of the stored check: ${await timed(RUNS, () => submittedDisputeRisk(db, t.invoiceA))}`);
console.log(`  whole submit (check included):  ${await timed(Math.min(RUNS, 50), submit, reject)}`);
await database.close();

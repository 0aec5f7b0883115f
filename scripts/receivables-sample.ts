/**
 * Renders the sample receivables charts in docs/img from a fixed, seeded book of 120 invoices and 30
 * promises to pay in USD and EUR (no database): `npx tsx scripts/receivables-sample.ts`. The same
 * report and renderer serve GET /kpis/receivables/charts/* and `billing-copilot receivables --svg/--png DIR`.
 */
import { writeFileSync } from 'node:fs';
import type { PromiseFact, ReceivableFacts } from '../src/billing/receivables/receivables.ts';
import { addDays } from '../src/shared/dates.ts';
import { buildReport } from '../src/tools/receivables/receivables-report.ts';
import { CHARTS, renderChartPng, renderChartSvg } from '../src/tools/receivables/render-charts.ts';
import { renderReceivablesPdf } from '../src/tools/receivables/render-pdf.ts';

let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const asOf = '2026-11-30';
const facts: ReceivableFacts[] = Array.from({ length: 120 }, (_, k) => {
  const currency = k % 3 === 0 ? 'EUR' : 'USD';
  const issueDate = addDays(asOf, -Math.floor(rand() * 180));
  const dueDate = addDays(issueDate, [30, 30, 45, 60][k % 4]!);
  const totalMinor = BigInt(Math.round(2_000 + rand() * 60_000)) * 100n;
  const age = Math.round((Date.parse(asOf) - Date.parse(dueDate)) / 86_400_000);
  // Older invoices are more often paid; some are paid in part.
  const paid = rand() < (age > 60 ? 0.85 : age > 0 ? 0.55 : 0.15);
  const openMinor = paid ? 0n : rand() < 0.2 ? totalMinor / 2n : totalMinor;
  const openAtStartMinor = issueDate < addDays(asOf, -89) ? (rand() < 0.5 ? totalMinor : openMinor) : 0n;
  return {
    invoiceId: `i${k}`,
    number: `NW-${String(k).padStart(6, '0')}`,
    clientCode: `CL${k % 12}`,
    entityCode: currency === 'EUR' ? 'NWDE' : 'NWUS',
    segment: ['strategic', 'standard', 'small'][k % 3]!,
    currency,
    totalMinor,
    issueDate,
    dueDate,
    openMinor,
    openAtStartMinor,
    expectedDaysLate: Math.round(rand() * 20),
    lateBasis: k % 5 === 0 ? 'client_history' : 'risk_model',
    // The risk model scores most open invoices; older ones are likelier to be paid late.
    ...(k % 5 === 0 ? {} : { lateProbability: Math.min(0.99, Math.max(0, age / 120 + rand() * 0.5)) }),
  };
});
const promises: PromiseFact[] = Array.from({ length: 30 }, (_, k) => {
  const promisedFor = addDays(asOf, Math.floor(rand() * 70) - 28);
  return {
    currency: k % 3 === 0 ? 'EUR' : 'USD',
    amountMinor: BigInt(Math.round(1_000 + rand() * 20_000)) * 100n,
    promisedFor,
    state: promisedFor >= asOf ? 'open' : rand() < 0.7 ? 'kept' : 'missed',
  };
});
const report = buildReport(facts, asOf, 90, 8, promises);
for (const name of CHARTS) {
  writeFileSync(`docs/img/receivables-${name}.svg`, renderChartSvg(name, report));
  writeFileSync(`docs/img/receivables-${name}.png`, renderChartPng(name, report));
}
process.stdout.write(
  `${JSON.stringify(report.overall.map((m) => ({ currency: m.currency, open: m.open.amount, dso: m.dso, cei: m.cei })))}\n`,
);
writeFileSync('docs/img/receivables.pdf', await renderReceivablesPdf(report));

import { Dec } from '../../shared/decimal.ts';
import type { InvoiceFrequency, RateUnit, SowTerms } from '../sow-terms.ts';

/** What the system of record says about a contract: plain values, money as decimal strings in the contract currency. */
export interface ContractRecord {
  currency: string | null;
  paymentTermsDays: number | null;
  poNumber: string | null;
  notToExceed: string | null;
  startDate: string | null;
  endDate: string | null;
  invoiceFrequency: InvoiceFrequency | null;
  lateFeePercentMonthly: string | null;
  rateCard: Array<{ role: string; rate: string; unit: RateUnit }>;
  milestones: Array<{ name: string; amount: string | null; percent: string | number | null; dueDate: string | null }>;
}

export type DiffKind = 'mismatch' | 'missing_in_contract' | 'missing_in_document';

/** One difference between a document's terms and the contract record, with the document's quote. */
export interface FieldDiff {
  field: string;
  key: string | null;
  kind: DiffKind;
  document: string | number | null;
  contract: string | number | null;
  quote: string | null;
  page: number | null;
}

const words = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w))
    .join(' ');
const sameNumber = (a: string | number, b: string | number): boolean => new Dec(String(a)).eq(new Dec(String(b)));

/** True when two role or milestone names are the same words (case, punctuation and plurals aside): how the diff pairs them. */
export const sameName = (a: string, b: string): boolean => words(a) === words(b);

/**
 * Compares extracted terms with the contract record field by field: currency, payment days, PO,
 * not-to-exceed, start and end dates, invoice frequency, late fee, rate card and milestones. Only
 * what the document states is compared; a term the document is silent on is no mismatch. An
 * amendment or change order states only what changes: its effective date is when the changes
 * start (not the contract's start), and a rate or milestone it does not mention is unchanged. Pure:
 * the caller turns a non-empty result into a "contract_terms_mismatch" exception.
 */
export function diffTermsAgainstContract(terms: SowTerms, contract: ContractRecord): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  const partial = terms.documentType === 'amendment' || terms.documentType === 'change_order';
  const quote = (field: string): { quote: string | null; page: number | null } => {
    const e = terms.evidence.find((x) => x.field === field);
    return { quote: e?.quote ?? null, page: e?.page ?? null };
  };
  const scalar = (
    field: string,
    evidence: string,
    doc: string | number | null,
    rec: string | number | null,
    eq = (a: string | number, b: string | number) => a === b,
  ): void => {
    if (doc === null) return;
    if (rec === null)
      diffs.push({ field, key: null, kind: 'missing_in_contract', document: doc, contract: null, ...quote(evidence) });
    else if (!eq(doc, rec))
      diffs.push({ field, key: null, kind: 'mismatch', document: doc, contract: rec, ...quote(evidence) });
  };
  scalar('currency', 'currency', terms.currency, contract.currency);
  scalar('paymentTerms.netDays', 'paymentTerms.netDays', terms.paymentTerms.netDays, contract.paymentTermsDays);
  scalar(
    'poNumber',
    'poNumber',
    terms.poNumber,
    contract.poNumber,
    (a, b) => String(a).trim().toUpperCase() === String(b).trim().toUpperCase(),
  );
  if (!partial) scalar('effectiveDate', 'effectiveDate', terms.effectiveDate, contract.startDate);
  scalar('endDate', 'endDate', terms.endDate, contract.endDate);
  scalar('invoiceFrequency', 'invoiceFrequency', terms.invoiceFrequency, contract.invoiceFrequency);
  const nteIndex = terms.caps.findIndex(
    (c) => c.kind === 'not_to_exceed' && c.period === null && c.amount !== undefined,
  );
  scalar(
    'caps.not_to_exceed',
    `caps[${nteIndex}]`,
    nteIndex >= 0 ? (terms.caps[nteIndex]?.amount ?? null) : null,
    contract.notToExceed,
    sameNumber,
  );
  if (terms.lateFee) {
    // A yearly rate compares as its monthly twelfth, exactly.
    const monthly =
      terms.lateFee.period === 'month'
        ? new Dec(String(terms.lateFee.percent))
        : new Dec(String(terms.lateFee.percent)).div(12);
    scalar('lateFee.percentMonthly', 'lateFee', monthly.toString(), contract.lateFeePercentMonthly, sameNumber);
  }

  const contractRates = [...contract.rateCard];
  terms.rates.forEach((r, i) => {
    const j = contractRates.findIndex((c) => c.unit === r.unit && sameName(c.role, r.role));
    const evidence = quote(`rates[${i}]`);
    if (j < 0) {
      diffs.push({
        field: 'rates',
        key: `${r.role}/${r.unit}`,
        kind: 'missing_in_contract',
        document: r.amount,
        contract: null,
        ...evidence,
      });
      return;
    }
    const c = contractRates.splice(j, 1)[0] as (typeof contractRates)[number];
    if (!sameNumber(c.rate, r.amount))
      diffs.push({
        field: 'rates',
        key: `${r.role}/${r.unit}`,
        kind: 'mismatch',
        document: r.amount,
        contract: c.rate,
        ...evidence,
      });
  });
  if (terms.rates.length > 0 && !partial) {
    for (const c of contractRates)
      diffs.push({
        field: 'rates',
        key: `${c.role}/${c.unit}`,
        kind: 'missing_in_document',
        document: null,
        contract: c.rate,
        quote: null,
        page: null,
      });
  }

  const contractMilestones = [...contract.milestones];
  terms.milestones.forEach((m, i) => {
    const j = contractMilestones.findIndex((c) => sameName(c.name, m.name));
    const evidence = quote(`milestones[${i}]`);
    if (j < 0) {
      diffs.push({
        field: 'milestones',
        key: m.name,
        kind: 'missing_in_contract',
        document: m.amount ?? m.percent,
        contract: null,
        ...evidence,
      });
      return;
    }
    const c = contractMilestones.splice(j, 1)[0] as (typeof contractMilestones)[number];
    const parts: Array<
      [string, string | number | null, string | number | null, (a: string | number, b: string | number) => boolean]
    > = [
      ['amount', m.amount, c.amount, sameNumber],
      ['percent', m.percent, c.percent, sameNumber],
      ['dueDate', m.dueDate, c.dueDate, (a, b) => a === b],
    ];
    for (const [part, doc, rec, eq] of parts) {
      if (doc === null) continue;
      if (rec === null || !eq(doc, rec))
        diffs.push({
          field: `milestones.${part}`,
          key: m.name,
          kind: rec === null ? 'missing_in_contract' : 'mismatch',
          document: doc,
          contract: rec,
          ...evidence,
        });
    }
  });
  if (terms.milestones.length > 0 && !partial) {
    for (const c of contractMilestones)
      diffs.push({
        field: 'milestones',
        key: c.name,
        kind: 'missing_in_document',
        document: null,
        contract: c.amount ?? c.percent,
        quote: null,
        page: null,
      });
  }
  return diffs;
}

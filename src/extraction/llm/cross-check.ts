import type { SowTerms } from '../sow-terms.ts';

/** A field where the LLM and the built-in extractor read the document differently. */
export interface Disagreement {
  field: string;
  llm: unknown;
  builtin: unknown;
}

const SCALARS = [
  'documentType',
  'reference',
  'effectiveDate',
  'endDate',
  'billingModel',
  'currency',
  'poNumber',
  'taxRatePercent',
  'invoiceFrequency',
] as const;

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x) ? String(Number(x)) : x === undefined ? null : x,
  );

const listKey = (items: unknown[], pick: (i: Record<string, unknown>) => unknown[]): string =>
  items
    .map((i) => canonical(pick(i as Record<string, unknown>)).toLowerCase())
    .sort()
    .join(';');

/**
 * Compares the LLM's verified terms with the built-in extractor's, field by field. Both read the
 * same document, so any difference is worth a reviewer's look; neither side is assumed right.
 */
export function crossCheck(llm: SowTerms, builtin: SowTerms): Disagreement[] {
  const out: Disagreement[] = [];
  const check = (field: string, a: unknown, b: unknown): void => {
    if (canonical(a) !== canonical(b)) out.push({ field, llm: a ?? null, builtin: b ?? null });
  };
  for (const f of SCALARS) check(f, llm[f], builtin[f]);
  check('paymentTerms', llm.paymentTerms, builtin.paymentTerms);
  check('recurringFee', llm.recurringFee, builtin.recurringFee);
  check('retainer', llm.retainer, builtin.retainer);
  check('minimumCommitment', llm.minimumCommitment, builtin.minimumCommitment);
  check('lateFee', llm.lateFee, builtin.lateFee);
  const lists: Array<[string, unknown[], unknown[], (i: Record<string, unknown>) => unknown[]]> = [
    ['rates', llm.rates, builtin.rates, (r) => [r.role, r.amount, r.unit]],
    ['milestones', llm.milestones, builtin.milestones, (m) => [m.name, m.amount, m.percent, m.dueDate]],
    ['usageTiers', llm.usageTiers, builtin.usageTiers, (t) => [t.from, t.upTo, t.unitPrice]],
    ['caps', llm.caps, builtin.caps, (c) => [c.kind, c.amount, c.period, c.percentOfFees]],
  ];
  for (const [field, a, b, pick] of lists) {
    if (listKey(a, pick) !== listKey(b, pick)) out.push({ field, llm: a, builtin: b });
  }
  return out;
}

import type { SowTerms } from '../sow-terms.ts';

/** The extracted values of a SowTerms as evidence paths, and how to remove one. */

const SCALARS = [
  'reference',
  'parties.client',
  'parties.provider',
  'effectiveDate',
  'endDate',
  'billingModel',
  'currency',
  'poNumber',
  'taxRatePercent',
  'invoiceFrequency',
  'paymentTerms.netDays',
  'paymentTerms.basis',
  'recurringFee',
  'minimumCommitment',
  'lateFee',
  'retainer',
] as const;
const RETAINER_PARTS = ['includedHours', 'overageRate', 'rolloverHoursMax', 'overageApprovalThresholdPercent'] as const;
const LISTS = ['rates', 'milestones', 'usageTiers', 'caps'] as const;
export type ListField = (typeof LISTS)[number];

/** Reads a dotted path ("paymentTerms.netDays", "rates[2]", "retainer.overageRate"). */
export function readPath(terms: SowTerms, path: string): unknown {
  const list = /^(\w+)\[(\d+)\]$/.exec(path);
  if (list) return (terms[list[1] as ListField] as unknown[] | undefined)?.[Number(list[2])];
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), terms);
}

/** Every path that holds an extracted value (documentType counts unless it is "other"). */
export function valuePaths(terms: SowTerms): string[] {
  const out: string[] = [];
  if (terms.documentType !== 'other') out.push('documentType');
  for (const p of SCALARS) if (readPath(terms, p) !== null && readPath(terms, p) !== undefined) out.push(p);
  if (terms.retainer) for (const k of RETAINER_PARTS) if (terms.retainer[k] !== null) out.push(`retainer.${k}`);
  for (const l of LISTS) terms[l].forEach((_, i) => out.push(`${l}[${i}]`));
  return out;
}

/** A copy of the terms without the values at the given paths; list items are removed and indices remapped. */
export function withoutPaths(
  terms: SowTerms,
  drop: ReadonlySet<string>,
): { terms: SowTerms; remap: (path: string) => string | null } {
  const t: SowTerms = structuredClone(terms);
  if (drop.has('documentType')) t.documentType = 'other';
  for (const p of drop) {
    if (/\[\d+\]$/.test(p) || p === 'documentType') continue;
    const [a, b] = p.split('.') as [string, string | undefined];
    if (b === undefined) (t as unknown as Record<string, unknown>)[a] = null;
    else if (a === 'retainer' && t.retainer) (t.retainer as unknown as Record<string, unknown>)[b] = null;
    else if (a === 'parties') t.parties[b as 'client' | 'provider'] = null;
    else if (a === 'paymentTerms') t.paymentTerms[b as 'netDays' | 'basis'] = null;
  }
  const maps = new Map<ListField, Map<number, number>>();
  for (const l of LISTS) {
    const keep = new Map<number, number>();
    const items = terms[l] as unknown[];
    const kept: unknown[] = [];
    items.forEach((item, i) => {
      if (drop.has(`${l}[${i}]`)) return;
      keep.set(i, kept.length);
      kept.push(structuredClone(item));
    });
    (t as unknown as Record<string, unknown>)[l] = kept;
    maps.set(l, keep);
  }
  const remap = (path: string): string | null => {
    const m = /^(\w+)\[(\d+)\](.*)$/.exec(path);
    if (!m) return drop.has(path) || (path.startsWith('retainer.') && t.retainer === null) ? null : path;
    const n = maps.get(m[1] as ListField)?.get(Number(m[2]));
    return n === undefined ? null : `${m[1]}[${n}]${m[3]}`;
  };
  return { terms: t, remap };
}

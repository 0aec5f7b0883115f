import { dateHits, numberHits, stringHits } from './llm-stub-forms.ts';
import type { Unit } from './llm-stub-units.ts';

/**
 * The noisy model's mistakes: a plausible wrong value the document states nowhere (so verification
 * has something definite to catch), carried by the true quote (which does not state it) or by a
 * fabricated quote (the true one with the value rewritten, so it is not in the document).
 */

type Loose = Record<string, unknown>;

const ENUMS: Record<string, string[]> = {
  documentType: ['sow', 'msa', 'amendment', 'change_order', 'consulting_agreement'],
  billingModel: ['time_and_materials', 'fixed_fee', 'milestone', 'retainer', 'usage', 'blended'],
  invoiceFrequency: ['monthly', 'quarterly', 'milestone', 'in_advance_monthly', 'on_completion'],
  'paymentTerms.basis': ['invoice_date', 'receipt', 'end_of_month', 'end_of_following_month'],
  currency: ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD'],
};

const decimals = (s: string): number => (s.includes('.') ? (s.split('.')[1] ?? '').length : 0);

/** A number near v that the document does not state in any form. */
function wrongNumber(v: number, text: string, integer: boolean, r: number): number | null {
  const factors = [1.1, 0.9, 1.25, 0.8, 1.5, 0.75, 2, 3, 1.15];
  const start = Math.floor(r * factors.length);
  for (let k = 0; k < factors.length; k++) {
    const f = factors[(start + k) % factors.length] as number;
    let w = v === 0 ? 5 * (k + 1) : v * f;
    w = integer ? Math.round(w) : Math.round(w * 10_000) / 10_000;
    if (w !== v && w > 0 && numberHits(text, w).length === 0) return w;
  }
  return null;
}

function shiftDate(iso: string, months: number, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function wrongString(s: string, text: string): string | null {
  const candidates = [
    s.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 3) % 10)),
    s.replace(/^\S+/, 'Meridian'),
    `${s}-B`,
  ];
  return candidates.find((c) => c !== s && stringHits(text, c).length === 0) ?? null;
}

const asAmount = (w: number, like: unknown): string => w.toFixed(Math.max(decimals(String(like)), 0));

/** The numeric member of a value that the noise changes, with how to write the changed value back. */
function numericTarget(unit: Unit): { get: number; set: (w: number) => unknown; integer: boolean } | null {
  const v = unit.value as Loose;
  const obj = (k: string, integer = false) => ({
    get: Number(v[k]),
    set: (w: number) => ({ ...v, [k]: typeof v[k] === 'string' ? asAmount(w, v[k]) : w }),
    integer,
  });
  switch (unit.list ?? unit.path) {
    case 'rates':
    case 'recurringFee':
    case 'minimumCommitment':
    case 'retainer':
      return obj('amount');
    case 'usageTiers':
      return obj('unitPrice');
    case 'lateFee':
      return obj('percent');
    case 'caps':
      return v.amount !== null && v.amount !== undefined ? obj('amount') : obj('percentOfFees');
    case 'milestones':
      return v.amount !== null && v.amount !== undefined
        ? obj('amount')
        : v.percent !== null && v.percent !== undefined
          ? obj('percent', true)
          : null;
    default:
      return {
        get: Number(unit.value),
        set: (w) => w,
        integer: unit.path === 'paymentTerms.netDays' || unit.path.endsWith('Hours') || unit.path.endsWith('Max'),
      };
  }
}

export interface WrongValue {
  value: unknown;
  quote: string;
  fabricated: boolean;
}

/** A wrong value for the unit, carried by the true quote (r < 0.5) or a fabricated one; null when none is plausible. */
export function wrongValue(unit: Unit, quote: string, text: string, r: number): WrongValue | null {
  const fabricated = r < 0.5;
  let value: unknown = null;
  let written = '';
  if (unit.kind === 'enum') {
    const options = (ENUMS[unit.path] ?? []).filter((o) => o !== unit.value);
    if (options.length === 0) return null;
    value = options[Math.floor(r * 1000) % options.length];
    return { value, quote: fabricated ? `${quote} (${String(value).replace(/_/g, ' ')})` : quote, fabricated };
  }
  if (unit.kind === 'date') {
    for (const [m, d] of [
      [1, 3],
      [-2, 5],
      [3, -4],
    ] as const) {
      const w = shiftDate(String(unit.value), m, d);
      if (dateHits(text, w).length === 0) {
        value = w;
        written = w;
        break;
      }
    }
  } else if (unit.kind === 'string') {
    value = wrongString(String(unit.value), text);
    written = String(value);
  } else {
    const target = numericTarget(unit);
    const w = target ? wrongNumber(target.get, text, target.integer, r) : null;
    if (target && w !== null) {
      value = target.set(w);
      written = String(w);
    }
  }
  if (value === null) return null;
  if (!fabricated) return { value, quote, fabricated };
  // Rewrite where the quote states the true value; when it cannot be placed, say it outright.
  const hit = unit.required.map((a) => a(quote)[0]).find((h) => h !== undefined);
  const fake = hit ? `${quote.slice(0, hit.start)}${written}${quote.slice(hit.end)}` : `${quote} ${written}`;
  return { value, quote: fake, fabricated };
}

/** Values the document does not have at all, each with a made-up quote. */
export function inventedValues(truth: Loose, r: number): Array<{ unit: Unit; quote: string }> {
  const out: Array<{ unit: Unit; quote: string }> = [];
  const base: Pick<Unit, 'required' | 'optional' | 'context' | 'list'> = {
    required: [],
    optional: [],
    context: null,
    list: null,
  };
  if (truth.poNumber === null || truth.poNumber === undefined)
    out.push({
      unit: { ...base, id: 'invented.poNumber', path: 'poNumber', value: 'PO-7730418', kind: 'string' },
      quote: 'Purchase order number: PO-7730418',
    });
  if (!truth.lateFee)
    out.push({
      unit: {
        ...base,
        id: 'invented.lateFee',
        path: 'lateFee',
        value: { percent: 1.75, period: 'month' },
        kind: 'number',
      },
      quote: 'Overdue amounts bear interest at 1.75% per month.',
    });
  if (truth.taxRatePercent === null || truth.taxRatePercent === undefined)
    out.push({
      unit: { ...base, id: 'invented.taxRatePercent', path: 'taxRatePercent', value: 21, kind: 'number' },
      quote: 'VAT at 21% is added to every invoice.',
    });
  // One or none per document, chosen by the seed.
  const pick = Math.floor(r * (out.length + 1));
  return out.slice(pick, pick + 1);
}

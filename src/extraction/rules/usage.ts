import type { UsageTier } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { parseMoney } from './money.ts';
import { parseAmount } from './numbers.ts';
import { alignToHeader, findTables } from './tables.ts';

const NUM = "\\d[\\d,.'’]*";
const RANGE = new RegExp(`^(${NUM})\\s*(?:–|-|—|to)\\s*(${NUM})$`, 'i');
const OPEN = new RegExp(`^(?:(${NUM})\\s*(?:\\+|and\\s+above|and\\s+over|or\\s+more|and\\s+up)|(?:over|above|more\\s+than|>)\\s*(${NUM}))$`, 'i');
const UP_TO = new RegExp(`^(?:up\\s+to|first|≤|<=|0\\s*(?:–|-)\\s*)\\s*(${NUM})$`, 'i');

const num = (s: string): number | null => {
  const a = parseAmount(s.replace(/[’']/g, ','));
  return a === null ? null : Number(a);
};

/** The billed unit from a header such as "Price per document" or "Monthly documents" (singular). */
function unitFrom(texts: string[]): string {
  for (const t of texts) {
    const per = /\bper\s+(?:processed\s+)?([a-z][a-z -]{1,30}?)(?:\s*\(|$)/i.exec(t);
    if (per?.[1]) return per[1].trim().toLowerCase();
  }
  const noun = /([a-z]+?)s?\s*$/i.exec(texts[0] ?? '');
  return (noun?.[1] ?? 'unit').toLowerCase();
}

/** Volume tiers from a pricing table whose first column holds ranges ("1 – 10,000", "50,001 and above"). */
export function findUsageTiers(ctx: RuleContext): Found<UsageTier>[] {
  const out: Found<UsageTier>[] = [];
  for (const table of findTables(ctx)) {
    const header = table.header?.cells ?? [];
    const tiers: Found<UsageTier>[] = [];
    for (const row of table.rows) {
      const cells = alignToHeader(row, header.length);
      const range = (cells[0] ?? '').trim();
      const price = cells.slice(1).map((c) => parseMoney(c, ctx.numberStyle)?.amount ?? null).find((a) => a !== null) ?? null;
      if (price === null) continue;
      let from: number | null = null;
      let upTo: number | null = null;
      let m = RANGE.exec(range);
      if (m) {
        from = num(m[1] ?? '');
        upTo = num(m[2] ?? '');
      } else if ((m = OPEN.exec(range))) {
        const n = num(m[1] ?? m[2] ?? '');
        from = n === null ? null : m[2] ? n + 1 : n;
      } else if ((m = UP_TO.exec(range))) {
        from = /^0/.test(range) ? 0 : 1;
        upTo = num(m[1] ?? '');
      }
      if (from === null) continue;
      tiers.push({ value: { unit: '', from, upTo, unitPrice: price }, start: row.start, end: row.end });
    }
    if (tiers.length >= 2) {
      const unit = unitFrom([...header.slice(1), header[0] ?? '']);
      out.push(...tiers.map((t) => ({ ...t, value: { ...t.value, unit } })));
    }
  }
  return out;
}

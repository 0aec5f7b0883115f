import type { UsageTier } from '../sow-terms.ts';
import { columnMeanings } from './columns.ts';
import type { Found, RuleContext } from './context.ts';
import { parseMoney } from './money.ts';
import { parseAmount } from './numbers.ts';
import { alignToHeader, findTables } from './tables.ts';

const NUM = "\\d[\\d,.'’ \\u00a0\\u202f]*\\d|\\d";
const RANGE = new RegExp(`^(${NUM})\\s*(?:–|-|—|to|bis|à)\\s*(${NUM})$`, 'i');
const OPEN = new RegExp(`^(?:(${NUM})\\s*(?:\\+|and\\s+above|and\\s+over|and\\s+more|or\\s+more|and\\s+up|und\\s+mehr|und\\s+darüber|et\\s+plus|et\\s+au-delà|onwards)|(?:over|above|more\\s+than|from|ab|über|plus\\s+de|au-delà\\s+de|>)\\s*(${NUM})(?:\\s*\\+)?)$`, 'i');
const UP_TO = new RegExp(`^(?:up\\s+to|first|bis|jusqu'?à|≤|<=|0\\s*(?:–|-)\\s*)\\s*(${NUM})$`, 'i');
/** An open upper bound written as a word or dash. */
const UNBOUNDED = /^(?:[-–—]|no\s+limit|unlimited|and\s+above|above|open|∞|unbegrenzt|offen|illimité|sans\s+limite|n\/a)?$/i;

/** A count in any grouping: 1,000 / 1.000 / 1'000 / 1 000 (counts have no decimals). */
const num = (s: string): number | null => {
  const t = s.replace(/[\s\u00a0\u202f’',.]/g, '');
  return /^\d+$/.test(t) ? Number(t) : (() => {
    const a = parseAmount(s.replace(/[’']/g, ','));
    return a === null ? null : Number(a);
  })();
};

/** The billed unit from a header such as "Price per document" or "Monthly documents" (singular). */
function unitFrom(texts: string[]): string {
  for (const t of texts) {
    const per = /\b(?:per|je|pro|par)\s+(?:processed\s+)?([\p{L}][\p{L} -]{1,30}?)(?:\s+per\s+\w+)?(?:\s*\(|$)/iu.exec(t);
    if (per?.[1]) return per[1].trim().toLowerCase();
  }
  const noun = /([a-z]+?)s?\s*$/i.exec(texts[0] ?? '');
  return (noun?.[1] ?? 'unit').toLowerCase();
}

/** A range cell's bounds, or null. */
function bounds(range: string): { from: number; upTo: number | null } | null {
  const r = range.trim();
  let m = RANGE.exec(r);
  if (m) {
    const from = num(m[1] ?? '');
    const upTo = num(m[2] ?? '');
    return from === null ? null : { from, upTo };
  }
  if ((m = OPEN.exec(r))) {
    const n = num(m[1] ?? m[2] ?? '');
    if (n === null) return null;
    const exclusive = m[2] !== undefined && /^(?:over|above|more\s+than|über|plus\s+de|au-delà\s+de|>)/i.test(r);
    return { from: exclusive ? n + 1 : n, upTo: null };
  }
  if ((m = UP_TO.exec(r))) {
    const upTo = num(m[1] ?? '');
    return upTo === null ? null : { from: /^0/.test(r) ? 0 : 1, upTo };
  }
  return null;
}

/**
 * Volume tiers from a pricing table: by header meaning, a range column ("1 – 10,000", "50,001 and
 * above") or separate from/to columns, and a price column, in any order; without headers that say
 * so, the first cell that reads as a range and the first money cell after it.
 */
export function findUsageTiers(ctx: RuleContext): Found<UsageTier>[] {
  const out: Found<UsageTier>[] = [];
  for (const table of findTables(ctx)) {
    const header = table.header?.cells ?? [];
    const { columnOf } = columnMeanings(header);
    const fromCol = columnOf('from');
    const toCol = columnOf('to');
    const priceCol = columnOf('price');
    const tiers: Found<UsageTier>[] = [];
    for (const row of table.rows) {
      const cells = alignToHeader(row, header.length);
      let b: { from: number; upTo: number | null } | null = null;
      let rangeAt = -1;
      if (fromCol >= 0 && toCol >= 0 && cells.length === header.length) {
        const from = num(cells[fromCol] ?? '');
        const toCell = (cells[toCol] ?? '').trim();
        const upTo = UNBOUNDED.test(toCell) ? null : num(toCell);
        if (from !== null && (upTo !== null || UNBOUNDED.test(toCell))) b = { from, upTo };
        rangeAt = toCol;
      }
      if (!b) {
        for (let i = 0; i < cells.length && !b; i++) {
          b = bounds(cells[i] ?? '');
          if (b) rangeAt = i;
        }
      }
      if (!b) continue;
      const money = (c: string | undefined): string | null => (c === undefined ? null : parseMoney(c, ctx.numberStyle)?.amount ?? null);
      let price = priceCol >= 0 && priceCol !== rangeAt && cells.length === header.length ? money(cells[priceCol]) ?? (/^\d+(?:[.,]\d+)?$/.test((cells[priceCol] ?? '').trim()) ? parseAmount((cells[priceCol] ?? '').trim(), ctx.numberStyle) : null) : null;
      price ??= cells.map((c, i) => (i === rangeAt || i === fromCol || i === toCol ? null : money(c))).find((a) => a !== null) ?? null;
      if (price === null) continue;
      tiers.push({ value: { unit: '', from: b.from, upTo: b.upTo, unitPrice: price }, start: row.start, end: row.end });
    }
    if (tiers.length >= 2) {
      const unit = unitFrom([...(priceCol >= 0 ? [header[priceCol] ?? ''] : []), ...header.slice(1), header[0] ?? '']);
      out.push(...tiers.map((t) => ({ ...t, value: { ...t.value, unit } })));
    }
  }
  if (out.length === 0) out.push(...listTiers(ctx));
  return out;
}

/** Tiers written as list lines: "- 0 – 1.000.000 calls: EUR 0,0040 per call", "above 5.000.000 calls: EUR 0,0022". */
function listTiers(ctx: RuleContext): Found<UsageTier>[] {
  const tiers: Found<UsageTier>[] = [];
  let offset = 0;
  for (const line of ctx.current.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const m = /^\s*(?:[-*•]\s*)?(.+?)\s+([\p{L}][\p{L}-]*(?:\s+[\p{L}][\p{L}-]*)?)\s*[:=]\s*(.+)$/u.exec(line);
    if (!m) continue;
    const b = bounds(m[1] ?? '');
    const price = parseMoney((m[3] ?? '').split(/\s+(?:per|je|pro|par)\b|\//)[0]?.trim() ?? '', ctx.numberStyle)?.amount ?? null;
    if (!b || price === null) continue;
    tiers.push({ value: { unit: (m[2] ?? 'unit').toLowerCase().replace(/s$/, ''), from: b.from, upTo: b.upTo, unitPrice: price }, start, end: start + line.length });
  }
  return tiers.length >= 2 ? tiers : [];
}

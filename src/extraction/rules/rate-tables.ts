import { columnMeaning } from './columns.ts';
import { columnSide, type RuleContext } from './context.ts';
import { findDates } from './dates.ts';
import { parseMoney } from './money.ts';
import { parseAmount } from './numbers.ts';
import { cellAmount } from './rate-lists.ts';
import type { RateFound } from './rates.ts';
import { alignToHeader, type Table } from './tables.ts';
import { unitOf } from './units.ts';

// A header that names a unit ("Per hour (excl GST)", "Pro Tag", "Par jour", "KMF par heure", whose unit the lexicon
// may have put in the plural) or a money per unit ("$/hour", "EUR / Tag", "€/h") heads a rate column too.
const RATE_HEADER =
  /\b(?:rate|rates|fee|price|charge|cost|tarif|satz|prix|preis|taux)\b|satz\b|\b(?:per|pro|je|par)\s+(?:hours?|days?|stunde|tag|heures?|jours?)\b|(?:[$€£¥]|\beuros?|\b[A-Z]{3})\s*\/\s*(?:h|hr|hrs|hours?|days?|std|stunde|tag|heure|jour|j)\b/i;
const NOT_RATE_TABLE = /\b(?:milestone|instal?lment|tier|deliverable|payment\s+schedule)\b/i;
/** Columns that hold a total, an estimate or a quantity, not a rate. */
const NOT_RATE_COLUMN =
  /\b(?:total|est\.?|estimated?|extended|gesamt\w*|geschätzt\w*|quantit\w*|qty|menge|aufwand|budget|not[- ]to[- ]exceed|nte|cap)\b/i;
/** Hours in a header are a quantity ("Hours", "Std.") unless the header names a rate ("Std. Rate (USD/hr)", "Rate per hours"). */
const HOURS_COLUMN = /\b(?:hours|stunden|std\.?)\b/i;
const notRateColumn = (col: string): boolean =>
  NOT_RATE_COLUMN.test(col) || (HOURS_COLUMN.test(col) && !RATE_HEADER.test(col));
/** Columns that name the role, person or grade a rate is for. */
const ROLE_COLUMN =
  /\b(?:role|roles|rolle|profile?|profil|funktion|fonction|qualifi\w*|ressources?|resources?|désignation|designation|staff|personnel|title|job|category|kategorie|grade|position|consultant|name|seniority|leistung|prestation|service|who|wer|qui)\b/i;
const STRONG_ROLE_COLUMN =
  /\b(?:role|roles|rolle|profile?|profil|fonction|funktion|title|position|name|staff)\b|(?<![\p{L}])(?:intervenante?s?|postes?|métiers?)(?![\p{L}])/iu;
/** A column of free remarks, empty in many rows; the text layer drops an empty cell, so a short row lacks it. */
const NOTES_COLUMN =
  /^(?:notes?|remarks?|comments?|observations?|bemerkung(?:en)?|anmerkung(?:en)?|hinweise?|kommentare?|remarques?|commentaires?)$/iu;

/** A row short of the header by its empty notes cells gets them back, so each cell stands under its own header. */
function withNotes(cells: string[], header: readonly string[]): string[] {
  const notes = header.flatMap((h, i) => (NOTES_COLUMN.test(h.trim()) ? [i] : []));
  if (notes.length === 0 || cells.length + notes.length !== header.length) return cells;
  const out = [...cells];
  for (const i of notes) out.splice(i, 0, '');
  return out;
}
/**
 * A "to"/"up to" column is no quantity range of a tier table when its cells are dates (a validity period,
 * "Einsatz bis 30.11.2030") or when the rows name people (an "Intervenant" column beside "Plafond de jours").
 */
function boundOfPeople(ctx: RuleContext, table: Table, header: readonly string[], col: number): boolean {
  if (columnMeaning(header[col] ?? '') === 'percent') return false;
  if (header.some((h, j) => j !== col && STRONG_ROLE_COLUMN.test(h) && !RATE_HEADER.test(h))) return true;
  return (
    table.rows.length > 0 &&
    table.rows.every((r) => {
      const cell = alignToHeader(r, header.length)[col] ?? '';
      return findDates(cell, ctx.dateOrder).length > 0;
    })
  );
}
const LABEL_COLUMNS: ReadonlySet<string> = new Set(['number', 'percent', 'from', 'to', 'range', 'date']);

/**
 * Rates in rate-card tables, by header meaning: the role column (Role, Rolle, Profil, Qualifikation,
 * Ressource…) wherever it is, and one rate per rate column (Hourly rate, Tagessatz, Prix unitaire),
 * never a total, an estimate or a quantity. Unit and currency come from the cell, the column, a
 * unit column or the caption; a column "rate from 1 January 2027" gives its rates that start date.
 */
export function tableRates(ctx: RuleContext, table: Table, dollar: string): RateFound[] {
  const header = table.header?.cells ?? [];
  const headerText = header.join(' ');
  if (
    !RATE_HEADER.test(headerText) &&
    !table.rows.some((r) => r.cells.some((c) => unitOf(c) && parseMoney(c, ctx.numberStyle)))
  )
    return [];
  if (
    NOT_RATE_TABLE.test(headerText) ||
    header.some(
      (h, i) =>
        ['percent', 'from', 'to', 'range'].includes(columnMeaning(h)) &&
        !RATE_HEADER.test(h) &&
        !boundOfPeople(ctx, table, header, i),
    )
  )
    return [];
  // Every column that may name the role; one that says so (Role, Profil, Title) before a grade or category code.
  const roleCols = header
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => (ROLE_COLUMN.test(h) || STRONG_ROLE_COLUMN.test(h)) && !RATE_HEADER.test(h))
    .sort((a, b) => Number(!STRONG_ROLE_COLUMN.test(a.h)) - Number(!STRONG_ROLE_COLUMN.test(b.h)) || a.i - b.i)
    .map(({ i }) => i);
  const unitCol = header.findIndex((h) => /^(?:unit|unité|einheit|per)$/i.test(h.trim()));
  const out: RateFound[] = [];
  for (const row of table.rows) {
    const cells = withNotes(alignToHeader(row, header.length), header);
    const aligned = header.length > 0 && cells.length === header.length;
    const named = aligned ? roleCols.find((i) => /\p{L}{2}/u.test(cells[i] ?? '')) : undefined;
    const rc =
      named !== undefined
        ? named
        : cells.findIndex(
            (c, i) =>
              /\p{L}{2}/u.test(c) &&
              !parseMoney(c, ctx.numberStyle) &&
              !(aligned && (LABEL_COLUMNS.has(columnMeaning(header[i] ?? '')) || i === unitCol)),
          );
    const role = (cells[rc] ?? '').replace(/[*_]+/g, '').trim();
    // A label with letters; a numeric range ("10,001 – 50,000", "50,001 and above") is a usage tier, not a role.
    if (
      rc < 0 ||
      !/\p{L}{2}/u.test(role) ||
      parseMoney(role, ctx.numberStyle) ||
      /^\d[\d,.'’ ]*\s*(?:–|-|—|to\b|and\s+above|and\s+over|or\s+more|\+)/i.test(role) ||
      /^(?:total|summe|gesamt)/i.test(role)
    )
      continue;
    cells.forEach((cell, i) => {
      if (i === rc || i === unitCol) return;
      const col = aligned ? (header[i] ?? '') : header.length ? (header[header.length - (cells.length - i)] ?? '') : '';
      if (col && (notRateColumn(col) || (aligned && !RATE_HEADER.test(col) && !unitOf(cell)))) return;
      // A rate before the change ("Rate before this change order") beside the rate after it is no rate of the terms.
      if (
        aligned &&
        columnSide(col) === 'old' &&
        header.some((h, j) => j !== i && RATE_HEADER.test(h) && columnSide(h) !== 'old')
      )
        return;
      const money = parseMoney(cell, ctx.numberStyle);
      // A currency letter before the amount ("K 3,400.00", "P 1,250.00") in a rate column is no word of the row.
      const amount =
        money?.amount ??
        parseAmount(cell.replace(/\s*\/.*$/, ''), ctx.numberStyle) ??
        (col && RATE_HEADER.test(col) ? (cellAmount(cell, ctx)?.amount ?? null) : null);
      if (amount === null || !/\d/.test(cell)) return;
      const unit =
        unitOf(cell) ?? unitOf(col) ?? (unitCol >= 0 ? unitOf(cells[unitCol] ?? '') : null) ?? unitOf(table.caption);
      if (!unit || (unit === 'month' && !unitOf(col) && !unitOf(cell))) return;
      const colCurrency = /\(([A-Z]{3})\b/.exec(col)?.[1] ?? null;
      const from = /\b(?:from|as\s+of|ab|à\s+partir\s+du|effective)\b/i.test(col)
        ? (findDates(col, ctx.dateOrder)[0]?.iso ?? null)
        : null;
      out.push({
        value: {
          role,
          amount,
          unit,
          currency: money ? (money.currency ?? dollar) : colCurrency,
          changed: from !== null,
          effectiveFrom: from,
        },
        start: row.start,
        end: row.end,
      });
    });
  }
  return out;
}

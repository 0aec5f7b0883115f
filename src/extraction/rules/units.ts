import type { RateUnit } from '../sow-terms.ts';

/** The rate unit a phrase names: "per hour", "hourly", "/h", "day rate", "person-day", "per diem", … */
export function unitOf(phrase: string): RateUnit | null {
  const p = phrase.toLowerCase();
  if (/\b(?:hour|hours|hourly|hr|hrs|h)\b|\/h\b|per\s+h\b|\b(?:heures?|std|stunden?)\b|stundensatz/.test(p))
    return 'hour';
  if (
    /\b(?:day|days|daily|per\s+diem|person[- ]days?|man[- ]days?|pd)\b|tagessatz|\b(?:jours?|journée|tage?|pt|personentage?)\b/.test(
      p,
    )
  )
    return 'day';
  if (/\b(?:week|weekly)\b/.test(p)) return 'week';
  // "per man-month", "(KRW / M/M)": the man-month (M/M) of Korean and Japanese rate cards.
  if (/\b(?:month|monthly|mois|monat)\b|monatssatz|\bmensuel|\bm\/m\b/.test(p)) return 'month';
  return null;
}

/** The billing period a phrase names (month, quarter, year), for fees, caps and commitments. */
export function periodOf(phrase: string): 'month' | 'quarter' | 'year' | null {
  const p = phrase.toLowerCase();
  if (
    /\b(?:month|months|monthly|calendar month|mensual)\b|\b(?:monat|monatlich|monats|mois|mensuel(?:le)?s?|mensuellement)\b|monatlich|pro\s+monat|(?:kalender|vertrags|abrechnungs)monat/.test(
      p,
    )
  )
    return 'month';
  if (/\b(?:quarter|quarters|quarterly)\b|quartal|vierteljähr|\btrimestr/.test(p)) return 'quarter';
  if (
    /\b(?:year|years|annum|annual|annually|yearly)\b|p\.\s?a\.|\bjahr\b|jährlich|\b(?:vertrags|kalender|geschäfts|abrechnungs)jahr|\ban\b|\bannée|\bannuel/.test(
      p,
    )
  )
    return 'year';
  return null;
}

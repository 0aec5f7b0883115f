/**
 * A change table's row label that names the price of one unit before the volume band it applies to: "Preis je Abfrage,
 * 100'001 bis 500'000", "Price per message 250,001 – 1,000,000", "Prix par transaction au-delà de 50 000". The band's
 * range keys the tier (as every truth since v10 keys tiers), so the row reads as a usage tier, never as a rate.
 */
const PRICE_PER_UNIT =
  /^\s*(?:unit\s+)?(?:price|preis|prix|tarif|entgelt)\s+(?:per|je|pro|par|for|pour)\s+(?:[\p{L}-]+\s+)??[\p{L}-]+\s*[,:–-]?\s+(?=\S*\d|(?:up\s+to|above|over|beyond|more\s+than|bis|über|ab|de|dès|au-delà|jusqu|plus\s+de)(?![\p{L}]))/iu;

/** The range a price-per-unit label names, or the label as it is. */
export function rangeOfPriceLabel(label: string, isRange: (s: string) => boolean): string {
  const m = PRICE_PER_UNIT.exec(label);
  if (!m) return label;
  const rest = label.slice(m[0].length).trim();
  return isRange(rest) ? rest : label;
}

/**
 * A schedule row that names one attribute of its stage after a dash: "Abnahme Pilotbetrieb – Betrag", "Go-live – due
 * date", "Recette – échéance". The stage is named without it (its value is the amount or the date the row changes).
 */
const ATTRIBUTE_AFTER_NAME =
  /\s+[–—-]\s+(?:betrag|amount|montant|summe|sum|spätestens|termin|fälligkeit|due(?:\s+date)?|(?:target\s+)?date|datum|échéance|au\s+plus\s+tard|no\s+later\s+than)\s*$/iu;

/** A row label without the attribute named after its stage. */
export function withoutAttribute(label: string): string {
  const name = label.replace(ATTRIBUTE_AFTER_NAME, '');
  return /\p{L}{3}/u.test(name) ? name : label;
}

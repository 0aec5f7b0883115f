import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Caps in phrasings the first rounds missed (fourth round). Written for the mechanism, not copied from any corpus document.
const caps = (text: string) =>
  extractWithRules(text).terms.caps.map((c) => ({ kind: c.kind, amount: c.amount ?? null, period: c.period }));

describe('caps', () => {
  it('reads a cap on fees and expenses together as a not-to-exceed', () => {
    expect(caps('All charges, including fees and travel expenses, shall not exceed $96,000.00.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '96000.00', period: null },
    ]);
  });

  it('reads hours per period after "shall not exceed" and "at most"', () => {
    expect(caps('Billable effort shall not exceed 140 hours per month.\n')).toEqual([
      { kind: 'hours_per_period', amount: '140', period: 'month' },
    ]);
    expect(caps('The team will work at most 90 hours per quarter.\n')).toEqual([
      { kind: 'hours_per_period', amount: '90', period: 'quarter' },
    ]);
  });

  it('reads "the cap on" and "the limit on" with a period before or after the amount', () => {
    expect(caps('The cap on travel is increased from EUR 2,000.00 to EUR 3,500.00 per contract year.\n')).toEqual([
      { kind: 'expenses', amount: '3500.00', period: 'year' },
    ]);
    expect(caps('The limit on support charges in any calendar month is USD 4,000.00.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '4000.00', period: 'month' },
    ]);
  });

  it('reads German "auf … beschränkt" and French "limitées à … par année civile"', () => {
    expect(caps("Das Honorar ist auf insgesamt CHF 95'000.00 (exkl. MWST) beschränkt.\n")).toEqual([
      { kind: 'not_to_exceed', amount: '95000.00', period: null },
    ]);
    expect(caps('Les prestations sont limitées à 12.500,00 EUR HTVA par année civile.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '12500.00', period: 'year' },
    ]);
  });

  // Sixth round: caps named by a noun of limiting, changed in French word order, or defined after their amount.
  it('reads a cap named by a limit noun, and its new amount when it changes', () => {
    expect(caps('The contract limit is raised from $50,000.00 to $65,000.00.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '65000.00', period: null },
    ]);
    expect(caps('The maximum charges under the order are increased from £10,000.00 to £12,500.00.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '12500.00', period: null },
    ]);
    expect(caps('The project budget is maximised at € 40.000,- excluding VAT.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '40000.00', period: null },
    ]);
  });

  it('reads a French cap that is raised "de … à …" as the new amount', () => {
    expect(caps('Le plafond du marché est porté de 80 000,00 € HT à 95 000,00 € HT.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '95000.00', period: null },
    ]);
  });

  it('reads a cap the document defines after its amount', () => {
    expect(caps('- $75,000.00 (the "Fee Ceiling")\n\nFees will stay within the Fee Ceiling.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '75000.00', period: null },
    ]);
    expect(caps('Estimate: $75,000.00 (the "Estimate").\n')).toEqual([]);
  });
  it('reads a German cap whose verb follows the amount, and its kind up to the verb', () => {
    const text =
      '4 Kostenrahmen\nDie Vergütung der Leistungen aus dieser Vereinbarung darf den Betrag von 48.300,00 EUR netto nicht ' +
      'überschreiten. reisekosten werden nach Beleg erstattet und von der Auftraggeberin gesondert geprüft.\n';
    expect(caps(text)).toEqual([{ kind: 'not_to_exceed', amount: '48300.00', period: null }]);
  });

  it('reads the period of a cap stated before it in French and in a before/after row label', () => {
    const fr =
      "Les prestations facturées au cours d'un même trimestre civil ne peuvent dépasser 27 000,00 € HT pour le Client.\n";
    expect(caps(fr)).toEqual([{ kind: 'not_to_exceed', amount: '27000.00', period: 'quarter' }]);
    const row =
      'The following terms are changed.\n\n| Term | Before | After |\n|---|---|---|\n| Ceiling per calendar quarter | USD 30,000.00 | USD 36,500.00 |\n';
    expect(caps(row)).toEqual([{ kind: 'not_to_exceed', amount: '36500.00', period: 'quarter' }]);
  });

  it('reads hours caps behind a label or a few words, and not a rollover limit', () => {
    expect(caps('- Quarterly hours cap: 300 hours per quarter (was 260).\n')).toEqual([
      { kind: 'hours_per_period', amount: '300', period: 'quarter' },
    ]);
    const de =
      'Die Wartungsarbeiten werden von der Auftragnehmerin höchstens im Ausmaß von 45 Stunden pro Kalendermonat erbracht.\n';
    expect(caps(de)).toEqual([{ kind: 'hours_per_period', amount: '45', period: 'month' }]);
    const rollover =
      'Nicht verbrauchte Stunden werden in den Folgemonat übertragen, und zwar höchstens bis zu 12 Stunden pro Monat.\n';
    expect(caps(rollover)).toEqual([]);
  });
});

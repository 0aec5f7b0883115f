import { describe, expect, it } from 'vitest';
import { clauseAround, scopePeriodBefore } from './cap-sentences.ts';
import { extractWithRules } from './extract-rules.ts';

// Round eighteen: caps, usage bands and rates by meaning (limit word + amount + scope + period; bands as bullets or
// sentences; rate columns named by a money per unit; a role in apposition). Written for the mechanisms, with
// wordings of our own.
const terms = (text: string) => extractWithRules(text).terms;
const tiers = (text: string) => terms(text).usageTiers.map((t) => [t.from, t.upTo, t.unitPrice] as const);
const caps = (text: string) => terms(text).caps.map((c) => [c.kind, c.amount, c.period] as const);

describe('usage bands as bullets and sentences', () => {
  it('reads ordinal bounds ("from the 10,001st to the 50,000th") and an article before the second bound', () => {
    expect(
      tiers(
        'Charges:\n- for the first 10,000 lookups, USD 0.050 per lookup;\n- from the 10,001st to the 50,000th lookup, USD 0.040 per lookup;\n- for every lookup above 50,000, USD 0.025 per lookup.\n',
      ),
    ).toEqual([
      [1, 10000, '0.050'],
      [10001, 50000, '0.040'],
      [50001, null, '0.025'],
    ]);
  });
  it('reads "bis N" as an upper bound and "über N" as an open band, in German bullets', () => {
    expect(
      tiers(
        'Preise:\n\n- bis 5.000 Abrufe: 0,30 € je Abruf\n- 5.001 bis 20.000 Abrufe: 0,22 € je Abruf\n- über 20.000 Abrufe: 0,15 € je Abruf\n',
      ),
    ).toEqual([
      [1, 5000, '0.30'],
      [5001, 20000, '0.22'],
      [20001, null, '0.15'],
    ]);
  });
  it('cuts list lines the PDF text layer ran together before each band once a price was read', () => {
    expect(
      tiers(
        "4. Prix par dossier\njusqu'à 1 000 dossiers ...... 2,40 € par dossier de 1 001 à 5 000 dossiers ..... 1,90 € par\ndossier plus de 5 000 dossiers ...... 1,50 € par dossier Minimum facturé : 300,00 €.\n",
      ),
    ).toEqual([
      [1, 1000, '2.40'],
      [1001, 5000, '1.90'],
      [5001, null, '1.50'],
    ]);
  });
  it('does not read hours a fee covers ("covers up to 40 hours … time over 40 hours") as bands', () => {
    expect(
      tiers(
        'We charge a fee of USD 5,000.00 each month, which covers up to 40 hours of work in that month. Time over 40 hours is charged at USD 140.00 per hour.',
      ),
    ).toEqual([]);
  });
});

describe('caps by sentence meaning', () => {
  it('reads the period a cap is scoped to before its amount, in English and French', () => {
    expect(scopePeriodBefore('Support work billed in any fiscal year of the Buyer ')).toBe('year');
    expect(scopePeriodBefore("Les travaux facturés au titre d'un même trimestre civil ")).toBe('quarter');
    expect(scopePeriodBefore('Les honoraires par exercice ')).toBe('year');
    expect(scopePeriodBefore('The fees for the project ')).toBeNull();
    expect(caps('Support work billed in any fiscal year of the Buyer shall not exceed $25,000.00.')).toEqual([
      ['not_to_exceed', '25000.00', 'year'],
    ]);
  });
  it('reads an hours limit whose limit word, hours and period are spread over the sentence', () => {
    expect(
      caps("Le Prestataire ne peut facturer plus de 300 heures au titre d'un même trimestre civil.").filter(
        (c) => c[0] === 'hours_per_period',
      ),
    ).toEqual([['hours_per_period', '300', 'quarter']]);
  });
  it('gives each amount the kind of its own clause when two sentences ran together', () => {
    expect(clauseAround('Fees are at most 9 000,00 Kč. travel expenses at most 500,00 Kč.', 40)).toBe(
      'travel expenses at most 500,00 Kč.',
    );
  });
  it('takes the new amount of a superseded cap and of an active "ersetzt die bisherige"', () => {
    expect(
      caps('The not-to-exceed amount of $90,000.00 is superseded by a not-to-exceed amount of $120,000.00.'),
    ).toEqual([['not_to_exceed', '120000.00', null]]);
    expect(
      caps(
        'Die Obergrenze der Reisekosten beträgt 8 000,00 EUR; sie ersetzt die bisherige Obergrenze von 5 000,00 EUR.',
      ),
    ).toEqual([['expenses', '8000.00', null]]);
  });
  it('reads no cap from the maximum of a contractual penalty', () => {
    expect(
      caps("Bei Verzug schuldet sie eine Konventionalstrafe von CHF 300.– pro Kalendertag, höchstens CHF 9'000.–."),
    ).toEqual([]);
  });
  it('joins a figure the PDF text layer wrapped at its group space', () => {
    expect(
      caps(
        'Le plafond de 80 000,00 € HT est remplacé par un plafond de 95\n000,00 € HT, qui se substitue au précédent.',
      ),
    ).toEqual([['not_to_exceed', '95000.00', null]]);
  });
});

describe('rates by header meaning and by a role in apposition', () => {
  it('reads a rate column named by a money per unit, the role column after it', () => {
    const rates = terms(
      '| Code | $/hour | Labor category | Estimated hours |\n|---|---|---|---|\n| X-1 | 150.00 | Solution Architect | 100 |\n| X-2 | 95.00 | Tester | 200 |\n',
    ).rates.map((r) => [r.role, r.amount, r.unit]);
    expect(rates).toEqual([
      ['Solution Architect', '150.00', 'hour'],
      ['Tester', '95.00', 'hour'],
    ]);
  });
  it('reads a currency-per-unit header under a caption sentence', () => {
    const rates = terms(
      'Les travaux sont facturés au temps passé :\n\n| Intervenant | XAF par heure |\n|---|---|\n| Architecte | 42 000 |\n| Technicienne | 21 000 |\n',
    ).rates.map((r) => [r.role, r.amount]);
    expect(rates).toEqual([
      ['Architecte', '42000'],
      ['Technicienne', '21000'],
    ]);
  });
  it('reads dotted-leader rate lines the PDF text layer ran together, a tab after a leader included', () => {
    const rates = terms(
      '2 Stundensätze (netto, je Stunde)\nArchitekt/in ...................... 210,00 EUR Entwickler/in ............ 150,00 EUR\nTester/in ..................\t110,00 EUR\n3 Rechnung\n',
    ).rates.map((r) => [r.role, r.amount, r.unit]);
    expect(rates).toEqual([
      ['Architekt/in', '210.00', 'hour'],
      ['Entwickler/in', '150.00', 'hour'],
      ['Tester/in', '110.00', 'hour'],
    ]);
  });
  it('reads the role named right after the rate noun', () => {
    const rates = terms(
      '1. Ziffer 4: Der Ansatz Datenanalystin beträgt neu CHF 142.– pro Stunde (bisher CHF 135.–).',
    ).rates;
    expect(rates.map((r) => r.role)).toEqual(['Datenanalystin']);
  });
});

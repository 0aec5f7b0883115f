import { describe, expect, it } from 'vitest';
import { findMoney } from './money.ts';
import { extractWithRules } from './extract-rules.ts';

// Rate cards in forms the first rounds missed (fourth round). Written for the mechanism, not copied from any corpus document.
const rates = (text: string) =>
  extractWithRules(text).terms.rates.map((r) => [r.role, r.amount, r.unit] as [string, string, string]);

describe('number groupings', () => {
  it('reads an amount grouped by plain spaces right after its currency, and the Indian lakh grouping', () => {
    expect(findMoney('NOK 2 375 per hour', 'en').map((m) => m.amount)).toEqual(['2375']);
    expect(findMoney('NOK 1 080 000 in total', 'en').map((m) => m.amount)).toEqual(['1080000']);
    expect(findMoney('₹ 12,75,500.00', 'en').map((m) => m.amount)).toEqual(['1275500.00']);
  });
});

describe('rates in prose', () => {
  it('gives each amount the role after it when every amount has one', () => {
    expect(
      rates(
        'Work is billed hourly. The hourly rates are NOK 1 900 per hour for a lead analyst, NOK 1 400 per hour for an analyst and NOK 990 per hour for a trainee.\n',
      ),
    ).toEqual([
      ['lead analyst', '1900.00', 'hour'],
      ['analyst', '1400.00', 'hour'],
      ['trainee', '990.00', 'hour'],
    ]);
    expect(
      rates(
        "Nach Aufwand. Es gelten Tagesansätze von CHF 1'450.00 für die Projektleitung und CHF 1'180.00 für einen Architekten.\n",
      ),
    ).toEqual([
      ['Projektleitung', '1450.00', 'day'],
      ['Architekten', '1180.00', 'day'],
    ]);
  });

  it('reads a German rate sentence that names the role before the rate word', () => {
    expect(
      rates('Nach Aufwand. Für die Testleiterin gilt ein Tagessatz von 1.020,00 EUR, für Tester von 810,00 EUR.\n'),
    ).toEqual([
      ['Testleiterin', '1020.00', 'day'],
      ['Tester', '810.00', 'day'],
    ]);
  });

  it('reads a role and a dash before each amount, and roles before amounts in a change-request clause', () => {
    expect(
      rates(
        'Charges. Time is charged at these rates: Data Modeller –\n  $ 140 per hour; Report Writer – $ 95 per hour.\n',
      ),
    ).toEqual([
      ['Data Modeller', '140.00', 'hour'],
      ['Report Writer', '95.00', 'hour'],
    ]);
    expect(
      rates(
        'Change requests are charged on time and material basis: field engineer USD 640.00 per day and remote engineer USD 310.00 per day.\n',
      ),
    ).toEqual([
      ['field engineer', '640.00', 'day'],
      ['remote engineer', '310.00', 'day'],
    ]);
  });
});

describe('rate tables by header meaning', () => {
  it('reads a standard-rate column beside estimated hours, and a role column after a grade code', () => {
    const table =
      '| Staff category | Est. Hours | Std. Rate (USD/hr) | Extended (USD) |\n|---|---|---|---|\n| Cloud Architect | 100 | 230.00 | 23,000.00 |\n| Tester | 40 | 90.00 | 3,600.00 |\n';
    expect(rates(`Rates\n\n${table}`)).toEqual([
      ['Cloud Architect', '230.00', 'hour'],
      ['Tester', '90.00', 'hour'],
    ]);
    const aligned =
      'Day rates:\n\n   Band   Day rate (GBP)   Role\n   B1          1,100.00    Lead Auditor\n   B2            780.00    Auditor\n';
    expect(rates(aligned)).toEqual([
      ['Lead Auditor', '1100.00', 'day'],
      ['Auditor', '780.00', 'day'],
    ]);
  });
});

// Fifth round: a role named after a role word, a unit-only rate header, and a retainer's overage that is not a rate card
// entry. Written for the mechanism, not copied from any corpus document.
describe('rates: role words, unit headers, overage', () => {
  const rates = (text: string) =>
    extractWithRules(text).terms.rates.map((r) => [r.role, r.amount, r.unit] as [string, string, string]);

  it('takes the role named after "role …:" or German "Rolle"', () => {
    expect(rates('# Change\n\n2. A further role is added: Cloud Architect, charged at £1,100.00 per day.\n')).toEqual([
      ['Cloud Architect', '1100.00', 'day'],
    ]);
    expect(
      rates('# Änderung\n\nFür die Migration wird die Rolle Netzwerktechniker zu CHF 160.00 pro Stunde eingesetzt.\n'),
    ).toEqual([['Netzwerktechniker', '160.00', 'hour']]);
  });

  it('reads a table whose rate header is only a unit and whose role header is "Who"', () => {
    expect(
      rates(
        '# Letter\n\n| Who | Per hour (excl GST) |\n|---|---|\n| Data Analyst | NZ$130.00 |\n| Tester | NZ$95.00 |\n',
      ),
    ).toEqual([
      ['Data Analyst', '130.00', 'hour'],
      ['Tester', '95.00', 'hour'],
    ]);
  });

  it('does not take hours above the included ones for a rate card entry', () => {
    expect(
      rates(
        '# Support\n\nThe monthly fee is EUR 4,000.00 and includes 30 hours. Hours above the included 30 hours are charged EUR 120.00 per hour.\n',
      ),
    ).toEqual([]);
  });
});

// Sixth round: the role of an amendment's rate sentence, named after a role word or a rate noun, in en/de/fr.
describe('roles in rate sentences of amendments', () => {
  it('takes the role after a role word, whatever verb follows it', () => {
    expect(
      rates(
        '# Nachtrag 2\n\nNeu aufgenommen wird die Rolle Cloud-Architekt mit einem Stundensatz von 131,00 € netto.\n',
      ),
    ).toEqual([['Cloud-Architekt', '131.00', 'hour']]);
  });
  it('takes the role after a rate noun and its preposition, also in French with a lower-case adjective', () => {
    expect(
      rates(
        "# Avenant 1\n\nLe prix de journée de l'Analyste fonctionnel passe de 700,00 € HT à 740,00 € HT par jour.\n",
      ),
    ).toEqual([['Analyste fonctionnel', '740.00', 'day']]);
  });
  it('does not take a tax for a role', () => {
    const got = rates('Le taux de TVA est 20 %. Le consultant est facturé 650,00 € HT par jour.\n').map((r) => r[0]);
    expect(got).not.toContain('TVA');
  });
});

describe('rates per man-month', () => {
  it('reads a rate card whose price column is per man-month (M/M)', () => {
    expect(
      rates(
        '| Grade | Unit price (KRW / M/M) | Planned input (M/M) |\n|---|---|---|\n| Senior Engineer | 12,500,000 | 4 |\n| Junior Engineer | 7,900,000 | 6 |\n',
      ),
    ).toEqual([
      ['Senior Engineer', '12500000', 'month'],
      ['Junior Engineer', '7900000', 'month'],
    ]);
  });
});

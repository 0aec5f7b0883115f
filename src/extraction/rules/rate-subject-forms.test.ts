import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';
import { extractWithRules } from './extract-rules.ts';

// Round fifteen's rate and cap forms: the role as the subject of its rate, lower-case list labels, a rate's own start,
// a cell that is itself a labelled rate, a before/after table named by its caption, and a German cap period stated
// first. Written in our own words for the mechanism, not copied from any corpus document.
const rates = (text: string) =>
  extractWithRules(text).terms.rates.map((r) => [r.role, r.amount, r.unit] as [string, string, string]);
const rateStarts = (text: string) =>
  extractWithRules(text).terms.rates.map((r) => [r.role, r.amount, r.effectiveFrom] as [string, string, string | null]);
const caps = (text: string) =>
  extractWithRules(text).terms.caps.map((c) => ({ kind: c.kind, amount: c.amount ?? null, period: c.period }));

describe('the role as the subject of its rate', () => {
  it('reads the role after a later "für" when the first names the work, and "the X rate" in lower case', () => {
    expect(
      rates(
        'Nachtrag 4 zum Rahmenvertrag.\n\nFür Arbeiten im Hafen gilt für Logistikplaner/in künftig ein Tagessatz von 990,00 EUR.\n',
      ),
    ).toEqual([['Logistikplaner/in', '990.00', 'day']]);
    expect(
      rates(
        'Change order 5.\n\n2. From 1 March 2030 the Quality Engineer rate rises from $141.00 to $149.00 per hour.\n',
      ),
    ).toEqual([['Quality Engineer', '149.00', 'hour']]);
  });

  it('reads "A/An X is added at a daily rate" and "The X rate changes to"', () => {
    expect(
      rates('Addendum 2 to the agreement.\n\n1. An Integration Tester is added at a daily rate of EUR 640.00.\n'),
    ).toEqual([['Integration Tester', '640.00', 'day']]);
    expect(
      rates('Amendment 3 to the agreement.\n\n1. The Records Archivist rate changes to USD 88.00 per hour.\n'),
    ).toEqual([['Records Archivist', '88.00', 'hour']]);
  });

  it('reads a German genitive after the rate word and "für die X … Tagessatz"', () => {
    expect(rates('Nachtrag 1.\n\nDer Tagessatz der Prozessberaterin steigt von 900,00 € auf 950,00 €.\n')).toEqual([
      ['Prozessberaterin', '950.00', 'day'],
    ]);
    expect(rates('Nachtrag 2.\n\nFür die Qualitätssicherung gilt künftig ein Tagessatz von 870,00 €.\n')).toEqual([
      ['Qualitätssicherung', '870.00', 'day'],
    ]);
  });
});

describe('list labels and items', () => {
  it('reads lower-case roles of a French list and a "de … à" change in a list item', () => {
    expect(
      rates('Régie.\n\n- analyste fonctionnel : EUR 92,00 de l’heure\n- testeuse : EUR 71,00 de l’heure\n'),
    ).toEqual([
      ['analyste fonctionnel', '92.00', 'hour'],
      ['testeuse', '71.00', 'hour'],
    ]);
    expect(rates('Avenant.\n\n- Urbaniste : de 1 010,00 EUR à 1 060,00 EUR par jour ;\n')).toEqual([
      ['Urbaniste', '1060.00', 'day'],
    ]);
  });

  it('reads items "amount role; amount role" after a label that names the rate and its unit', () => {
    expect(rates('Vertrag.\n\n- Stundensätze: 121,00 € Qualitätsprüferin; 97,00 € Datenpfleger.\n')).toEqual([
      ['Qualitätsprüferin', '121.00', 'hour'],
      ['Datenpfleger', '97.00', 'hour'],
    ]);
  });

  it('does not take a tax or unit word for a role', () => {
    expect(rates('Avenant.\n\nLe taux journalier de l’Urbaniste passe de 1 010,00 € HT à 1 060,00 € HT.\n')).toEqual([
      ['Urbaniste', '1060.00', 'day'],
    ]);
  });
});

describe('a rate with its own start', () => {
  it('takes the date of "ab dem" in the rate\'s own clause, not the start of another clause', () => {
    expect(
      rateStarts(
        'Änderungsauftrag 4\n\nMit Wirkung ab dem 01.03.2029 wird die Laufzeit verlängert; der Tagessatz der Testmanagerin steigt ab dem 01.05.2029 von 1.000,00 € auf 1.060,00 €.\n',
      ),
    ).toEqual([['Testmanagerin', '1060.00', '2029-05-01']]);
  });
});

describe('rates in tables', () => {
  it('reads a cell that is itself a labelled rate', () => {
    expect(
      rates(
        'Avenant 2.\n\n| Article | Nouvelle rédaction |\n|---|---|\n| 4 | Architecte cloud : 910,00 € HT par jour |\n',
      ),
    ).toEqual([['Architecte cloud', '910.00', 'day']]);
  });

  it('reads a before/after table whose caption names the rates and whose rows name only roles', () => {
    const text =
      'Change Order 7\n\nThe hourly rates of two labor categories are changed as follows.\n\n| Labor category | Rate before this change order | Rate after this change order |\n|---|---|---|\n| Field Surveyor | $101.00 | $108.00 |\n';
    expect(rates(text)).toEqual([['Field Surveyor', '108.00', 'hour']]);
    expect(
      changesOf(`# ${text}`)
        .filter((c) => c.startsWith('rates'))
        .map((c) => c.replace(/\s*@.*$/, '')),
    ).toEqual(['rates[Field Surveyor] 101.00 -> 108.00']);
  });

  it('reads a role named with ", hourly" in a before/after row, and a rate per person-month in an arrow line', () => {
    expect(
      rates(
        'Change Order 2\n\n| Term | Current | Revised |\n|---|---|---|\n| Mapping Analyst, hourly | $90.00 | $96.00 |\n',
      ),
    ).toEqual([['Mapping Analyst', '96.00', 'hour']]);
    expect(
      rates('Change Request 3\n\n(i) Rate per person-month, Cloud Engineer: USD 9,100.00 -> USD 9,600.00.\n'),
    ).toEqual([['Cloud Engineer', '9600.00', 'month']]);
  });
});

describe("overage is no role's rate", () => {
  it('leaves out hours beyond a package or an hours bank, in English and French', () => {
    expect(rates('Support package.\n\nFurther hours are charged at USD 180.00 per hour.\n')).toEqual([]);
    expect(rates('Support package.\n\nHours above the monthly allowance: USD 180.00 per hour.\n')).toEqual([]);
    expect(rates('Banque d’heures.\n\n4. Heures excédentaires : 140,00 $ de l’heure.\n')).toEqual([]);
  });
});

describe('caps', () => {
  it('reads a German or French period stated before a capped amount', () => {
    expect(caps('Vertrag.\n\nJe Kalendermonat werden höchstens 18.500,00 € abgerechnet.\n')).toEqual([
      { kind: 'not_to_exceed', amount: '18500.00', period: 'month' },
    ]);
  });
});

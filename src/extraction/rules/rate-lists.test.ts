import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Round fourteen's rate and cap forms, in English, German and French. Invented for the mechanism, not copied from any
// corpus document: a rate column before the role, a currency letter before the amount, role lists under a heading that
// names the rate and its unit, before/after change tables and arrow lists, and hour caps per period.
const terms = (text: string) => extractWithRules(text).terms;
const rates = (text: string) => terms(text).rates.map((r) => [r.role, r.amount, r.unit]);
const caps = (text: string) =>
  terms(text)
    .caps.filter((c) => c.kind !== 'expenses')
    .map((c) => [c.kind, c.amount ?? null, c.period ?? null]);

describe('rate cards with the rate column first or a currency letter before the amount', () => {
  it.each([
    [
      'en, rate first',
      '# Statement of Work\n\nThe currency is KES.\n\n| Daily rate (KES) | Role | Days |\n|---|---|---|\n| Sh 42,000.00 | Architect | 20 |\n| Sh 31,500.00 | Tester | 35 |\n',
      [
        ['Architect', '42000.00', 'day'],
        ['Tester', '31500.00', 'day'],
      ],
    ],
    [
      'en, letter after the role',
      '# Statement of Work\n\n| Level | Role | Hourly rate (ZAR) |\n|---|---|---|\n| L3 | Lead Engineer | R 1,450.00 |\n| L1 | Support Engineer | R 780.00 |\n',
      [
        ['Lead Engineer', '1450.00', 'hour'],
        ['Support Engineer', '780.00', 'hour'],
      ],
    ],
  ])('%s', (_name, text, want) => {
    expect(rates(text)).toEqual(want);
  });
});

describe('role lists under a line that names the rate and its unit', () => {
  it.each([
    [
      'de, dotted leaders',
      'Rahmenvertrag\n\n4  STUNDENSÄTZE (netto)\n   Projektleitung ................. EUR   145,00\n   Entwicklung .................... EUR   118,00\n',
      [
        ['Projektleitung', '145.00', 'hour'],
        ['Entwicklung', '118.00', 'hour'],
      ],
    ],
    [
      'fr, amount then role',
      'Contrat de prestations\n\nLes journées sont facturées aux taux suivants :\n\n- 720,00 € : Architecte logiciel\n- 540,00 € : Développeuse\n',
      [
        ['Architecte logiciel', '720.00', 'day'],
        ['Développeuse', '540.00', 'day'],
      ],
    ],
    [
      'en, role then amount',
      'Statement of Work\n\nDay rates (per person-day):\n\n- Delivery Lead: USD 1,100.00\n- Analyst: USD 850.00\n',
      [
        ['Delivery Lead', '1100.00', 'day'],
        ['Analyst', '850.00', 'day'],
      ],
    ],
  ])('%s', (_name, text, want) => {
    expect(rates(text)).toEqual(want);
  });

  it('leaves a list of amounts under a heading with no rate word', () => {
    expect(rates('Statement of Work\n\nDeliverables:\n\n- Design: USD 12,000.00\n- Build: USD 30,000.00\n')).toEqual(
      [],
    );
  });
});

describe('before/after change tables and arrow lists', () => {
  it.each([
    [
      'de, alte / neue Fassung',
      '# Nachtrag Nr. 2\n\n| Ziffer | Regelung | alte Fassung | neue Fassung |\n|---|---|---|---|\n| § 5 | Stundensatz Testmanager/in | 120,00 € | 126,00 € |\n| § 6 | Höchstbetrag der Vergütung | 90.000,00 € | 110.000,00 € |\n',
      [['Testmanager/in', '126.00', 'hour']],
      [['not_to_exceed', '110000.00', null]],
    ],
    [
      'fr, actuel / nouveau',
      '# Avenant n° 1\n\n| Article | Actuel | Nouveau |\n|---|---|---|\n| 3.1 – TJM HT Cheffe de projet | 800,00 € | 840,00 € |\n| 3.2 – Montant total maximal | 96 000,00 € HT | 120 000,00 € HT |\n',
      [['Cheffe de projet', '840.00', 'day']],
      [['not_to_exceed', '120000.00', null]],
    ],
    [
      'en, current / revised with hours',
      '# Change Order 4\n\n| Term | Current | Revised |\n|---|---|---|\n| Data Engineer, per hour | NZ$ 210.00 | NZ$ 225.00 |\n| Fee ceiling | NZ$ 300,000.00 | NZ$ 360,000.00 |\n| Hours per month, at most | 300 | 360 |\n',
      [['Data Engineer', '225.00', 'hour']],
      [
        ['not_to_exceed', '360000.00', null],
        ['hours_per_period', '360', 'month'],
      ],
    ],
    [
      'en, arrows',
      '# Change Order 7\n\nChanged terms:\n\n- Tester day rate: USD 640.00 -> USD 690.00\n- Ceiling price: USD 90,000.00 → USD 104,000.00\n',
      [['Tester', '690.00', 'day']],
      [['not_to_exceed', '104000.00', null]],
    ],
  ])('%s', (_name, text, wantRates, wantCaps) => {
    expect(rates(text)).toEqual(wantRates);
    expect(caps(text)).toEqual(wantCaps);
  });

  it('reads no rate from a fee per month or a cap from hours a fee includes', () => {
    const text =
      '# Avenant\n\n| Élément | Actuel | Nouveau |\n|---|---|---|\n| Forfait pro Monat | 1.000,00 EUR | 1.200,00 EUR |\n| Heures comprises par mois | 10 | 12 |\n';
    expect(rates(text)).toEqual([]);
    expect(caps(text)).toEqual([]);
  });
});

describe('caps in German and hours per period', () => {
  it.each([
    [
      'de, mit … begrenzt',
      'Vertrag.\n\nDie Vergütung ist mit EUR 80.000,00 begrenzt.\n',
      [['not_to_exceed', '80000.00', null]],
    ],
    [
      'de, pro Kalenderjahr',
      "Vertrag.\n\nDer Zusatzaufwand ist auf höchstens CHF 12'000.– pro Kalenderjahr beschränkt.\n",
      [['not_to_exceed', '12000.00', 'year']],
    ],
    [
      'de, period first',
      'Vertrag.\n\nJe Kalendermonat werden höchstens 120 Stunden geleistet.\n',
      [['hours_per_period', '120', 'month']],
    ],
    [
      'en, in total',
      'Statement of Work.\n\nThe Contractor will not bill more than 250 hours in total in any calendar month.\n',
      [['hours_per_period', '250', 'month']],
    ],
  ])('%s', (_name, text, want) => {
    expect(caps(text)).toEqual(want);
  });
});

describe('a rate changed "von … auf …" in German prose', () => {
  it.each([
    [
      'Rolle … steigt',
      '# Änderungsauftrag 3\n\nDer Tagessatz der Rolle Testarchitekt/in steigt von 1.020,00 € auf 1.080,00 €.\n',
      [['Testarchitekt/in', '1080.00', 'day']],
    ],
    [
      'erhöht sich',
      '# Nachtrag 2\n\nDer Stundensatz für den Senior-Berater erhöht sich von 140,00 EUR auf 150,00 EUR.\n',
      [['Senior-Berater', '150.00', 'hour']],
    ],
  ])('%s', (_name, text, want) => {
    expect(rates(text)).toEqual(want);
  });
});

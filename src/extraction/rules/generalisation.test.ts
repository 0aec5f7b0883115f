import { describe, expect, it } from 'vitest';
import { findProposedChanges } from '../changes/proposed-change.ts';
import { textDocument } from '../text/document-text.ts';
import { extractWithRules } from './extract-rules.ts';
import { findMoney } from './money.ts';
import { parseAmount } from './numbers.ts';
import { findTablesIn } from './tables.ts';

// Written for the mechanisms of issue 15 (not copied from any corpus document): each case states a
// pattern in words a different firm might use, so a rule that only memorised one document fails.
const terms = (text: string) => extractWithRules(text).terms;
const changes = (text: string) => {
  const doc = textDocument(text);
  return findProposedChanges(doc, extractWithRules(doc).terms).map(({ field, key, from, to, effectiveDate }) => ({
    field,
    key,
    from,
    to,
    effectiveDate,
  }));
};

describe('number and money forms', () => {
  it('reads a dash for the cents, a trailing dollar sign and a leading-zero decimal comma', () => {
    expect(findMoney('€ 2.340,- per day', 'en').map((m) => [m.currency, m.amount])).toEqual([['EUR', '2340']]);
    expect(findMoney('Fr. 980.– pro Tag', 'en').map((m) => [m.currency, m.amount])).toEqual([['CHF', '980']]);
    expect(findMoney('au taux de 210,00 $ l’heure', 'eu').map((m) => [m.currency, m.amount])).toEqual([
      [null, '210.00'],
    ]);
    expect(parseAmount('0,085', 'en')).toBe('0.085');
    expect(parseAmount('4,500', 'en')).toBe('4500');
  });

  it('does not end a sentence at "Fr." before an amount', () => {
    const t = terms(
      "Leistungsschein\nDie Arbeiten werden nach Aufwand verrechnet:\n- Architektin: Fr. 1'720.00 pro Tag\n- Entwickler: Fr. 1'310.00 pro Tag\n",
    );
    expect(t.rates.map((r) => [r.role, r.amount, r.unit])).toEqual([
      ['Architektin', '1720.00', 'day'],
      ['Entwickler', '1310.00', 'day'],
    ]);
  });
});

describe('rate cards', () => {
  it('reads a plain-text table aligned with spaces, header by meaning', () => {
    const text =
      'STATEMENT OF WORK\nServices are billed on a time and materials basis.\n\n   Grade                 Unit     Rate\n   Principal Analyst     hour     $240.00\n   Junior Analyst        hour     $135.00\n';
    expect(findTablesIn(text).map((t) => t.rows.length)).toEqual([2]);
    expect(terms(text).rates.map((r) => [r.role, r.amount, r.unit])).toEqual([
      ['Principal Analyst', '240.00', 'hour'],
      ['Junior Analyst', '135.00', 'hour'],
    ]);
  });

  it('reads a rate with a tax qualifier or a parenthesis between amount and unit', () => {
    const t = terms(
      'Contrat de prestation\nLes prestations sont facturées en régie :\n- 1 040,00 EUR HT par jour pour un chef de projet ;\n- 860,00 EUR HT par jour pour une analyste.',
    );
    expect(t.rates.map((r) => [r.role, r.amount, r.unit])).toEqual([
      ['chef de projet', '1040.00', 'day'],
      ['analyste', '860.00', 'day'],
    ]);
    expect(
      terms(
        'CONSULTING AGREEMENT\nThe Company shall pay the Advisor at the rate of two hundred dollars ($200.00) per hour.',
      ).rates.map((r) => r.amount),
    ).toEqual(['200.00']);
  });

  it('does not read three-word lists or numbered prose as a space table', () => {
    expect(findTablesIn('1.   The Supplier   shall deliver.\nSome text   with gaps.\n')).toEqual([]);
    expect(findTablesIn('Only one line    $100.00\n')).toEqual([]);
  });
});

describe('usage tiers written in words', () => {
  it('reads first / next / beyond clauses with European grouping', () => {
    const t = terms(
      'ORDER FORM\nAPI calls are charged each month as follows: the first 50.000 calls at EUR 0,020 per call; the next 150.000 calls at EUR 0,015 per call; every call beyond 200.000 at EUR 0,010 per call.',
    );
    expect(t.usageTiers.map((x) => [x.from, x.upTo, x.unitPrice])).toEqual([
      [1, 50000, '0.020'],
      [50001, 200000, '0.015'],
      [200001, null, '0.010'],
    ]);
  });

  it('reads tiers as German list lines with the unit before the range', () => {
    const t = terms(
      "Dienstleistungsvertrag\nJe Kalendermonat gilt:\n- Belege 1 bis 5'000: CHF 0.90 pro Beleg\n- Belege 5'001 bis 20'000: CHF 0.70 pro Beleg\n- ab Beleg 20'001: CHF 0.55 pro Beleg\n",
    );
    expect(t.usageTiers.map((x) => [x.from, x.upTo, x.unitPrice])).toEqual([
      [1, 5000, '0.90'],
      [5001, 20000, '0.70'],
      [20001, null, '0.55'],
    ]);
  });

  it('ignores amounts that do not follow on from each other', () => {
    expect(terms('SOW\nWe ran 3 workshops at $900.00 each; 12 interviews at $150.00 each.').usageTiers).toEqual([]);
  });
});

describe('caps in prose', () => {
  it('reads expenses as a share of fees in English, German and French', () => {
    expect(terms('SOW\nTravel expenses will not exceed 7% of the professional fees.').caps).toEqual([
      { kind: 'expenses', period: null, percentOfFees: 7 },
    ]);
    expect(terms('Leistungsschein\nReisekosten werden mit 4 % der abgerechneten Honorare vergütet.').caps).toEqual([
      { kind: 'expenses', period: null, percentOfFees: 4 },
    ]);
  });

  it('reads a cap stated after its amount and a budget ceiling', () => {
    expect(
      terms('CHANGE ORDER\n**Price.** $340,000.00 — Revised Not-to-Exceed amount.').caps.map((c) => [c.kind, c.amount]),
    ).toEqual([['not_to_exceed', '340000.00']]);
    expect(
      terms('SOW\nThe overall budget ceiling for this SOW is £120,000.').caps.map((c) => [c.kind, c.amount]),
    ).toEqual([['not_to_exceed', '120000.00']]);
  });
});

describe('minimum commitments', () => {
  it('takes the period stated a little after the amount', () => {
    expect(
      terms('ORDER FORM\nThe Customer commits to a minimum of EUR 9.000,00 in storage charges per quarter.')
        .minimumCommitment,
    ).toEqual({ amount: '9000.00', period: 'quarter' });
  });
});

describe('invoicing cadences', () => {
  it('reads fortnightly, "Monthly, in arrears" and invoicing on completion', () => {
    expect(terms('SOW\nThe Consultant will invoice every fortnight for work performed.').invoiceFrequency).toBe(
      'other',
    );
    expect(terms('SOW\n3. Invoicing. Monthly, in arrears, from the usage logs.').invoiceFrequency).toBe('monthly');
    expect(
      terms(
        'SOW\nFixed price of £20,000. The Supplier will invoice the full price once the final report has been delivered and accepted.',
      ).invoiceFrequency,
    ).toBe('on_completion');
    expect(
      terms(
        'Werkvertrag\nFür das Werk gilt ein Festpreis von 12.000,00 EUR. Die Vergütung wird nach Abnahme des Werks in einer Summe in Rechnung gestellt.',
      ).invoiceFrequency,
    ).toBe('on_completion');
  });
});

describe('references and order numbers', () => {
  it('takes the document’s own number, not the parent agreement’s', () => {
    expect(terms('# Change Order CO-77 to Statement of Work SOW-2025-301\nThe parties agree.').reference).toBe('CO-77');
    expect(terms('# Leistungsschein zum Rahmenvertrag RV-2023-02: LS-19/2026\nAuftraggeber: A GmbH').reference).toBe(
      'LS-19/2026',
    );
    expect(terms('# Amendment No. 3 to SOW TR-2024-88\nAmendment reference: TR-2024-88-A3\n').reference).toBe(
      'TR-2024-88-A3',
    );
  });

  it('reads a purchase order number before its label, and a French demande d’achat', () => {
    expect(terms('SOW\n4. PO. 77-PO-1234 is the purchase order number issued for this SOW.').poNumber).toBe(
      '77-PO-1234',
    );
    expect(
      terms(
        'Contrat de prestation\nLe présent contrat fait suite à la demande d’achat numéro DA-2026-0042 du Client.'.replace(
          '’',
          "'",
        ),
      ).poNumber,
    ).toBe('DA-2026-0042');
  });
});

describe('proposed changes of amendments in three languages', () => {
  it('reads "replaced by", a superseded parenthesis and a clause’s own effective date', () => {
    const c = changes(`CHANGE ORDER No. CO-12
Change effective from: 1 March 2026
(a) The not-to-exceed amount of $80,000 is deleted and replaced by a not-to-exceed amount of $95,000.
(b) Effective April 1, 2026, the hourly rate for the Data Analyst increases from $120.00 to $130.00.
(c) Up to 8 unused hours (previously 4) may be carried forward to the next month.`);
    expect(c).toEqual([
      { field: 'caps.not_to_exceed', key: null, from: '80000.00', to: '95000.00', effectiveDate: '2026-03-01' },
      { field: 'rates', key: 'Data Analyst', from: '120.00', to: '130.00', effectiveDate: '2026-04-01' },
      { field: 'retainer.rolloverHoursMax', key: null, from: '4', to: '8', effectiveDate: '2026-03-01' },
    ]);
  });

  it('reads a German change order ("durch … ersetzt", "bisher")', () => {
    const c = changes(`# Änderungsauftrag CR-4
Wirksam ab: 01.09.2026
1. Der vereinbarte Höchstbetrag von 60.000,00 EUR wird durch einen neuen Höchstbetrag von 75.000,00 EUR ersetzt.
2. Die Laufzeit endet am 31.03.2027 (bisher 31.12.2026).`);
    expect(c).toEqual([
      { field: 'caps.not_to_exceed', key: null, from: '60000.00', to: '75000.00', effectiveDate: '2026-09-01' },
      { field: 'endDate', key: null, from: '2026-12-31', to: '2027-03-31', effectiveDate: '2026-09-01' },
    ]);
  });

  it('reads a French avenant ("passe de … à", "au lieu de", "qui devait prendre fin")', () => {
    const c = changes(`# Avenant n° 2 au contrat d'assistance CA-2025-9
Les parties modifient le contrat, avec effet au 1er mars 2026 :
1. Le forfait mensuel passe de 1 800,00 € à 2 100,00 € ; il comprend désormais 12 heures par mois (au lieu de 10).
2. Le contrat, qui devait prendre fin le 28.02.2027, prendra fin le 31.08.2027.`);
    expect(c).toEqual([
      // A monthly fee that includes hours is a retainer.
      { field: 'retainer.amount', key: null, from: '1800.00', to: '2100.00', effectiveDate: '2026-03-01' },
      { field: 'retainer.includedHours', key: null, from: '10', to: '12', effectiveDate: '2026-03-01' },
      { field: 'endDate', key: null, from: '2027-02-28', to: '2027-08-31', effectiveDate: '2026-03-01' },
    ]);
  });
});

describe('a retainer’s overage in German and French, and the details of a retainer the ranker read', () => {
  it('reads the overage rate and the consent threshold for hours beyond the included ones', () => {
    const de = terms(
      [
        '## Vergütung',
        '',
        'Die monatliche Pauschale beträgt 3.400,00 € und umfasst 20 Stunden.',
        'Über die 20 Stunden hinausgehende Leistungen werden mit 118,00 € pro Stunde berechnet.',
        'Mehrstunden über 30 % des Kontingents bedürfen der vorherigen Zustimmung des Auftraggebers.',
      ].join('\n'),
    ).retainer;
    expect([de?.overageRate, de?.overageApprovalThresholdPercent]).toEqual(['118.00', 30]);
    const fr = terms(
      [
        '## Prix',
        '',
        'Le forfait mensuel de 9 200,00 EUR HT comprend 16 heures de support.',
        'Les heures réalisées au-delà sont facturées 105,00 EUR HT par heure.',
        'Tout dépassement de plus de 25 % des heures du forfait requiert l’accord écrit du client.',
      ].join('\n'),
    ).retainer;
    expect([fr?.overageRate, fr?.overageApprovalThresholdPercent]).toEqual(['105.00', 25]);
  });

  it('reads the included hours and overage of a retainer fee only the value ranker found', () => {
    const doc = [
      '## Support',
      '',
      'Support fee: **CAD 2,750.00 per month**, covering 12 hours of help-desk time.',
      'Work over the 12 hours is charged at CAD 150.00 per hour.',
    ].join('\n');
    const toy = {
      threshold: 0.5,
      enabled: ['retainer' as const],
      retainer: { bias: -3, weights: { 'period-after': 5 } },
    };
    const r = extractWithRules(doc, { valueRanker: toy }).terms.retainer;
    expect(r).toMatchObject({ amount: '2750.00', period: 'month', overageRate: '150.00' });
  });

  it('reads a rollover limit stated before its verb, as German puts it, though the surplus lapses', () => {
    const r = terms(
      [
        'Die monatliche Pauschale beträgt 1.900,00 € und umfasst 10 Stunden.',
        'Nicht genutzte Stunden können bis höchstens 5 Stunden in den Folgemonat übertragen werden. Weitere nicht genutzte Stunden verfallen.',
      ].join('\n'),
    ).retainer;
    expect(r?.rolloverHoursMax).toBe(5);
  });
});

describe('a cap on charges that leaves expenses out is a not-to-exceed', () => {
  it('reads the kind from what the sentence caps, not from the expenses it excludes', () => {
    const kinds = (text: string) => terms(text).caps.map((c) => [c.kind, c.amount]);
    expect(kinds('Charges, excluding expenses, are capped at AUD 52,000.00 for the term.')).toEqual([
      ['not_to_exceed', '52000.00'],
    ]);
    expect(kinds('Total charges (excluding tax and out-of-pocket costs) must not exceed NZD 9,900.00.')).toEqual([
      ['not_to_exceed', '9900.00'],
    ]);
    expect(kinds('Travel expenses will not exceed EUR 4,000.00.')).toEqual([['expenses', '4000.00']]);
  });
});

describe('an amount a sentence says is replaced', () => {
  it('reads the amount after "to", not the one after "from"', () => {
    expect(
      terms('# Amendment 4\n\nThe minimum monthly charge is raised from USD 4,000.00 to USD 5,250.00.\n')
        .minimumCommitment,
    ).toEqual({ amount: '5250.00', period: 'month' });
  });
  it('reads the amount after "is changed to", with its period or words between', () => {
    expect(
      terms(
        '# Variation 2\n\nThe hosting fee of £3,600.00 per quarter is revised to £3,950.00 per quarter from 1 April 2028.\n',
      ).recurringFee,
    ).toEqual({ amount: '3950.00', period: 'quarter' });
  });
  it('keeps a term stated from one date to another', () => {
    expect(
      terms(
        '# Statement of Work\n\nThe services run from 1 May 2028 to 30 June 2028 for a fee of EUR 2,000.00 per month.\n',
      ).effectiveDate,
    ).toBe('2028-05-01');
  });
});

// Round fifteen: tax names in many countries' forms, a dot leader, reverse charge as 0. Written for the mechanism.
describe('tax rates under more names (round fifteen)', () => {
  const tax = (text: string) => extractWithRules(text).terms.taxRatePercent;
  it('reads sales-and-use, excise, goods and French turnover and consumption taxes, and abbreviations', () => {
    expect(tax('State sales and use tax of 6.25% is added to each invoice.\n')).toBe(6.25);
    expect(tax('General excise tax at 4.166% is passed on to the customer.\n')).toBe(4.166);
    expect(tax('Goods tax of 12% applies to the monthly fee.\n')).toBe(12);
    expect(tax("Les prix s'entendent hors taxe sur le chiffre d'affaires, facturée au taux de 9 %.\n")).toBe(9);
    expect(tax("La taxe générale sur la consommation (TGC) au taux de 6 % s'y ajoute.\n")).toBe(6);
    expect(tax('VAGST at 12.5% is added to the fee.\n')).toBe(12.5);
  });
  it('reads a rate after a dot leader and does not read "get" as a tax', () => {
    expect(tax('TVA ................. 18 % en sus\n')).toBe(18);
    expect(tax('Customers get 10% off the second year.\n')).toBeNull();
  });
  it('reads reverse charge as 0 in three languages', () => {
    expect(tax('The reverse-charge mechanism applies; the customer accounts for the VAT.\n')).toBe(0);
    expect(tax('Steuerschuldnerschaft des Leistungsempfängers: die Rechnungen weisen keine Umsatzsteuer aus.\n')).toBe(
      0,
    );
    expect(tax('Autoliquidation par le preneur : TVA 0 %.\n')).toBe(0);
  });
});

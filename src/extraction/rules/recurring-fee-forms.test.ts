import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

const terms = (text: string) => extractWithRules(text).terms;
const fee = (text: string) => terms(text).recurringFee;

describe('recurring fees by meaning, in English, German and French', () => {
  it('reads a French fee noun qualified as flat before its period adjective', () => {
    const t = terms(
      [
        'CONTRAT DE SUPPORT APPLICATIF',
        '',
        'ARTICLE 2 - PRIX',
        'Redevance forfaitaire mensuelle : 3 280,00 EUR hors taxes.',
        '',
        'ARTICLE 3 - FACTURATION',
        'Facturation mensuelle à terme échu.',
      ].join('\n'),
    );
    expect(t.recurringFee).toEqual({ amount: '3280.00', period: 'month' });
    expect(t.billingModel).toBe('fixed_fee');
  });
  it('reads the new amount of a flat fee whose change wraps after "à"', () => {
    expect(
      fee(
        [
          'AVENANT N° 2 AU CONTRAT DE SUPPORT',
          '',
          'Les parties conviennent qu’à partir du 1er mars 2031 :',
          '',
          '  * la redevance forfaitaire trimestrielle passe de 9 900,00 EUR à',
          '    10 500,00 EUR hors taxes ;',
        ].join('\n'),
      ),
    ).toEqual({ amount: '10500.00', period: 'quarter' });
  });
  it('reads a French fee row whose dollar names its country ("$ CA")', () => {
    expect(
      fee(
        [
          '## Contrat d’abonnement',
          '',
          '| Élément | Modalité |',
          '|---|---|',
          '| Redevance | 2 150,00 $ CA par mois |',
          '| Facturation | au début de chaque mois |',
        ].join('\n'),
      ),
    ).toEqual({ amount: '2150.00', period: 'month' });
  });
  it('reads a German Entgelt compound and its new amount after "nunmehr"', () => {
    expect(
      fee(
        [
          'NACHTRAG 2 ZUM BETRIEBSVERTRAG',
          '',
          'Ab 1. März 2031 gilt:',
          '  - Ziffer 4: Das monatliche Betriebsentgelt beträgt nunmehr EUR 2.870,00',
          '    (bisher EUR 2.610,00).',
        ].join('\n'),
      ),
    ).toEqual({ amount: '2870.00', period: 'month' });
  });
  it('reads a German quarter written as "Kalendervierteljahr"', () => {
    expect(
      fee(
        [
          'WARTUNGSVERTRAG',
          '',
          'Der Auftragnehmer übernimmt die Wartung der Kassensysteme des Auftraggebers an allen Standorten.',
          '',
          '3. Vergütung',
          '   Wartungspauschale je Kalendervierteljahr:   1.980,00 EUR',
        ].join('\n'),
      ),
    ).toEqual({ amount: '1980.00', period: 'quarter' });
  });
  it('reads a run-in label that ends in a full stop before the amount', () => {
    expect(
      fee(['# Hosting Agreement', '', '2. Fee. 1,640.00 € per month.', '3. Term. Twelve months.'].join('\n')),
    ).toEqual({ amount: '1640.00', period: 'month' });
  });
  it('reads the new amount of a tab row that keeps the old value in a cell before it', () => {
    expect(
      fee(
        ['# Amendment No. 1', '', 'Item\tOld\tNew', 'Monthly fee (excl. VAT)\tEUR 1,200.00\tEUR 1,350.00'].join('\n'),
      ),
    ).toEqual({ amount: '1350.00', period: 'month' });
  });
  it('reads a changed fee beside a row of included hours as a retainer, not a recurring fee', () => {
    const t = terms(
      [
        'DEMANDE DE MODIFICATION N° 2',
        '',
        'Les parties conviennent des modifications suivantes du contrat d’assistance.',
        '',
        'Élément\tAncien\tNouveau',
        'Forfait mensuel HTVA\t1.800,00 EUR\t2.100,00 EUR',
        'Heures comprises par mois\t12\t15',
      ].join('\n'),
    );
    expect(t.recurringFee).toBeNull();
    expect(t.retainer?.amount).toBe('2100.00');
  });
  it('does not read a ceiling per month as a fee', () => {
    expect(
      extractWithRules(
        [
          '# Change Request 3',
          '',
          '| # | Item | Before | After |',
          '|---|---|---|---|',
          '| 1 | Monthly fee ceiling | | USD 40,000.00 |',
        ].join('\n'),
        { valueRanker: false },
      ).terms.recurringFee,
    ).toBeNull();
  });
});

describe('invoicing cadence by meaning, in English, German and French', () => {
  it('reads an invoice on the 1st of each month for the month ahead as monthly in advance', () => {
    const t = terms(
      [
        'SUBSCRIPTION ORDER',
        'FEES ........ Subscription fee USD 900.00 per month.',
        'BILLING ..... Invoiced on the 1st of each month for the month ahead.',
      ].join('\n'),
    );
    expect(t.invoiceFrequency).toBe('in_advance_monthly');
  });
  it('reads the German separable "rechnet … ab" with a monthly period as monthly', () => {
    const base = '# Beratungsvertrag\n\nDie Vergütung erfolgt nach Aufwand zu einem Stundensatz von 120,00 EUR.\n\n';
    expect(terms(`${base}Der Berater rechnet jeweils zum Monatsende ab.\n`).invoiceFrequency).toBe('monthly');
    expect(terms(`${base}Die Beraterin rechnet nach Ablauf jedes Monats ab.\n`).invoiceFrequency).toBe('monthly');
    expect(terms(`${base}Der Auftragnehmer rechnet kalendermonatlich nachträglich ab.\n`).invoiceFrequency).toBe(
      'monthly',
    );
  });
  it('reads a fee note at the end of every month as monthly', () => {
    const t = terms(
      [
        '# Statement of Work',
        '',
        'The Consultant charges a day rate of USD 700.00.',
        '',
        'The Consultant shall submit a fee note at the end of every month with signed timesheets.',
      ].join('\n'),
    );
    expect(t.invoiceFrequency).toBe('monthly');
  });
  it('reads "quarterly in advance" in a table cell before its label', () => {
    const t = terms(
      [
        '# Subscription Order',
        '',
        '| Value | Term |',
        '|---|---|',
        '| USD 3,000.00 per quarter | Subscription fee |',
        '| Quarterly in advance | Billing |',
      ].join('\n'),
    );
    expect(t.invoiceFrequency).toBe('quarterly');
  });
  it('reads half-yearly invoicing with its dates between the cadence and the verb', () => {
    const t = terms(
      [
        '# Wartungsvertrag',
        '',
        'Die Wartungspauschale beträgt CHF 1’500.00 pro Monat.',
        '',
        'Die Pauschale wird halbjährlich im Voraus, jeweils per 1. Januar und 1. Juli, in Rechnung gestellt.',
      ].join('\n'),
    );
    expect(t.invoiceFrequency).toBe('other');
  });
  it('does not read a minimum billing per month as a cadence', () => {
    const t = terms(
      [
        '# Avenant n° 1',
        '',
        '| Élément | Ancien | Nouveau |',
        '|---|---|---|',
        '| Facturation minimale mensuelle | | 1 500 000 FCFA HT |',
      ].join('\n'),
    );
    expect(t.invoiceFrequency).toBeNull();
  });
});

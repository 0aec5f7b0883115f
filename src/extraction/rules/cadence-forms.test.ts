import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

const terms = (text: string) => extractWithRules(text).terms;

describe('invoicing cadence read by meaning, in English, German and French', () => {
  it('reads "à terme échu" as in arrears, not as monthly', () => {
    const t = terms(
      [
        '# Contrat de traitement de fiches',
        '',
        'Le prix est de 0,40 EUR HT par fiche traitée.',
        '',
        'La prestation est facturée trimestriellement, à terme échu, sur la base des volumes constatés.',
      ].join('\n'),
    );
    expect(t.invoiceFrequency).toBe('quarterly');
  });
  it('reads a fee invoiced at the start of each month in French as in advance', () => {
    const t = terms(
      [
        "# Contrat d'assistance informatique",
        '',
        "Le Client verse un forfait mensuel de 2 400,00 EUR HT couvrant 16 heures d'intervention.",
        '',
        'Le forfait est facturé au début de chaque mois.',
      ].join('\n'),
    );
    expect(t.invoiceFrequency).toBe('in_advance_monthly');
  });
  it('reads "à terme à échoir" and "anticipativement" as in advance', () => {
    const base =
      "# Contrat d'abonnement\n\nLa redevance mensuelle est de 1 200,00 EUR HTVA.\n\nLa redevance est facturée ";
    expect(terms(`${base}mensuellement à terme à échoir.\n`).invoiceFrequency).toBe('in_advance_monthly');
    expect(terms(`${base}mensuellement et anticipativement.\n`).invoiceFrequency).toBe('in_advance_monthly');
  });
  it('reads a German cadence placed before the verb at the end of the clause', () => {
    const t = terms(
      [
        '# Wartungsvertrag',
        '',
        'Das Wartungsentgelt beträgt EUR 6.300,00 je Quartal.',
        '',
        'Das Entgelt wird vierteljährlich im Voraus in Rechnung gestellt.',
      ].join('\n'),
    );
    expect(t.invoiceFrequency).toBe('quarterly');
    const u = terms(
      [
        '# Preisblatt Messdaten',
        '',
        'Je Datensatz werden EUR 0,12 berechnet.',
        '',
        'Der Anbieter stellt nach Ablauf jedes Kalenderquartals Rechnung.',
      ].join('\n'),
    );
    expect(u.invoiceFrequency).toBe('quarterly');
  });
  it('reads hours invoiced on the first day of each month as invoiced monthly for the month before', () => {
    const t = terms(
      [
        '# Statement of Work',
        '',
        'Services are billed on a time and materials basis at USD 140.00 per hour.',
        '',
        'The Supplier will invoice on the first business day of each month for the hours worked.',
      ].join('\n'),
    );
    expect(t.invoiceFrequency).toBe('monthly');
  });
});

describe('billing model from the terms a document sets', () => {
  it("reads a retainer's own monthly flat fee as the retainer, not a fixed fee beside it", () => {
    const t = terms(
      [
        '# Support Retainer',
        '',
        'The Client pays a flat fee of USD 3,000.00 per month, which includes 20 hours of support.',
        '',
        'Unused hours may be carried over to the following month, up to 5 hours.',
        '',
        'Hours beyond the included hours are billed at USD 160.00 per hour.',
      ].join('\n'),
    );
    expect(t.billingModel).toBe('retainer');
  });
  it('leaves the billing model of an amendment out, even where it names one', () => {
    const t = terms(
      [
        '# Second Amendment to the Services Agreement',
        '',
        'The Agreement is amended as follows.',
        '',
        'The fixed price for the Services is increased from USD 40,000.00 to USD 46,000.00.',
      ].join('\n'),
    );
    expect(t.documentType).toBe('amendment');
    expect(t.billingModel).toBeNull();
  });
});

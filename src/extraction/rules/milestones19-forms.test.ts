import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Round nineteen: schedules in one sentence, change rows split by attribute, hourly lists, and payment periods in
// French, German and English wording. Written for the mechanism, not copied from any corpus document.
const milestones = (text: string) => extractWithRules(text).terms.milestones;
const terms = (text: string) => extractWithRules(text).terms.paymentTerms;

describe('milestones in one sentence and in attribute rows', () => {
  it('reads every instalment of a French sentence between semicolons', () => {
    const text =
      'Article 2. Le prix forfaitaire est de 40 000,00 EUR.\n\nArticle 3. Le règlement est effectué ainsi : un acompte de 20 %, soit 8 000,00 EUR, à la commande ; 50 %, soit 20 000,00 EUR, à la livraison du prototype, prévue le 12 mars 2031 ; le solde de 30 %, soit 12 000,00 EUR, à la mise en service, prévue le 30 mai 2031.\n';
    expect(milestones(text)).toEqual([
      { name: 'commande', amount: '8000.00', percent: 20, dueDate: null },
      { name: 'livraison du prototype', amount: '20000.00', percent: 50, dueDate: '2031-03-12' },
      { name: 'mise en service', amount: '12000.00', percent: 30, dueDate: '2031-05-30' },
    ]);
  });

  it('joins the rows of one instalment that a change table splits by attribute', () => {
    const text =
      'Nachtrag 1\n\n| Teilzahlung | alt | neu |\n|---|---|---|\n| Inbetriebnahme – Betrag | 10.000,00 € | 12.000,00 € |\n| Inbetriebnahme – Termin | 01.06.2031 | 15.07.2031 |\n';
    expect(milestones(text)).toEqual([
      { name: 'Inbetriebnahme', amount: '12000.00', percent: null, dueDate: '2031-07-15' },
    ]);
  });

  it('does not read an hourly price list as instalments', () => {
    const text =
      "Contrat forfaitaire\n\nInterventions hors forfait, facturées à l'heure :\n\n- analyste : 80,00 € de l'heure ;\n- architecte : 110,00 € de l'heure.\n";
    expect(milestones(text)).toEqual([]);
  });
});

describe('payment periods by what they count from', () => {
  it('reads "à N jours de leur date" as days from the invoice date', () => {
    expect(terms('Contrat\nLes factures sont payables à 25 jours de leur date.\n')).toEqual({
      netDays: 25,
      basis: 'invoice_date',
    });
  });

  it('reads "N Tage ab Ende des Rechnungsmonats" as days from the end of the month', () => {
    expect(terms('Vertrag\nZahlung: 45 Tage ab Ende des Rechnungsmonats.\n')).toEqual({
      netDays: 45,
      basis: 'end_of_month',
    });
  });

  it('reads the end of the month after the receipt as the end of the following month', () => {
    expect(
      terms('Vertrag\nRechnungen sind bis zum Ende des auf den Rechnungseingang folgenden Monats zu bezahlen.\n'),
    ).toEqual({ netDays: null, basis: 'end_of_following_month' });
  });

  it('reads "N Tage netto nach Erhalt der Rechnung" as days from receipt', () => {
    expect(terms('Vertrag\nZahlungsfrist: 20 Tage netto nach Erhalt der Rechnung.\n')).toEqual({
      netDays: 20,
      basis: 'receipt',
    });
  });

  it('reads a number word the dictionary does not know by its digits', () => {
    expect(
      terms(
        'Contrat\nLes factures sont payables dans un délai de quarante-cinq (45) jours à compter de leur réception.\n',
      ),
    ).toEqual({
      netDays: 45,
      basis: 'receipt',
    });
  });

  it('reads the bill and the delivery of an invoice', () => {
    expect(terms('# Order\n\nBills are paid within 15 days from the date of the bill.\n')).toEqual({
      netDays: 15,
      basis: 'invoice_date',
    });
    expect(terms('# Order\n\nPayment is made within 25 days from the delivery of a duly issued invoice.\n')).toEqual({
      netDays: 25,
      basis: 'receipt',
    });
  });

  it('reads a fixed day of the month after the invoice date as other', () => {
    expect(terms('# Order\n\nInvoices are payable on the 15th of the month following the date of invoice.\n')).toEqual({
      netDays: null,
      basis: 'other',
    });
  });
});

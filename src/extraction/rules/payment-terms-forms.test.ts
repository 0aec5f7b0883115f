import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Payment terms said the way French and German contracts say them; written for the phrases, not
// copied from any corpus document.
const terms = (text: string) => extractWithRules(text).terms.paymentTerms;

describe('payment terms in French and German wording', () => {
  it('reads "dans les N jours suivant leur date" as days from the invoice date', () => {
    expect(
      terms('Bon de commande\nLes factures sont réglées dans les 40 jours suivant leur date, par virement.\n'),
    ).toEqual({ netDays: 40, basis: 'invoice_date' });
  });

  it('reads "à N jours à compter de leur réception" as days from receipt', () => {
    expect(
      terms('Contrat\nLes factures sont payables à 20 jours à compter de leur réception par le Client.\n'),
    ).toEqual({
      netDays: 20,
      basis: 'receipt',
    });
  });

  it('reads "binnen N Tagen nach Erhalt" as days from receipt', () => {
    expect(terms('Vertrag\nDie Rechnungen sind binnen 21 Tagen nach Erhalt ohne Abzug zu bezahlen.\n')).toEqual({
      netDays: 21,
      basis: 'receipt',
    });
  });
});

// Fifth round: the invoice's date and receipt under more names, and German (Swiss) wording. Written for the mechanism.
describe('payment days counted from an invoice named otherwise', () => {
  const pt = (text: string) => extractWithRules(text).terms.paymentTerms;

  it('reads "date of issue", "its issue" and "delivery of the invoice"', () => {
    expect(pt('# Order\n\nMaturity of each invoice is 20 days from the date of issue.\n')).toEqual({
      netDays: 20,
      basis: 'invoice_date',
    });
    expect(pt('# Order\n\nThe due date of an invoice is 40 days from its issue.\n')).toEqual({
      netDays: 40,
      basis: 'invoice_date',
    });
    expect(pt('# Order\n\nThe client pays each invoice in 25 days from the delivery of the invoice.\n')).toEqual({
      netDays: 25,
      basis: 'receipt',
    });
  });

  it('reads Swiss "innert", "Rechnungserhalt", "zu bezahlen" and "Tage netto"', () => {
    expect(pt('# Vertrag\n\nRechnungen sind innert 20 Tagen nach Rechnungserhalt zu bezahlen.\n')).toEqual({
      netDays: 20,
      basis: 'receipt',
    });
    expect(
      pt('# Auftrag\n\nWir stellen die Rechnung am Ende des Monats und der Betrag ist zahlbar 15 Tage netto.\n')
        .netDays,
    ).toBe(15);
  });
});

// Sixth round: French payment days counted from the invoice's receipt, "dès réception de la facture".
describe('French payment days from receipt', () => {
  const fr = (s: string) =>
    terms(`# Contrat de prestations\n\nLe Prestataire assure le support du Client. ${s} La TVA est due en sus.\n`);
  it('reads "dès réception de la facture" as days from receipt', () => {
    expect(fr('Les factures sont payables à 30 jours dès réception de la facture.')).toEqual({
      netDays: 30,
      basis: 'receipt',
    });
  });
});

describe('interest on late payment in French (seventh round)', () => {
  const late = (text: string) => extractWithRules(text).terms.lateFee;
  it('reads "un intérêt de retard de N % l\'an" and "porte intérêt au taux de N % par année"', () => {
    expect(
      late(
        "Les factures sont payables à 30 jours. Toute somme impayée à l'échéance porte un intérêt de retard de 8 % l'an.\n",
      ),
    ).toEqual({ percent: 8, period: 'year' });
    expect(
      late(
        'Les factures sont payables à 30 jours. Tout montant en souffrance porte intérêt au taux de 12 % par année.\n',
      ),
    ).toEqual({ percent: 12, period: 'year' });
  });
  it('keeps English and German interest as it was', () => {
    expect(late('Overdue amounts bear interest at 1.5% per month.\n')).toEqual({ percent: 1.5, period: 'month' });
  });
});

// Round fifteen: the payment clause's own word in German, receipt of the invoice in more French phrasings, an
// amendment's new period, and a dot leader between label and value. Written for the mechanism.
describe('payment periods in more wordings (round fifteen)', () => {
  const terms = (text: string) => extractWithRules(text).terms.paymentTerms;
  const de =
    'Der Auftragnehmer erbringt die Leistungen für den Auftraggeber, und die Parteien vereinbaren Folgendes.\n';
  const fr = 'Le Prestataire fournit les services au Client et les parties conviennent de ce qui suit.\n';
  it('reads "Zahlung: N Tage ab Rechnungsdatum" and "Zahlung N Tage nach Rechnungserhalt"', () => {
    expect(terms(de + '**6. Zahlung:** 14 Tage ab Rechnungsdatum.\n')).toEqual({ netDays: 14, basis: 'invoice_date' });
    expect(terms(de + 'Abrechnung quartalsweise; Zahlung 28 Tage nach Rechnungserhalt.\n')).toEqual({
      netDays: 28,
      basis: 'receipt',
    });
  });
  it('reads receipt of the invoice after "suivant", "après" and plural invoices, and a dot leader', () => {
    expect(terms(fr + 'Les montants sont réglés à 40 jours suivant la réception de la facture.\n')).toEqual({
      netDays: 40,
      basis: 'receipt',
    });
    expect(terms(fr + 'Règlement ............ 25 jours après réception des factures\n')).toEqual({
      netDays: 25,
      basis: 'receipt',
    });
  });
  it("takes an amendment's new period, not the old one", () => {
    expect(terms('2. The payment period is extended from 20 days to 35 days.\n').netDays).toBe(35);
    expect(terms(fr + '2. Le délai de paiement passe de 60 jours à 40 jours.\n').netDays).toBe(40);
    expect(terms(de + '2. Rechnungen sind künftig innert 25 statt 45 Tagen zu bezahlen.\n').netDays).toBe(25);
    expect(
      terms('3. In section 7, "within 60 days of receipt of invoice" becomes "within 20 days of receipt of invoice".\n')
        .netDays,
    ).toBe(20);
  });
});

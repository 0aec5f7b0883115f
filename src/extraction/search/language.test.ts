import { describe, expect, it } from 'vitest';
import { detectSearchLanguage } from './language.ts';

describe('detectSearchLanguage', () => {
  it('recognises English, German and French contract text', () => {
    expect(
      detectSearchLanguage(
        'The Company shall pay the Consultant for the Services at the rate of €500 per hour, and the invoice is due within thirty days.',
      ),
    ).toBe('english');
    expect(
      detectSearchLanguage(
        'Die Rechnungen sind innerhalb von 30 Tagen nach Rechnungseingang ohne Abzug zahlbar. Reisekosten werden nur erstattet, wenn die Reise von dem Auftraggeber genehmigt wurde.',
      ),
    ).toBe('german');
    expect(
      detectSearchLanguage(
        'Les factures sont payables à 45 jours fin de mois. Tout retard de paiement donne lieu à des pénalités calculées par le Prestataire sur la base du taux légal.',
      ),
    ).toBe('french');
  });

  it("answers 'simple' when the text is too short or mixes languages evenly", () => {
    expect(detectSearchLanguage('Invoice 2026-114')).toBe('simple');
    expect(detectSearchLanguage('the and of to shall die der und ist mit')).toBe('simple');
  });

  it('keeps the main language of a text quoting another', () => {
    expect(
      detectSearchLanguage(
        'Invoices are due 45 days end of month (45 jours fin de mois). The VAT is charged on all invoices and the interest is due with the invoice.',
      ),
    ).toBe('english');
  });
});

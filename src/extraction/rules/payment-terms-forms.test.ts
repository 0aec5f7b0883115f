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

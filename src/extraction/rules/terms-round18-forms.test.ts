import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

const terms = (text: string) => extractWithRules(text).terms;

describe('document type and billing model by meaning', () => {
  it('reads a German or French service contract titled by its kind as a statement of work', () => {
    expect(terms('# Supportvertrag mit Stundenkontingent\n\nLeistungen: Betreuung.\n').documentType).toBe('sow');
    expect(terms('   BETREUUNGSVERTRAG WEBSERVER\n\nBetrieb der Server.\n').documentType).toBe('sow');
    expect(terms("# Contrat d'infogérance\n\nObjet : exploitation.\n").documentType).toBe('sow');
  });
  it('keeps framework, consulting and amending contracts as they are named', () => {
    expect(terms('# Nachtrag Nr. 1 zum Supportvertrag\n\nDer Vertrag wird wie folgt geändert.\n').documentType).toBe(
      'amendment',
    );
    expect(
      terms(
        '# Rahmenvertrag\n\nDie Einzelaufträge werden von der Auftraggeberin und dem Auftragnehmer gesondert vereinbart.\n',
      ).documentType,
    ).toBe('msa');
  });
  it('reads prices per unit of use written in bands as usage billing', () => {
    const t = terms(
      '# Nutzungsvertrag\n\n- bis 10.000 Sendungen: 0,19 € je Sendung\n- über 10.000 Sendungen: 0,09 € je Sendung\n',
    );
    expect(t.billingModel).toBe('usage');
  });
  it('does not read two prices per hour as usage', () => {
    expect(terms('# Order\n\nSenior: USD 150.00 per hour. Junior: USD 90.00 per hour.\n').billingModel).not.toBe(
      'usage',
    );
  });
  it('reads a German yearly fee as a recurring fee, not a minimum', () => {
    const fee = terms('# Lizenzvertrag\n\nDie Kundin zahlt eine Gebühr von EUR 14.400,00 per year.\n');
    expect(fee.recurringFee).toEqual({ amount: '14400.00', period: 'year' });
    const min = terms('# Nutzungsvertrag\n\nDas Mindestentgelt beträgt 7.500,00 € per year.\n');
    expect(min.recurringFee).toBeNull();
  });
});

describe('cadence, payment terms, tax and end date in three languages', () => {
  it('reads half-yearly and yearly invoicing with words between', () => {
    expect(terms('Contract\n\nThe fee is invoiced in two equal half-yearly instalments.\n').invoiceFrequency).toBe(
      'other',
    );
    expect(
      terms('Vertrag\n\nDie Gebühr wird jährlich im Voraus zu Beginn jedes Vertragsjahres in Rechnung gestellt.\n')
        .invoiceFrequency,
    ).toBe('other');
    expect(terms("Contrat\n\nL'abonnement est facturé mensuellement, d'avance.\n").invoiceFrequency).not.toBeNull();
  });
  it('reads a German due label and a French end-of-month basis', () => {
    const de = terms(
      'Vertrag\n\nDie Abrechnung erfolgt monatlich nach dem Leistungsnachweis der Auftragnehmerin. Fälligkeit: 14 Tage ab Rechnungsdatum.\n',
    ).paymentTerms;
    expect(de.netDays).toBe(14);
    const fr = terms('Contrat\n\nPaiement à 60 jours date de facture fin de mois.\n').paymentTerms;
    expect(fr.basis === null || fr.basis === 'end_of_month').toBe(true);
  });
  it('reads a tax the name lists do not know by its meaning, but not a late-payment rate', () => {
    expect(
      terms("Contrat\n\nL'impôt général indirect (IGI) au taux de 4,5 % s'ajoute aux montants.\n").taxRatePercent,
    ).toBe(4.5);
    expect(terms('Contract\n\nLate payments bear interest of 1.5% per month.\n').taxRatePercent).toBeNull();
  });
  it('reads an extension with the verb last and skips the old end date named beside it', () => {
    const t = terms('Nachtrag\n\nDer Vertrag wird bis 28.02.2031 verlängert (bisheriges Vertragsende 28.02.2030).\n');
    expect(t.endDate).toBe('2031-02-28');
  });
  it('reads a completion date that replaces an older one as the new end', () => {
    const t = terms('Amendment\n\nThe work is to be finished by 31 May 2029 instead of 23 February 2029.\n');
    expect(t.endDate).toBe('2029-05-31');
  });
});

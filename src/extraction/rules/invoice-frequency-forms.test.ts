import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

const cadence = (text: string) => extractWithRules(text).terms.invoiceFrequency;

describe('invoicing cadence with the verb last, in German and French', () => {
  it.each([
    ['Der Dienstleister stellt monatlich Rechnung über die erbrachten Stunden.'],
    ['Die Stunden werden jeweils am Ende des Monats zusammen mit dem Rapport in Rechnung gestellt.'],
    ['Le Consultant émet en fin de mois une facture détaillée.'],
    ['Der Berater rechnet seine Stunden monatlich im Nachhinein ab.'],
  ])('%s → monthly', (text) => {
    expect(cadence(text)).toBe('monthly');
  });
  it('reads a fee invoiced at the start of each quarter or payable each quarter as quarterly', () => {
    expect(cadence('Die Lizenzgebühr wird jeweils zum Quartalsbeginn im Voraus in Rechnung gestellt.')).toBe(
      'quarterly',
    );
    expect(cadence("L'abonnement de 3 000,00 € par trimestre est payable d'avance au début de chaque trimestre.")).toBe(
      'quarterly',
    );
    expect(
      cadence(
        'Die Grundgebühr wird vierteljährlich, die Zusatzstunden werden vierteljährlich nach Aufwand in Rechnung gestellt.',
      ),
    ).toBe('quarterly');
  });
  it('reads a fee invoiced at the start of the month, verb last, as in advance', () => {
    expect(cadence('Die Betriebspauschale wird zum Monatsbeginn im Voraus in Rechnung gestellt.')).toBe(
      'in_advance_monthly',
    );
  });
});

describe('invoicing by instalment, at completion, every few weeks or once a year', () => {
  it.each([
    ['Jede Teilzahlung wird erst nach der Abnahme des jeweiligen Lieferobjekts in Rechnung gestellt.'],
    ['Chaque échéance est facturée après la validation du livrable correspondant.'],
    ['Milestone invoices go out once the Client signs the acceptance note.'],
    ['Le prix est facturé selon l’échéancier ci-dessous.'],
  ])('%s → milestone', (text) => {
    expect(cadence(text)).toBe('milestone');
  });
  it.each([
    ['The whole fee is invoiced in full when the audit report is delivered.'],
    ['We will raise one invoice for the full amount after the Client has accepted the survey.'],
    ['Le forfait est payable en une seule fois après la réception des travaux.'],
    ['A lump sum of $9,000.00, payable on delivery of the final report.'],
  ])('%s → on completion', (text) => {
    expect(cadence(text)).toBe('on_completion');
  });
  it.each([
    ['Le Prestataire facture aux deux semaines le temps passé.'],
    ['Timesheets are invoiced every second Thursday.'],
    ['We invoice every four weeks for the time recorded.'],
    ['The support fee is invoiced once a year, in advance.'],
    ['Die Wartungspauschale wird jährlich im Voraus in Rechnung gestellt.'],
  ])('%s → other', (text) => {
    expect(cadence(text)).toBe('other');
  });
});

describe('what is no invoicing cadence', () => {
  it("does not take a monthly minimum's period for the cadence", () => {
    expect(cadence('Le minimum de facturation mensuel passe de 500,00 € à 650,00 €.')).toBeNull();
    expect(cadence('The minimum monthly billing rises to $2,000.00.')).toBeNull();
  });
  it('keeps the monthly cadence when a yearly review is mentioned in the same sentence', () => {
    expect(cadence('We invoice monthly in arrears; the rates are reviewed annually.')).toBe('monthly');
  });
  it('does not read a monthly price invoiced each quarter as monthly', () => {
    expect(cadence('Die Pauschale von EUR 900,00 pro Monat wird vierteljährlich in Rechnung gestellt.')).toBe(
      'quarterly',
    );
  });
});

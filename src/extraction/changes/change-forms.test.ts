import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';
import { poChangeIn } from './change-rows.ts';

describe('a change with its own start', () => {
  it('reads "As of D," and "…, applied to the work from D" as the change\'s start (en)', () => {
    const changes = changesOf(`# Amendment No. 4 to the Services Agreement

This Amendment is effective as of March 3, 2027.

1. As of May 1, 2027, the hourly rate of the Test Manager is USD 140 instead of USD 130.
2. The unit price of the Data Analyst in Article 5 is changed from USD 9,000 per person-month to USD 9,400 per
   person-month, applied to the work from June 1, 2027.
`);
    expect(changes).toContain('rates[Test Manager] 130.00 -> 140.00 @2027-05-01');
    expect(changes).toContain('rates[Data Analyst] 9000.00 -> 9400.00 @2027-06-01');
  });
  it('reads German "Ab dem D" as the change\'s start and "aufgenommen" as an added role (de)', () => {
    const changes = changesOf(`# Nachtrag Nr. 3 zum Leistungsschein LS-7

Die Parteien vereinbaren mit Wirkung zum 01.02.2027 folgende Änderungen des Leistungsscheins:

1. Ab dem 01.04.2027 beträgt der Tagessatz der Rolle „Cloud Architect" 1.300,00 € (bisher 1.200,00 €).
2. Zusätzlich wird die Rolle „Tester" mit einem Tagessatz von 650,00 € aufgenommen.
`);
    expect(changes).toContain('rates[Cloud Architect] 1200.00 -> 1300.00 @2027-04-01');
    expect(changes).toContain('rates[Tester] null -> 650.00 @2027-02-01');
  });
  it('reads a Swiss "per D" as the document\'s start (de)', () => {
    const changes = changesOf(`# Vertragsänderung Nr. 2 zum Servicevertrag SV-9

Die Parteien vereinbaren per 1. März 2028:

1. Rechnungen sind neu innert 60 Tagen ab Rechnungsdatum zahlbar (bisher 30 Tage).
`);
    expect(changes).toEqual(['paymentTerms.netDays 30 -> 60 @2028-03-01']);
  });
});

describe('old values said in a clause of their own', () => {
  it('reads ", previously D," and an end "extended to D" (en)', () => {
    const changes = changesOf(`# Change Order 12

This Change Order is effective as of April 4, 2027.

1. The end date of the SOW, previously June 30, 2027, is extended to September 30, 2027.
2. A Scrum Master is added at an hourly rate of $110.00.
`);
    expect(changes).toEqual([
      'endDate 2027-06-30 -> 2027-09-30 @2027-04-04',
      'rates[Scrum Master] null -> 110.00 @2027-04-04',
    ]);
  });
  it('reads "nicht mehr am D, sondern am D" (de) and "qui se terminait le D" (fr)', () => {
    expect(
      changesOf(`# Nachtrag Nr. 1

Dieser Nachtrag gilt ab dem 1. Februar 2027.

1. Der Vertrag endet nicht mehr am 31.03.2027, sondern am 30.09.2027.
`),
    ).toEqual(['endDate 2027-03-31 -> 2027-09-30 @2027-02-01']);
    expect(
      changesOf(`# Avenant n° 3

Le présent avenant prend effet le 1er février 2027.

1. Le contrat, qui se terminait le 31 mars 2027, se terminera le 30 juin 2027.
`),
    ).toEqual(['endDate 2027-03-31 -> 2027-06-30 @2027-02-01']);
  });
  it('does not take a date in the background of a change for a new end date', () => {
    const changes = changesOf(`# Change Order 5

This Change Order is effective as of May 2, 2027.

Reporting was added to the scope on April 12, 2027, which extends the work.

1. The not-to-exceed amount is increased from $50,000.00 to $60,000.00.
`);
    expect(changes).toEqual(['caps.not_to_exceed 50000.00 -> 60000.00 @2027-05-02']);
  });
});

describe('fields of a change named in German and French', () => {
  it('reads a fee that includes hours as a retainer, and its hours (de)', () => {
    const changes = changesOf(`# Änderungsauftrag 4

| | |
|---|---|
| Gültig ab | 1. April 2028 |

Die Parteien ändern den Betreuungsvertrag wie folgt:

a) Die Supportpauschale wird von EUR 1.800,00 auf EUR 2.100,00 pro Monat erhöht.
b) Das in der Pauschale enthaltene Stundenkontingent wird von 12 auf 15 Stunden pro Monat erhöht.
`);
    expect(changes).toEqual([
      'retainer.amount 1800.00 -> 2100.00 @2028-04-01',
      'retainer.includedHours 12 -> 15 @2028-04-01',
    ]);
  });
  it('reads an hours limit per month, an expenses ceiling raised "von … auf" and a fee (de)', () => {
    const changes = changesOf(`# Vertragsänderung Nr. 4

Die Parteien vereinbaren mit Wirkung zum 01.06.2027:

1. Die monatliche Wartungspauschale beträgt neu CHF 2'400.– (bisher CHF 2'100.–).
2. Die Anzahl der Stunden, die pro Monat ohne Bestellung erbracht werden dürfen, wird von 20 auf 30 Stunden erhöht.
3. Die Obergrenze für Reisekosten wird von 2.000,00 € auf 2.500,00 € angehoben.
`);
    expect(changes).toEqual([
      'recurringFee.amount 2100.00 -> 2400.00 @2027-06-01',
      'caps.hours_per_period 20 -> 30 @2027-06-01',
      'caps.expenses 2000.00 -> 2500.00 @2027-06-01',
    ]);
  });
  it('reads payment days "ramené de … à" and interest "passe de … à" (fr)', () => {
    const changes = changesOf(`# Avenant n° 2

Le présent avenant prend effet le 1er mars 2028.

1. Le délai de paiement est ramené de 60 jours à 45 jours à compter de la date d'émission de la facture.
2. Le taux d'intérêt applicable aux retards passe de 1 % à 2 % par mois.
`);
    expect(changes).toEqual(['paymentTerms.netDays 60 -> 45 @2028-03-01', 'lateFee.percent 1 -> 2 @2028-03-01']);
  });
  it('reads a change table whose old column is "Valeur actuelle" (fr)', () => {
    const changes = changesOf(`# Demande de modification n° 8

Date d'effet : 01/10/2027

Les parties conviennent des modifications suivantes du contrat de services et de la liste des prix :

| Élément | Valeur actuelle | Nouvelle valeur |
|---|---|---|
| Plafond d'heures par mois | 60 heures | 75 heures |
| Taux horaire – Analyste | 95,00 EUR | 99,00 EUR |

Les autres conditions du contrat restent en vigueur pour la durée de la mission.
`);
    expect(changes).toContain('caps.hours_per_period 60 -> 75 @2027-10-01');
  });

  it('reads an order number whose own groups hold "PO" whole, not from the label inside it', () => {
    expect(
      poChangeIn(
        'Invoices shall quote Purchase Order No. KLM-PO-28-00977, which replaces Purchase Order No. KLM-PO-26-00411.',
      ),
    ).toEqual({
      from: 'KLM-PO-26-00411',
      to: 'KLM-PO-28-00977',
    });
    expect(poChangeIn('PO AB/PO/2026/114 is replaced by PO AB/PO/2028/007.')).toEqual({
      from: 'AB/PO/2026/114',
      to: 'AB/PO/2028/007',
    });
  });
});

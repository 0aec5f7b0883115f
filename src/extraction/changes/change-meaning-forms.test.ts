import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';

// Proposed changes read by meaning: a row's band and range, old values dropped before their successor, "was A, becomes
// B", a schedule's stages named by list labels and the end that follows the last one, keys in the document's own words.
// Invented for the mechanisms, not copied from any corpus document.
describe('the field and key of a change from its row or item', () => {
  it('keys a band row by its range, as a usage tier and not a fee (en)', () => {
    const changes = changesOf(`# Variation No. 2 to Order Form OF-55

This variation takes effect on 1 March 2029.

The table of transaction charges is replaced by the following:

| Band | Monthly volume | Current price | New price |
|---|---|---|---|
| A | 1 – 10,000 | USD 0.50 | USD 0.50 |
| B | 10,001 – 90,000 | USD 0.40 | USD 0.36 |
| C | 90,001 and above | USD 0.30 | USD 0.27 |
`);
    expect(changes).toContain('usageTiers[10,001 – 90,000] 0.40 -> 0.36 @2029-03-01');
    expect(changes).toContain('usageTiers[90,001 and above] 0.30 -> 0.27 @2029-03-01');
    expect(changes.filter((c) => c.startsWith('recurringFee'))).toEqual([]);
  });

  it('reads a tab-separated price table whose cells a range and a price share (de)', () => {
    const changes = changesOf(`Nachtrag Nr. 3 zum Nutzungsvertrag NV-40

Für Abfragen ab dem 1. Juni 2029 gelten folgende Preise pro Abfrage:

Monatsmenge\tbis 31.5.2029\tab 1.6.2029
1 bis 10'000\tCHF 0.20\tCHF 0.20
10'001 bis 50'000\tCHF 0.15\tCHF 0.13
`);
    expect(changes).toContain("usageTiers[10'001 bis 50'000] 0.15 -> 0.13 @2029-06-01");
    expect(changes.filter((c) => c.startsWith('caps'))).toEqual([]);
  });

  it('keeps the French words of a tier and a role the rules read in English (fr)', () => {
    const changes = changesOf(`# Avenant n° 1 au contrat n° API-7

Les prix ci-dessous s'appliquent aux appels effectués à partir du 1er septembre 2029 :

- palier 2 (de 5 001 à 20 000) : 40 FCFA au lieu de 45 FCFA ;
- palier 3 (au-delà de 20 000) : 30 FCFA au lieu de 35 FCFA.

Le taux horaire de l'Intégrateur est porté à 60 000 FCFA HT (au lieu de 55 000 FCFA HT).
`);
    expect(changes).toContain('usageTiers[au-delà de 20 000] 35 -> 30 @2029-09-01');
    expect(changes).toContain('rates[Intégrateur] 55000 -> 60000 @2029-09-01');
  });

  it('reads a bank of hours as a retainer: its monthly amount, its hours beyond (fr)', () => {
    const changes = changesOf(`# Avenant n° 2 au contrat de services - banque d'heures n° BH-31

En vigueur le 1er mai 2029 :

  a) Le montant mensuel passe de 4 200,00 $ à 4 600,00 $.
  b) Le taux des heures excédentaires passe de 120,00 $ à 128,00 $ l'heure.
`);
    expect(changes).toContain('retainer.amount 4200.00 -> 4600.00 @2029-05-01');
    expect(changes).toContain('retainer.overageRate 120.00 -> 128.00 @2029-05-01');
  });

  it('reads hours written bare in a row labelled with hours, and a carry-over row (de)', () => {
    const changes = changesOf(`# Nachtrag 2 zum Supportvertrag S-4

Dieser Nachtrag tritt am 1.6.2029 in Kraft. Die Parteien ändern den Supportvertrag wie folgt:

| Punkt | bisher | neu |
|---|---|---|
| Monatspauschale | CHF 3'000.– | CHF 3'300.– |
| enthaltene Stunden pro Monat | 20 | 24 |
| Übertrag in den Folgemonat | höchstens 5 Stunden | höchstens 4 Stunden |
`);
    expect(changes).toContain('retainer.includedHours 20 -> 24 @2029-06-01');
    expect(changes).toContain('retainer.rolloverHoursMax 5 -> 4 @2029-06-01');
  });
});

describe('old and new values in other orders', () => {
  it('pairs a ceiling withdrawn in one sentence with its successor in the next, and a start for work from D (en)', () => {
    const changes = changesOf(`# Change Order No. 3 to SOW TX-12

This change order takes effect on 1 May 2029.

1. The ceiling of $95,000.00 in clause 4 is withdrawn. In its place, total charges shall not exceed $120,000.00.
2. For hours worked from 1 July 2029 the hourly rate of the Solution Architect rises from $210.00 to $225.00.
`);
    expect(changes).toContain('caps.not_to_exceed 95000.00 -> 120000.00 @2029-05-01');
    expect(changes).toContain('rates[Solution Architect] 210.00 -> 225.00 @2029-07-01');
  });

  it('reads "was A, becomes B" and a role named before a dash (en)', () => {
    const changes = changesOf(`CHANGE ORDER 4 TO SOW P-7

Effective date of this change order: 1 February 2029

  (a) Monthly hours limit - was 120 hours per calendar month, becomes 150 hours per calendar month.
  (b) Business Analyst - US$88.00 per hour (was US$80.00).
  (c) End of the SOW - was 31 March 2029, now 30 June 2029.
`);
    expect(changes).toContain('caps.hours_per_period 120 -> 150 @2029-02-01');
    expect(changes).toContain('rates[Business Analyst] 80.00 -> 88.00 @2029-02-01');
    expect(changes).toContain('endDate 2029-03-31 -> 2029-06-30 @2029-02-01');
  });

  it('reads a "Currently / Changed to" table and the start in a key-value row (en)', () => {
    const changes = changesOf(`# Change Order 2 to SOW 31

| Field | Entry |
|---|---|
| Change order number | SOW-31-CO2 |
| Effective | 03/01/2029 |

| Item | Currently | Changed to |
|---|---|---|
| Purchase order | PO-2028-1111 | PO-2029-2222 (new budget year) |
| Payment | within 30 days after receipt | within 15 days after receipt |
`);
    expect(changes).toContain('poNumber PO-2028-1111 -> PO-2029-2222 @2029-03-01');
    expect(changes).toContain('paymentTerms.netDays 30 -> 15 @2029-03-01');
  });

  it('takes a document effective on signature from the date it was signed (fr)', () => {
    const changes = changesOf(`# Avenant n° 1 au contrat n° C-77

Article 1 – La date de fin du contrat est reportée du 31 mars 2030 au 30 juin 2030.

Article 2 – Le présent avenant prend effet à la date de sa signature.

Fait à Lyon, le 12 février 2029.
`);
    expect(changes).toContain('endDate 2030-03-31 -> 2030-06-30 @2029-02-12');
  });
});

describe('pairs in lists and sentences', () => {
  it('reads roles listed alone before their old and new day rates, and days paired by de … à (fr)', () => {
    const changes = changesOf(`# Avenant n° 2 au contrat de conseil n° CC-14

Les parties conviennent, à compter du 1er mai 2029 :

1. Les taux journaliers sont modifiés comme suit :
   - Architecte : de 900,00 EUR à 950,00 EUR par jour ;
   - Analyste junior : de 500,00 EUR à 540,00 EUR par jour.
2. Le délai de paiement passe de 45 à 30 jours à compter de la date de la facture.
`);
    expect(changes).toContain('rates[Architecte] 900.00 -> 950.00 @2029-05-01');
    expect(changes).toContain('rates[Analyste junior] 500.00 -> 540.00 @2029-05-01');
    expect(changes).toContain('paymentTerms.netDays 45 -> 30 @2029-05-01');
  });

  it('reads "A becomes B" for an overage rate and an approval threshold in one sentence (en)', () => {
    const changes = changesOf(`# Variation No. 2 to Retainer Agreement RA-8

Commencement of variation: 1 August 2029

- In clause 4, the overage rate of NZ$150.00 per hour becomes NZ$160.00 per hour, and the approval threshold of 10%
  of the included hours becomes 20% of the included hours.

The monthly retainer of NZ$4,000.00 and the 20 included hours per month are not varied.
`);
    expect(changes).toContain('retainer.overageRate 150.00 -> 160.00 @2029-08-01');
    expect(changes).toContain('retainer.overageApprovalThresholdPercent 10 -> 20 @2029-08-01');
  });

  it('reads an order number that holds its own label, replaced by another (en)', () => {
    const changes = changesOf(`# Addendum No. 1 to Agreement AB-3

This addendum takes effect on 1 March 2029.

The Local Purchase Order number ABC/LPO/29/0101 is replaced by ABC/LPO/29/0222.
`);
    expect(changes).toContain('poNumber ABC/LPO/29/0101 -> ABC/LPO/29/0222 @2029-03-01');
  });
});

describe('a schedule moved stage by stage', () => {
  it('names each stage by its list label, and moves the end with the last stage (de)', () => {
    const changes = changesOf(`# Änderungsvereinbarung Nr. 2 zum Werkvertrag W-9

Die Parteien vereinbaren mit Wirkung ab dem 1. März 2029:

- Pilotbetrieb: neuer Termin 30. April 2029 (bisher 31. März 2029); der Betrag steigt von EUR 12.000,00 auf
  EUR 14.000,00.
- Übergabe: neuer Termin 30. Juni 2029 (bisher 31. Mai 2029).

Die Übergabe soll damit spätestens am 30. Juni 2029 erfolgen.
`);
    expect(changes).toContain('milestones.dueDate[Pilotbetrieb] 2029-03-31 -> 2029-04-30 @2029-03-01');
    expect(changes).toContain('milestones.amount[Pilotbetrieb] 12000.00 -> 14000.00 @2029-03-01');
    expect(changes).toContain('milestones.dueDate[Übergabe] 2029-05-31 -> 2029-06-30 @2029-03-01');
    expect(changes).toContain('endDate 2029-05-31 -> 2029-06-30 @2029-03-01');
  });

  it('moves the end when the final stage is to be completed no later than its new date (en)', () => {
    const changes = changesOf(`# Amendment No. 1 to Contract HX-4

Amendment reference HX-4-A1, effective from 1 June 2029.

| Payment milestone | Was due | Now due |
|---|---|---|
| Pilot live | 15 July 2029 | 30 August 2029 |
| Final handover | 30 September 2029 | 15 November 2029 |

The final handover is accordingly to be completed not later than 15 November 2029.
`);
    expect(changes).toContain('endDate 2029-09-30 -> 2029-11-15 @2029-06-01');
  });
});

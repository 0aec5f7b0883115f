import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';

describe('usage tiers', () => {
  it('reads a tier named in a sentence and a price table row with its old price (en)', () => {
    const changes = changesOf(`# Amendment No. 2 to Order Form OF-77

This Amendment takes effect on 1 April 2029.

1. The price per request in Tier B is reduced from USD 0.0040 to USD 0.0035.
2. The price table is replaced by the following:

| Requests per month | Price per request |
|---|---|
| 1 – 100,000 | USD 0.0050 (unchanged) |
| 100,001 and above | USD 0.0028 (was USD 0.0031) |
`);
    expect(changes).toContain('usageTiers[Tier B] 0.0040 -> 0.0035 @2029-04-01');
    expect(changes).toContain('usageTiers[100,001 and above] 0.0031 -> 0.0028 @2029-04-01');
    expect(changes.some((c) => c.includes('1 – 100,000'))).toBe(false);
  });
  it('reads "Stufe" and "palier" tiers (de, fr)', () => {
    expect(
      changesOf(`# Nachtrag Nr. 1 zum Dienstleistungsvertrag DV-5

Der Nachtrag tritt am 01.09.2029 in Kraft.

1. Der Preis der Stufe 2 beträgt neu EUR 0,12 pro Scan (bisher EUR 0,15).
`),
    ).toContain('usageTiers[Stufe 2] 0.15 -> 0.12 @2029-09-01');
    expect(
      changesOf(`# Avenant n° 3 au contrat C-12

Le présent avenant prend effet le 1er octobre 2029.

1. Le prix par envoi du palier B est porté de 0,080 € à 0,090 €.
`),
    ).toContain('usageTiers[palier B] 0.080 -> 0.090 @2029-10-01');
  });
});

describe('milestones', () => {
  it('reads a stage payment and its due date, keyed by the stage name (en)', () => {
    const changes = changesOf(`# Variation No. 5

This Variation takes effect on 2 May 2029.

(a) The payment for Milestone 2 (Data load) is increased from $40,000.00 to $44,500.00 and is now due on
    14/09/2029 instead of 31/08/2029.
(b) The payment for Milestone 3 (Handover) remains $20,000.00 but is now due on 30/11/2029 instead of 31/10/2029.
`);
    expect(changes).toContain('milestones.amount[Data load] 40000.00 -> 44500.00 @2029-05-02');
    expect(changes).toContain('milestones.dueDate[Data load] 2029-08-31 -> 2029-09-14 @2029-05-02');
    expect(changes).toContain('milestones.dueDate[Handover] 2029-10-31 -> 2029-11-30 @2029-05-02');
    expect(changes.some((c) => c.startsWith('milestones.amount[Handover]'))).toBe(false);
  });
  it('reads a schedule row added after "wird um … ergänzt:" as a new milestone (de)', () => {
    const changes = changesOf(`Nachtrag Nr. 4 zum Werkvertrag WV-31
Gültig ab:        1. Juni 2029

Der Zahlungsplan wird um folgende Teilzahlung ergänzt:

   Leistung                 Betrag netto     Termin
   Schulung durchgeführt    EUR 7.200,00     30.09.2029
`);
    expect(changes).toContain('milestones.amount[Schulung durchgeführt] null -> 7200.00 @2029-06-01');
  });
});

describe('retainer fields', () => {
  it('reads an overage rate, an approval share and a new carry-over (en)', () => {
    const changes = changesOf(`# Addendum No. 2 to the Support Retainer Agreement

This Addendum takes effect on 1 March 2029. The monthly retainer of USD 9,000.00 includes 40 hours.

1. Hours in excess of 40 in any month are billed at USD 260.00 per hour (instead of USD 240.00).
2. A new clause 5A is inserted: "The Provider shall not exceed the included hours by more than 15% in a month
   without the Customer's prior written approval."
3. Clause 6 is replaced: "Up to 8 unused hours may be carried forward to the next month."
`);
    expect(changes).toContain('retainer.overageRate 240.00 -> 260.00 @2029-03-01');
    expect(changes).toContain('retainer.overageApprovalThresholdPercent null -> 15 @2029-03-01');
    expect(changes).toContain('retainer.rolloverHoursMax null -> 8 @2029-03-01');
  });
  it('reads carry-over that ends as a rollover of 0 and hours "jusqu\'ici" as the old ones (fr)', () => {
    const changes = changesOf(`# Avenant n° 2 au mandat M-40

Dès le 01.04.2029, le mandat est modifié comme suit :

- le forfait mensuel passe de CHF 3'000.00 à CHF 3'300.00 et couvre désormais 22 heures par mois (jusqu'ici 20 heures).
- les heures non utilisées ne sont plus reportées (jusqu'ici, report de 5 heures au maximum).
`);
    expect(changes).toContain('retainer.amount 3000.00 -> 3300.00 @2029-04-01');
    expect(changes).toContain('retainer.includedHours 20 -> 22 @2029-04-01');
    expect(changes).toContain('retainer.rolloverHoursMax 5 -> 0 @2029-04-01');
  });
});

describe('change tables, order numbers and hours caps', () => {
  it('reads roles of a change table, its start column and a replaced PO number (en)', () => {
    const changes = changesOf(`# Change Request CR-21
**Change effective from:** 3 March 2029

| # | Item | Current | Revised | With effect from |
|---|---|---|---|---|
| 1 | Test Lead hourly rate | $110.00 | $118.00 | 1 April 2029 |
| 2 | Security Analyst hourly rate (new role) | — | $150.00 | 3 March 2029 |

Purchase Order No. 5500012345 replaces Purchase Order No. 5500011111 for all later invoices.
`);
    expect(changes).toContain('rates[Test Lead] 110.00 -> 118.00 @2029-04-01');
    expect(changes).toContain('rates[Security Analyst] null -> 150.00 @2029-03-03');
    expect(changes).toContain('poNumber 5500011111 -> 5500012345 @2029-03-03');
  });
  it('reads a bilingual From/To table with a new resource per month, and an hours limit (en)', () => {
    expect(
      changesOf(`# Change Order / Ordre de modification CO-4
**Effective date / Date d'entrée en vigueur :** May 3, 2029 / 3 mai 2029

| Change | Modification | From / Avant | To / Après |
|---|---|---|---|
| Ceiling | Plafond | $120,000.00 | $150,000.00 |
| New resource: Business Analyst | Nouvelle ressource : analyste | — | $9,800.00 per month |
`),
    ).toEqual(
      expect.arrayContaining([
        'caps.not_to_exceed 120000.00 -> 150000.00 @2029-05-03',
        'rates[Business Analyst] null -> 9800.00 @2029-05-03',
      ]),
    );
    expect(
      changesOf(`# Addendum No. 3 to Letter of Award LA-8

We hereby amend the Letter of Award as follows with effect from 20/05/2029:

1. The limit in paragraph 4 is raised from 150 hours to 168 hours per month per consultant.
`),
    ).toContain('caps.hours_per_period 150 -> 168 @2029-05-20');
  });
  it('reads the prior value stated in a sentence of its own (en)', () => {
    const changes = changesOf(`# Amendment No. 6

This Amendment is effective as of June 1, 2029.

1. The not-to-exceed amount is deleted and replaced with $600,000.00. The prior not-to-exceed amount was $450,000.00.
2. The SOW is amended to provide that it terminates on March 31, 2030. The prior termination date was December 31, 2029.
`);
    expect(changes).toContain('caps.not_to_exceed 450000.00 -> 600000.00 @2029-06-01');
    expect(changes).toContain('endDate 2029-12-31 -> 2030-03-31 @2029-06-01');
  });
});

describe('effective-date wording', () => {
  it('reads "wirksam ab D" (de), "avec prise d\'effet le D" and "En vigueur le :" (fr) as the start', () => {
    expect(
      changesOf(`# 2. Nachtrag zum Wartungsvertrag WV-3

Die Vertragsparteien vereinbaren folgende Änderung, wirksam ab 1. März 2029:

Die monatliche Pauschale wird von € 1.000,00 auf € 1.100,00 angehoben.
`),
    ).toEqual(['recurringFee.amount 1000.00 -> 1100.00 @2029-03-01']);
    expect(
      changesOf(`# Avenant n° 4 au contrat CP-9

Il a été convenu ce qui suit, avec prise d'effet le 1er mars 2029 :

Le plafond du contrat est porté de 50 000,00 € HT à 65 000,00 € HT.
`),
    ).toEqual(['caps.not_to_exceed 50000.00 -> 65000.00 @2029-03-01']);
    expect(
      changesOf(`# Avenant no 2 au contrat CS-4
**En vigueur le :** 2029-07-01

1. Le taux d'intérêt sur les sommes impayées est ramené de 2 % à 1,5 % par mois.
`),
    ).toEqual(['lateFee.percent 2 -> 1.5 @2029-07-01']);
  });
});

import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';

// Round nineteen: change forms read by meaning: a fee or a minimum named by its own word ("Entgelt", "facturation
// minimale", "honoraires mensuels"), a value set before in a clause of its own ("fixée à A, est portée à B"), a band
// named after a price per unit, a stage's attribute after a dash, arrows and "statt" between old and new, an allowance
// that lapses now, sentences an abbreviation cut. Invented for the mechanisms, not copied from any corpus document.
describe('fields named by their own word', () => {
  it('reads a fee called Entgelt and old values in brackets (de, plain text)', () => {
    const changes = changesOf(`ZUSATZVEREINBARUNG 2 ZUM BETRIEBSVERTRAG BV-12

Diese Zusatzvereinbarung gilt ab dem 1. März 2031.

  - Das monatliche Betriebsentgelt beträgt nunmehr EUR 2.300,00
    (bisher EUR 2.050,00).
`);
    expect(changes).toContain('recurringFee.amount 2050.00 -> 2300.00 @2031-03-01');
  });

  it('reads a minimum billing, an expenses limit and monthly fees in French', () => {
    const changes = changesOf(`# Avenant n° 3 au contrat CT-9

Avec effet au 1er mars 2031 :

| Stipulation | Ancienne rédaction | Nouvelle rédaction |
|---|---|---|
| Facturation minimale mensuelle | 12 000,00 € HT | 15 000,00 € HT |

La limite des frais de mission, fixée à 2 000,00 € HT, est remplacée par une limite de 2 800,00 € HT.
`);
    expect(changes).toContain('minimumCommitment.amount 12000.00 -> 15000.00 @2031-03-01');
    expect(changes).toContain('caps.expenses 2000.00 -> 2800.00 @2031-03-01');
  });

  it('reads the value a clause set before its verb of change (fr, en)', () => {
    const fr = changesOf(`AVENANT N° 2 AU CONTRAT DE MAINTENANCE CM-4

Article 1 - Redevance
La redevance mensuelle, fixée à l'article 4 du contrat à 800 000 FCFA HT, est portée à
950 000 FCFA HT.

Article 2 - Prise d'effet
Le présent avenant prend effet le 1er avril 2031.
`);
    expect(fr).toContain('recurringFee.amount 800000 -> 950000 @2031-04-01');
    const en = changesOf(`# Amendment No. 4 to Agreement AG-3

This amendment takes effect on 1 May 2031.

The monthly service fee, set at $4,000.00 in Schedule 2, is increased to $4,400.00.
`);
    expect(en).toContain('recurringFee.amount 4000.00 -> 4400.00 @2031-05-01');
  });
});

describe('rows and lists', () => {
  it('keys a row named by a price per unit and its band by the band (de)', () => {
    const changes = changesOf(`# Nachtrag 1 zum Nutzungsvertrag NV-77

Dieser Nachtrag gilt ab dem 1.2.2031.

| Regelung | bisher | neu |
|---|---|---|
| Preis je Prüfung, 10'001 bis 40'000 | CHF 0.050 | CHF 0.045 |
| Preis je Prüfung über 40'000 | CHF 0.030 | CHF 0.026 |
`);
    expect(changes).toContain("usageTiers[10'001 bis 40'000] 0.050 -> 0.045 @2031-02-01");
    expect(changes).toContain("usageTiers[über 40'000] 0.030 -> 0.026 @2031-02-01");
  });

  it('names a stage without the attribute after its dash, and a deliverable table as a schedule (de, en)', () => {
    const de = changesOf(`# Nachtrag 2 zum Werkvertrag WV-5

Mit Wirkung ab dem 01.03.2031 gilt für § 5:

| Teilzahlung | bisher | neu |
|---|---|---|
| Abnahme Testbetrieb – Betrag | 40.000,00 € | 45.000,00 € |
| Abnahme Testbetrieb – spätestens | 30.04.2031 | 31.05.2031 |
`);
    expect(de).toContain('milestones.amount[Abnahme Testbetrieb] 40000.00 -> 45000.00 @2031-03-01');
    expect(de).toContain('milestones.dueDate[Abnahme Testbetrieb] 2031-04-30 -> 2031-05-31 @2031-03-01');
    expect(de.filter((c) => c.startsWith('endDate'))).toEqual([]);
    const en = changesOf(`# Variation 2 to Contract FP-8

This variation takes effect on 1 June 2031.

| Deliverable | Old target date | New target date |
|---|---|---|
| Pilot completed | 30 June 2031 | 31 July 2031 |
`);
    expect(en).toContain('milestones.dueDate[Pilot completed] 2031-06-30 -> 2031-07-31 @2031-06-01');
  });

  it('reads a new role whose row says it is new, a role in bold and a role before its list colon (en, de)', () => {
    const en = changesOf(`# Change Request 7

Effective: 2 June 2031

| # | Item | Before | After |
|---|---|---|---|
| 1 | Data Steward (new role) | – | NZD 1,100.00 per day |

1. Field Auditor: the hourly rate goes from $90.00 to $95.00.
`);
    expect(en).toContain('rates[Data Steward] null -> 1100.00 @2031-06-02');
    expect(en).toContain('rates[Field Auditor] 90.00 -> 95.00 @2031-06-02');
    const de = changesOf(`# Änderungsauftrag 3

Dieser Änderungsauftrag gilt ab dem 01.07.2031.

a) Neu aufgenommen wird das Profil **Datenanalystin** mit einem Tagessatz von 900,00 EUR.
b) Der Tagsatz der Rolle Architekt wird von EUR 1.000,00 auf EUR 1.050,00 angehoben.
c) Die Leistungen sind statt am 30.09.2031 am 31.12.2031 abzuschließen.
`);
    expect(de).toContain('rates[Datenanalystin] null -> 900.00 @2031-07-01');
    expect(de).toContain('rates[Architekt] 1000.00 -> 1050.00 @2031-07-01');
    expect(de).toContain('endDate 2031-09-30 -> 2031-12-31 @2031-07-01');
  });

  it('reads old and new around an arrow for dates and hours (en)', () => {
    const changes = changesOf(`CHANGE ORDER CO-12

Effective date: 1 August 2031

  (i)   Monthly hours limit: 300 hours -> 360 hours in any calendar month.
  (ii)  End date: 31-Dec-2031 -> 31-Mar-2032.
`);
    expect(changes).toContain('caps.hours_per_period 300 -> 360 @2031-08-01');
    expect(changes).toContain('endDate 2031-12-31 -> 2032-03-31 @2031-08-01');
  });
});

describe('retainers', () => {
  it('prices extra hours, and an allowance that now lapses (de)', () => {
    const changes = changesOf(`# Nachtrag 2 zum Supportvertrag SV-3

Dieser Nachtrag gilt ab dem 1.5.2031.

- Die monatliche Pauschale beträgt CHF 6'000.– und umfasst 30 Stunden.
- Zusätzliche Stunden kosten neu CHF 160.– (bisher CHF 150.–).
- Ziffer 5 wird ersetzt durch: «Nicht bezogene Stunden verfallen am Monatsende.» Bisher konnten bis zu 6 Stunden
  übertragen werden.
`);
    expect(changes).toContain('retainer.overageRate 150.00 -> 160.00 @2031-05-01');
    expect(changes).toContain('retainer.rolloverHoursMax 6 -> 0 @2031-05-01');
  });

  it('reads a reworded clause an abbreviation cut, and two changes in one quoted wording (de)', () => {
    const changes = changesOf(`NACHTRAG 1 ZUM WARTUNGSVERTRAG WV-9

Dieser Nachtrag gilt ab dem 1. Juni 2031.

1. § 4 Abs. 1 erhält folgende Fassung:
   "Der Kunde zahlt eine monatliche Pauschale von 1.900,00 EUR zzgl.
   MwSt." (bisher 1.700,00 EUR)

2. § 4 Abs. 2 erhält folgende Fassung:
   "Die Pauschale umfasst 12 Stunden pro Monat." (bisher 10 Stunden)
`);
    expect(changes).toContain('retainer.amount 1700.00 -> 1900.00 @2031-06-01');
    expect(changes).toContain('retainer.includedHours 10 -> 12 @2031-06-01');
  });
});

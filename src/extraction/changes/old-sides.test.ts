import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';

describe('old values named by meaning (round eighteen)', () => {
  it('pairs a clause given in its old and then its new wording (fr, en)', () => {
    const fr = changesOf(`# Avenant n° 2 au contrat d'assistance AB-77

Le présent avenant prend effet le 1er mars 2031. Le contrat comprend un forfait d'heures mensuel.

**Redevance mensuelle.** Ancienne rédaction : « 840 000 FCFA HT ». Nouvelle rédaction : « 910 000 FCFA HT ».

**Heures comprises par mois.** Ancienne rédaction : « 22 heures ». Nouvelle rédaction : « 25 heures ».
`);
    expect(fr).toContain('retainer.amount 840000 -> 910000 @2031-03-01');
    expect(fr).toContain('retainer.includedHours 22 -> 25 @2031-03-01');
    const en = changesOf(`# Amendment No. 3 to Statement of Work SW-12

Effective date: 1 April 2031.

**Payment terms.** Old wording: "Invoices are payable within 30 days." New wording: "Invoices are payable within 45 days."
`);
    expect(en).toContain('paymentTerms.netDays 30 -> 45 @2031-04-01');
    // The label as a sentence of its own, as a PDF without bold gives it, and both wordings in one line.
    const plain = changesOf(`# Avenant n° 4 au contrat de banque d'heures BH-2

Le présent avenant prend effet le 1er juin 2031. Il modifie les conditions comme suit.
Forfait mensuel. Ancienne rédaction : « 600 000 FCFA HT ». Nouvelle rédaction : « 640 000 FCFA HT ».
Heures comprises chaque mois. Ancienne rédaction : « 18 heures ». Nouvelle rédaction : « 20 heures ».
`);
    expect(plain).toContain('retainer.amount 600000 -> 640000 @2031-06-01');
    expect(plain).toContain('retainer.includedHours 18 -> 20 @2031-06-01');
  });

  it('reads the value an active verb replaces as the old one, in the same sentence or the next (de, fr, en)', () => {
    const de = changesOf(`# 2. Nachtrag zum Dienstleistungsvertrag DV-51

Dieser Nachtrag gilt ab dem 01.04.2031. Die Parteien vereinbaren:

1. Das Kostendach beträgt CHF 88'000.–; es ersetzt das bisherige Kostendach von CHF 70'000.–.
`);
    expect(de).toContain('caps.not_to_exceed 70000.00 -> 88000.00 @2031-04-01');
    const fr = changesOf(`# Avenant n° 1 au marché M-19

Date d'effet : 2 mai 2031.

**Article 1.** Le montant maximal du marché est désormais fixé à 64 000,00 € HT. Ce montant remplace celui de
52 000,00 € HT prévu initialement.
`);
    expect(fr).toContain('caps.not_to_exceed 52000.00 -> 64000.00 @2031-05-02');
    const en = changesOf(`# Change Order 4 to SOW 2031-08

Effective: June 1, 2031

1. The not-to-exceed amount of $40,000.00 is superseded by a not-to-exceed amount of $47,500.00.
`);
    expect(en).toContain('caps.not_to_exceed 40000.00 -> 47500.00 @2031-06-01');
  });

  it('reads a parenthesis or a clause on what a value was as the old side (de, en)', () => {
    const de = changesOf(`# Nachtrag Nr. 2 zum Supportvertrag SV-3

Ab 1. Juli 2031 gilt:

1. Der Vertrag wird bis 30.06.2032 verlängert (bisheriges Vertragsende 30.06.2031).
`);
    expect(de).toContain('endDate 2031-06-30 -> 2032-06-30 @2031-07-01');
    const en = changesOf(`# Second Amendment to Services Agreement SA-9

With effect from 1 March 2031 the Agreement is amended as follows:

(a) the term, which ended on 28 February 2031, now ends on 29 February 2032.
`);
    expect(en).toContain('endDate 2031-02-28 -> 2032-02-29 @2031-03-01');
  });

  it('reads "(up from A)", "(contre A auparavant)", "(vormals A)" and ", formerly A," as the old side (en, fr, de)', () => {
    const en = changesOf(`# Amendment No. 1 to SOW 31-2

Effective 1 March 2031.

1. The daily rate of the Senior Analyst is now EUR 900.00 (up from EUR 850.00).
2. The not-to-exceed amount, formerly EUR 90,000.00, is now EUR 110,000.00.
`);
    expect(en).toContain('rates[Senior Analyst] 850.00 -> 900.00 @2031-03-01');
    expect(en).toContain('caps.not_to_exceed 90000.00 -> 110000.00 @2031-03-01');
    const fr = changesOf(`# Avenant n° 1 au contrat C-9

Date d'effet : 1er mars 2031.

1. Le taux journalier du profil Chef de projet est porté à 780,00 € HT (contre 740,00 € HT auparavant).
2. Le plafond de dépenses de 12 000,00 € HT est remplacé par un plafond de 15 000,00 € HT.
`);
    expect(fr).toContain('rates[Chef de projet] 740.00 -> 780.00 @2031-03-01');
    expect(fr).toContain('caps.expenses 12000.00 -> 15000.00 @2031-03-01');
    const de = changesOf(`# Nachtrag Nr. 1 zum Vertrag V-2

Dieser Nachtrag gilt ab dem 01.03.2031.

1. Das Kostendach beträgt künftig EUR 64.000,00 (vormals EUR 58.000,00).
`);
    expect(de).toContain('caps.not_to_exceed 58000.00 -> 64000.00 @2031-03-01');
  });

  it('reads "An die Stelle des … von A tritt …" and a clause that "currently reads" before its new reading (de, en)', () => {
    const de = changesOf(`# Nachtrag Nr. 4 zum Vertrag V-6

Dieser Nachtrag gilt ab dem 01.04.2031.

1. Ziffer 4: An die Stelle des Tagessatzes von EUR 980,00 tritt ein Tagessatz von EUR 1.040,00 für die Rolle Architekt.
`);
    expect(de).toContain('rates[Architekt] 980.00 -> 1040.00 @2031-04-01');
    const en = changesOf(`# Amendment No. 5 to SOW 31-8

Effective 1 April 2031.

Clause 5 currently reads: "Payment is due within 30 days." It is amended to read: "Payment is due within 15 days."
`);
    expect(en).toContain('paymentTerms.netDays 30 -> 15 @2031-04-01');
  });

  it('reads carry-over allowed where it lapsed before, and lapsing where it was allowed (de, en)', () => {
    const de = changesOf(`# Nachtrag Nr. 1 zum Supportvertrag SV-8

Die Monatspauschale umfasst 20 Stunden. Die Parteien vereinbaren mit Gültigkeit ab 1.5.2031:

1. Nicht genutzte Stunden eines Monats können in den Folgemonat übertragen werden, höchstens 4 Stunden. Bisher verfielen sie am Monatsende.
`);
    expect(de).toContain('retainer.rolloverHoursMax 0 -> 4 @2031-05-01');
    const en = changesOf(`# Amendment 2 to the Support Retainer

The retainer includes 30 hours per quarter. Effective July 1, 2031:

- Paragraph 5 is replaced: "Hours not used in a quarter lapse at the end of that quarter." (Previously up to 8 hours could be carried.)
`);
    expect(en).toContain('retainer.rolloverHoursMax 8 -> 0 @2031-07-01');
  });
});

describe('keys and fields by meaning (round eighteen)', () => {
  it('keys a tier by the range written after its name or word (de, fr)', () => {
    const de = changesOf(`# Nachtrag 2 zum Nutzungsvertrag NV-8

Die Parteien vereinbaren mit Gültigkeit ab 1.2.2031:

- Stufe B, 10'001 bis 60'000 Abfragen: CHF 0.041 je Abfrage (bisher CHF 0.045)
`);
    expect(de).toContain("usageTiers[10'001 bis 60'000] 0.045 -> 0.041 @2031-02-01");
    const fr = changesOf(`# Avenant n° 2 au contrat API-4

Pour les appels effectués à compter du 1er mars 2031 :

- le prix unitaire de la tranche de 2 001 à 9 000 appels est ramené de 120 FCFA HT à 110 FCFA HT ;
`);
    expect(fr).toContain('usageTiers[de 2 001 à 9 000] 120 -> 110 @2031-03-01');
  });

  it('names a role written after the rate word or as a labour category, or in a change table cell (de, en)', () => {
    const de = changesOf(`# Nachtrag Nr. 3 zum Dienstleistungsvertrag DV-77

Dieser Nachtrag gilt ab dem 01.09.2031. Die Parteien vereinbaren:

1. Ziffer 3: Der Ansatz Datenbankspezialist beträgt neu CHF 171.– pro Stunde (bisher CHF 164.–).
`);
    expect(de).toContain('rates[Datenbankspezialist] 164.00 -> 171.00 @2031-09-01');
    const en = changesOf(`# CHANGE ORDER 7 TO SOW 31-04

This change is effective 09/01/2031.

1. Section 3, Labor category Systems Integrator (Rate ID X-7): the hourly rate of $131.00 becomes $137.00.
`);
    expect(en).toContain('rates[Systems Integrator] 131.00 -> 137.00 @2031-09-01');
    const table = changesOf(`# Change Order CO-2 to SOW 31-09

Effective: 1 October 2031

| # | Clause | Before this change order | After this change order |
|---|---|---|---|
| 1 | 3 (new role) | — | Cloud Architect, daily fee USD 1,150 |
| 2 | 3, Business Analyst | USD 700 per day | USD 740 per day |
`);
    expect(table).toContain('rates[Cloud Architect] null -> 1150.00 @2031-10-01');
    expect(table).toContain('rates[Business Analyst] 700.00 -> 740.00 @2031-10-01');
  });

  it('reads a payment-event table with amounts in the header currency and a PO added in a row', () => {
    const ms = changesOf(`# AMENDMENT No. 2 TO CONTRACT C-31

This Amendment takes effect on 1 March 2031.

| Payment event | Due by (was) | Due by (now) | Amount (was), EUR | Amount (now), EUR |
|---|---|---|---|---|
| Pilot sign-off | 31 March 2031 | 30 April 2031 | 12,000 | 10,000 |
`);
    expect(ms).toContain('milestones.dueDate[Pilot sign-off] 2031-03-31 -> 2031-04-30 @2031-03-01');
    // The amounts are bare in their cells; the header names the currency.
    expect(
      ms.some((c) => /^milestones\.amount\[Pilot sign-off\] 12000(?:\.00)? -> 10000(?:\.00)? @2031-03-01$/.test(c)),
    ).toBe(true);
    const po = changesOf(`# Nachtrag Nr. 2 zum Wartungsvertrag WV-5

Die Parteien vereinbaren mit Wirkung ab 1.2.2032:

| Punkt | bisherige Fassung | neue Fassung |
|---|---|---|
| 3. Jahresgebühr | EUR 9.600,00 je Vertragsjahr | EUR 10.200,00 je Vertragsjahr |
| 5. Bestellnummer | – | Jede Rechnung nennt die Bestellung Nr. KX-2032-118 |
`);
    expect(po).toContain('poNumber null -> KX-2032-118 @2032-02-01');
  });

  it('reads a term the contract did not have before from the reworded clause that states it (fr, en)', () => {
    const fr = changesOf(`# Avenant n° 2 au contrat n° PL-2031-4

À partir du 1er septembre 2031 :

**a)** L'article 5 est remplacé par le texte suivant : « Paiement à 30 jours date de facture. Les sommes payées en retard
portent intérêt au taux de 6 % l'an. » Le délai de paiement passe ainsi de 45 à 30 jours ; le contrat ne prévoyait
jusqu'ici aucun intérêt de retard.
`);
    expect(fr).toContain('lateFee.percent null -> 6 @2031-09-01');
    const en = changesOf(`# Amendment No. 2 to Statement of Work 31-17

Effective September 1, 2031, Section 6 is amended to read: "Invoices are payable within 30 days. Overdue amounts bear
interest at 1.5% per month." Previously, no late interest applied.
`);
    expect(en).toContain('lateFee.percent null -> 1.5 @2031-09-01');
  });
});

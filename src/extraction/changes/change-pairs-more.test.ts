import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';
import { poChangeIn } from './change-rows.ts';

describe('pairs of old and new values in more wordings', () => {
  it('reads two rate changes joined in one sentence and a completion date "instead of" the old one (en)', () => {
    const changes = changesOf(`# Amendment 7 to Statement of Work QR-19

This amendment takes effect on 1 March 2031.

1. Rates. The Solution Lead rate changes from USD 150.00 to USD 158.00 and the Tester rate from USD 80.00 to USD 86.00.
2. The work is to be finished by 30 June 2031 instead of 31 March 2031.
`);
    expect(changes).toContain('rates[Solution Lead] 150.00 -> 158.00 @2031-03-01');
    expect(changes).toContain('rates[Tester] 80.00 -> 86.00 @2031-03-01');
    expect(changes).toContain('endDate 2031-03-31 -> 2031-06-30 @2031-03-01');
  });

  it('reads a compound milestone word moved "vom D auf den D" with its amount (de)', () => {
    const changes = changesOf(`# Änderungsvereinbarung Nr. 2 zum Werkvertrag WV-9

Die Parteien vereinbaren mit Wirkung vom 1. März 2031:

Der Zahlungsmeilenstein „Pilotbetrieb" wird vom 15. April 2031 auf den 20. Mai 2031 verschoben; sein Betrag steigt von 10.000,00 € auf 12.000,00 €.
`);
    expect(changes).toContain('milestones.dueDate[Pilotbetrieb] 2031-04-15 -> 2031-05-20 @2031-03-01');
    expect(changes).toContain('milestones.amount[Pilotbetrieb] 10000.00 -> 12000.00 @2031-03-01');
  });

  it('pairs "Termin alt | Termin neu" and "Was due | Now due" columns, amounts under a short currency header', () => {
    const de = changesOf(`# Änderungsvereinbarung Nr. 3 zum Werkvertrag WV-9

Mit Wirkung ab 1. März 2031 wird der Zahlungsplan wie folgt geändert:

| Zahlungsmeilenstein | Termin alt | Termin neu | Betrag alt | Betrag neu |
|---|---|---|---|---|
| Schulung | 2. April 2031 | 7. Mai 2031 | € 5.600,00 | € 6.600,00 |
`);
    expect(de).toContain('milestones.dueDate[Schulung] 2031-04-02 -> 2031-05-07 @2031-03-01');
    const en = changesOf(`# Amendment No. 2 to Contract KT-5

Amendment reference KT-5-A2, effective from 1 March 2031.

The parties change the payment schedule:

| Payment milestone | Was due | Now due | Amount was (Le) | Amount now (Le) |
|---|---|---|---|---|
| Training | 15 April 2031 | 10 May 2031 | 52,000.00 | 50,000.00 |
`);
    expect(en).toContain('milestones.amount[Training] 52000.00 -> 50000.00 @2031-03-01');
    expect(en).toContain('milestones.dueDate[Training] 2031-04-15 -> 2031-05-10 @2031-03-01');
  });

  it('reads included hours as bare counts from/to and "anstelle von", and a row label after a clause reference', () => {
    const en = changesOf(`# Amendment No. 3 — Support Retainer Agreement RA-77

Amendment reference: RA-77-A3

With effect from 1 May 2031 the parties amend the retainer as follows:

- (a) the hours included each month go from 30 to 36;
`);
    expect(en).toContain('retainer.includedHours 30 -> 36 @2031-05-01');
    const de = changesOf(`# 1. Nachtrag zum Dienstleistungsvertrag DV-8

Die Parteien vereinbaren mit Wirkung ab 01.03.2031 folgende Änderungen:

| Regelung | bisher | künftig |
|---|---|---|
| § 3 Abs. 1 Stundensatz Entwickler | 104,00 € | 109,00 € |
`);
    expect(de).toContain('rates[Entwickler] 104.00 -> 109.00 @2031-03-01');
  });

  it('reads a replaced order number after an arrow, "instead of" or in a before/after row', () => {
    expect(poChangeIn('- Client PO: XY-PO-77120 => XY-PO-78304')).toEqual({ from: 'XY-PO-77120', to: 'XY-PO-78304' });
    expect(poChangeIn('| Buyer Purchase Order | QQ-7700123 | QQ-7700458 |')).toEqual({
      from: 'QQ-7700123',
      to: 'QQ-7700458',
    });
    expect(poChangeIn('Invoices must quote the new purchase order number 7700-41902 instead of 7700-33217.')).toEqual({
      from: '7700-33217',
      to: '7700-41902',
    });
    expect(poChangeIn('The purchase order number is PO-5567.')).toBeNull();
  });

  it('reads a list item labelled by its role with its own start "beginning D" (en)', () => {
    const changes = changesOf(`# Change Order CO-7

This change order is effective 03/01/2031.

- Senior Analyst hourly rate: $150.00 beginning 05/01/2031 (was $140.00).
`);
    expect(changes).toContain('rates[Senior Analyst] 140.00 -> 150.00 @2031-05-01');
  });

  it('pairs a clause given a new wording with the old limit a next sentence withdraws (de)', () => {
    const changes = changesOf(`# 2. Nachtrag zum Dienstleistungsvertrag DV-2031-4

Nachtrags-Nr.: DV-2031-4-N2

Dieser Nachtrag gilt ab dem 01.03.2031. Die Parteien vereinbaren:

1. § 3 Absatz 2 erhält folgende Fassung: „Die Vergütung ist auf insgesamt 90.000,00 € (netto) begrenzt." Die bisherige Begrenzung auf 70.000,00 € entfällt.
`);
    expect(changes).toContain('caps.not_to_exceed 70000.00 -> 90000.00 @2031-03-01');
  });

  it('keys a tier named with its range by the range, reads "Fin du contrat" as the end, a role before "ein Tagessatz"', () => {
    const fr = changesOf(`# Avenant n° 2 au contrat d'abonnement AB-7

Le présent avenant prend effet le 1er avril 2031.

Article 1. Le prix unitaire HT du palier B (10'001 à 50'000 jetons) passe de CHF 0.060 à CHF 0.055.

Article 2. Le prix unitaire HT du palier C (dès 50'001 jetons) passe de CHF 0.042 à CHF 0.036.

| Élément | Avant | Après |
|---|---|---|
| Fin du contrat | 28 juin 2031 | 20 décembre 2031 |
`);
    expect(fr).toContain("usageTiers[10'001 à 50'000] 0.060 -> 0.055 @2031-04-01");
    expect(fr).toContain("usageTiers[dès 50'001] 0.042 -> 0.036 @2031-04-01");
    expect(fr).toContain('endDate 2031-06-28 -> 2031-12-20 @2031-04-01');
    const de = changesOf(`# Änderungsauftrag Nr. 2

Zum Rahmenvertrag RV-31 · Änderungsauftrag RV-31-ÄA2

Dieser Änderungsauftrag wird am 01.03.2031 wirksam. Für Leistungen ab dem 01.05.2031 gilt für Hafenplaner/in ein Tagessatz von 990,00 EUR anstelle von 940,00 EUR.
`);
    expect(de).toContain('rates[Hafenplaner/in] 940.00 -> 990.00 @2031-05-01');
  });
});

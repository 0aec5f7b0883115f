import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';

describe('change tables pairing before and after per attribute', () => {
  it('reads amount and due date pairs and a row with nothing before as a new milestone (fr)', () => {
    const changes = changesOf(`# Avenant n° 2 au contrat CF-88

**Date d'effet : 3 mars 2028**

## Article 1

Le calendrier de paiement est modifié comme suit :

| Étape | Montant avant | Montant après | Échéance avant | Échéance après |
|---|---:|---:|---|---|
| Conception | 12 000,00 € | 10 500,00 € | 14 avril 2028 | 12 mai 2028 |
| Formation des agents (nouvelle étape) | — | 1 500,00 € | — | 30 juin 2028 |
`);
    expect(changes).toContain('milestones.amount[Conception] 12000.00 -> 10500.00 @2028-03-03');
    expect(changes).toContain('milestones.dueDate[Conception] 2028-04-14 -> 2028-05-12 @2028-03-03');
    expect(changes).toContain('milestones.amount[Formation des agents] null -> 1500.00 @2028-03-03');
    expect(changes).toContain('milestones.dueDate[Formation des agents] null -> 2028-06-30 @2028-03-03');
  });
  it('reads "Original target | Revised target" in a milestone table and leaves the total row alone (en)', () => {
    const changes = changesOf(`# Amendment No. 2 to the Statement of Work WO-31

**Effective:** 2 March 2028

The milestone table of the Statement of Work is amended as follows:

| Milestone | Fee | Original target | Revised target |
|---|---|---|---|
| Design | USD 9,000.00 | 10 Apr 2028 | 8 May 2028 |
| Pilot | USD 6,000.00 | — | 12 Jun 2028 |
| Total | USD 15,000.00 | | |
`);
    expect(changes).toContain('milestones.dueDate[Design] 2028-04-10 -> 2028-05-08 @2028-03-02');
    expect(changes).toContain('milestones.dueDate[Pilot] null -> 2028-06-12 @2028-03-02');
    expect(changes.some((c) => c.includes('[Total]'))).toBe(false);
  });
  it("reads a rate table whose columns state their periods, the role column and the new rates' start (en)", () => {
    const changes = changesOf(`# Amendment No. 1 to the Consulting Agreement

This Amendment is effective as of February 1, 2028.

| Role | Hourly rate until 31 March 2028 | Hourly rate from 1 April 2028 |
|---|---:|---:|
| Systems Analyst | USD 150.00 | USD 158.00 |
| Tester | USD 95.00 | USD 95.00 |
`);
    expect(changes).toEqual(['rates[Systems Analyst] 150.00 -> 158.00 @2028-04-01']);
  });
  it('reads a German table headed "Funktion | bisheriger Tagessatz | neuer Tagessatz" by role (de)', () => {
    const changes = changesOf(`# Nachtrag Nr. 2 zum Dienstleistungsvertrag DV-4

**Inkrafttreten:** 1. März 2028

Die Tagessätze werden wie folgt angepasst:

| Funktion | bisheriger Tagessatz | neuer Tagessatz |
|---|---:|---:|
| Architektin | 1.100,00 € | 1.150,00 € |
`);
    expect(changes).toContain('rates[Architektin] 1100.00 -> 1150.00 @2028-03-01');
  });
});

describe('variation forms and bare amounts', () => {
  it('reads a milestone table keyed by code with its description, dates and a "— (new)" row (en)', () => {
    const changes = changesOf(`# Contract Variation Form

| | |
|---|---|
| Variation number | V-07 |
| Date of variation | 3 May 2028 |

| Milestone | Description | Original Date | Revised Date | Payment (£) |
|---|---|---|---|---:|
| D1 | Site survey | 31 May 2028 | 30 June 2028 | 8,000.00 |
| D4 | Data migration | — (new) | 31 July 2028 | 4,500.00 |
`);
    expect(changes).toContain('milestones.dueDate[Site survey] 2028-05-31 -> 2028-06-30 @2028-05-03');
    expect(changes).toContain('milestones.amount[Data migration] null -> 4500.00 @2028-05-03');
    expect(changes).toContain('milestones.dueDate[Data migration] null -> 2028-07-31 @2028-05-03');
  });
  it('reads bare amounts under a header stating the currency as money (en)', () => {
    const changes = changesOf(`# Change Order No. 9

**Effective date of this Change Order:** 1 June 2028

| Role | Rate until 31 May 2028 (S$) | Rate from 1 June 2028 (S$) |
|---|---:|---:|
| Data Scientist | 210.00 | 225.00 |
`);
    expect(changes).toContain('rates[Data Scientist] 210.00 -> 225.00 @2028-06-01');
  });
});

describe('tab-separated change tables', () => {
  it('reads no amount across two cells ("25\'000<tab>CHF 0.12" is a range\'s end, then a price) (de)', () => {
    const changes = changesOf(
      "# Nachtrag Nr. 2 zum Nutzungsvertrag\n\n**Inkrafttreten:** 1. Juli 2028\n\nZiffer 4 wird durch folgende Preistabelle ersetzt:\n\nStufe\tTransaktionen\tPreis bisher\tPreis neu\nStufe A\t1 – 25'000\tCHF 0.120\tCHF 0.120\n",
    );
    expect(changes.some((c) => c.includes('25000'))).toBe(false);
  });
});

describe('a fee in a document that includes hours', () => {
  it('reads a monthly flat fee as the retainer where "Heures comprises" are stated (fr)', () => {
    const changes = changesOf(`# Demande de modification n° 5

**Date d'effet : 1er avril 2028**

| Élément | Jusqu'au 31/03/2028 | À partir du 01/04/2028 |
|---|---|---|
| Forfait mensuel HTVA | 1.800,00 EUR | 2.100,00 EUR |
| Heures comprises par mois | 12 | 15 |
`);
    expect(changes).toContain('retainer.amount 1800.00 -> 2100.00 @2028-04-01');
  });
});

describe('old and new values in sentences', () => {
  it('reads "„A" ersetzt durch „B"" as a change from A to B (de)', () => {
    const changes = changesOf(`# Nachtrag Nr. 1 zum Wartungsvertrag WV-2

**Inkrafttreten:** 1. Mai 2028

1. In Ziffer 6 wird „30 Tage nach Rechnungsdatum" ersetzt durch „20 Tage nach Rechnungsdatum".
`);
    expect(changes).toContain('paymentTerms.netDays 30 -> 20 @2028-05-01');
  });
  it('reads "must not exceed" and a later "previous limit was" as a cap change (en)', () => {
    const changes = changesOf(`# Variation No. 3 to the Services Contract

This Variation is effective as of 5 June 2028.

1. Clause 7.1 is amended to read: "Fees under this Contract (excluding GST and expenses) must not exceed $90,000.00." The previous limit was $75,000.00.
2. The limit on travel expenses is increased from $2,000.00 to $2,500.00.
`);
    expect(changes).toContain('caps.not_to_exceed 75000.00 -> 90000.00 @2028-06-05');
    expect(changes).toContain('caps.expenses 2000.00 -> 2500.00 @2028-06-05');
  });
  it('reads a French sentence stating the previous maximum as the old cap (fr)', () => {
    const changes = changesOf(`# Avenant n° 3 au contrat AC-7

**Date d'effet : 1er juin 2028**

L'article 4 du contrat est modifié et se lit désormais comme suit : « Le montant total des prestations ne pourra excéder EUR 90.000,00 hors TVA. » Le montant maximal précédent était de EUR 70.000,00.
`);
    expect(changes).toContain('caps.not_to_exceed 70000.00 -> 90000.00 @2028-06-01');
  });
  it('guesses no change from a quoted old wording "amended to read" a new one, and dates changes by signature', () => {
    const changes = changesOf(`# Addendum WO-9-A1

**to Work Order WO-9**

This Addendum is made on 14th May 2028 between Alpha Ltd and Beta Ltd and takes effect on signature.

1. In section 2, "Start date: 1st June 2028. End date: 30th November 2028." is amended to read "Start date: 1st July 2028. End date: 31st December 2028."
2. The limit on expenses is increased from €1,000.00 to €1,500.00.
`);
    expect(changes).toEqual(['caps.expenses 1000.00 -> 1500.00 @2028-05-14']);
  });
  it('sees the quoted old wording when a PDF line wraps inside it (en)', () => {
    const changes = changesOf(`# Addendum WO-9-A2

**to Work Order WO-9**

This Addendum is made on 14th May 2028 between Alpha Ltd and Beta Ltd and takes effect on signature.

1. In section 2, "Start date: 1st June 2028. End date: 30th November
2028." is amended to read "Start date: 1st July 2028. End date: 31st December 2028."
`);
    expect(changes).toEqual([]);
  });
  it('reads a price table keyed by volume ranges as tier changes, unchanged rows left out (en, de)', () => {
    const en = changesOf(`# Change Order 4

**Order Form:** OF-12

**Effective:** 1 March 2029

1. The price table of the Order Form is replaced by:

| Lookups per month | Current rate | New rate per lookup |
|---|---|---|
| 1 – 20,000 | US$ 0.30 | US$ 0.30 |
| 20,001 – 80,000 | US$ 0.25 | US$ 0.22 |
| above 80,000 | US$ 0.20 | US$ 0.17 |
`);
    expect(en).toEqual([
      'usageTiers[20,001 – 80,000] 0.25 -> 0.22 @2029-03-01',
      'usageTiers[above 80,000] 0.20 -> 0.17 @2029-03-01',
    ]);
  });
  it('pairs an old value stated in a sentence of its own after a replaced clause (en)', () => {
    const changes = changesOf(`# Amending Agreement No. 1

**Re:** Work Order WO-5

**Effective:** 2029-02-01

1. Clause 7 (Budget) is deleted and replaced with: "Charges under this Work Order shall not exceed $80,000.00." The fee limit was previously $60,000.00.
`);
    expect(changes).toEqual(['caps.not_to_exceed 60000.00 -> 80000.00 @2029-02-01']);
  });
  it('pairs "the minimum of A (in words) stands revised to B" with lakh-grouped amounts (en-IN)', () => {
    const changes = changesOf(`# Change Request CR-9

**Effective:** 1 March 2029

The minimum monthly billing of ₹ 1,50,000.00 (Rupees One Lakh Fifty Thousand only) stands revised to ₹ 2,00,000.00 (Rupees Two Lakh only).
`);
    expect(changes).toEqual(['minimumCommitment.amount 150000.00 -> 200000.00 @2029-03-01']);
  });
});

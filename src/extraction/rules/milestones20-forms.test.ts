import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Round twenty: schedule tables headed by the triggering event, amendments restating stages and instalments by
// their own words ("Stage 2", "die Rate", "l'échéance"). Written for the mechanism, not copied from any corpus document.
const milestones = (text: string) => extractWithRules(text).terms.milestones;

describe('schedule tables headed by the triggering event', () => {
  it('reads a French table whose name column is the "fait générateur" and whose share column is the "taux"', () => {
    const text =
      'Contrat à prix forfaitaire\n\nÉchéancier :\n\n| Montant | Fait générateur | Taux | Date limite |\n|---|---|---|---|\n| EUR 6 000,00 | Signature | 30 % | – |\n| EUR 14 000,00 | Livraison du logiciel | 70 % | 15 mars 2031 |\n';
    expect(milestones(text)).toEqual([
      { name: 'Signature', amount: '6000.00', percent: 30, dueDate: null },
      { name: 'Livraison du logiciel', amount: '14000.00', percent: 70, dueDate: '2031-03-15' },
    ]);
  });

  it('reads an English table whose name column is the triggering event', () => {
    const text =
      'Fixed price agreement\n\n| Triggering event | Share | Amount |\n|---|---|---|\n| Kick-off | 40% | USD 4,000.00 |\n| Acceptance | 60% | USD 6,000.00 |\n';
    expect(milestones(text)).toEqual([
      { name: 'Kick-off', amount: '4000.00', percent: 40, dueDate: null },
      { name: 'Acceptance', amount: '6000.00', percent: 60, dueDate: null },
    ]);
  });
});

describe('amendments restating stages and instalments', () => {
  it('reads numbered stages whose planned dates move', () => {
    const text =
      'Variation Order No. 3\n\nThe parties agree that:\n(a) the planned date of Stage 2 "Factory test" moves from 31 March 2031 to 30 April 2031;\n(b) the planned date of Stage 3 "Handover" moves from 30 June 2031 to 31 July 2031.\n';
    expect(milestones(text)).toEqual([
      { name: 'Factory test', amount: null, percent: null, dueDate: '2031-04-30' },
      { name: 'Handover', amount: null, percent: null, dueDate: '2031-07-31' },
    ]);
  });

  it('reads German instalments ("Rate") whose date and amount change', () => {
    const text =
      'Nachtrag Nr. 2\n\na) Die Rate „Probebetrieb“ wird vom 31.03.2031 auf den 30.04.2031 verschoben.\nb) Die Rate „Endabnahme“ steigt von 20.000,00 € auf 25.000,00 €.\n';
    expect(milestones(text)).toEqual([
      { name: 'Probebetrieb', amount: null, percent: null, dueDate: '2031-04-30' },
      { name: 'Endabnahme', amount: '25000.00', percent: null, dueDate: null },
    ]);
  });

  it('reads French "échéances" postponed or changed in amount', () => {
    const text =
      "Avenant n° 1\n\n1. L'échéance « Recette » est reportée du 15 mai 2031 au 30 juin 2031.\n2. L'échéance « Solde » voit son montant porté de 9 000,00 EUR à 11 000,00 EUR.\n";
    expect(milestones(text)).toEqual([
      { name: 'Recette', amount: null, percent: null, dueDate: '2031-06-30' },
      { name: 'Solde', amount: '11000.00', percent: null, dueDate: null },
    ]);
  });

  it('does not read an English quoted rate as an instalment', () => {
    const text = 'Change Order 4\n\nThe rate "Senior developer" is raised from USD 100.00 to USD 120.00 per hour.\n';
    expect(milestones(text)).toEqual([]);
  });
});

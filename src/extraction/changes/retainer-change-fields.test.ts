import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';

// Round seventeen: a retainer amendment's changes named by meaning, in English, German and French: extra hours priced
// "an hour", the approval point as a share of the included hours, a period's amount ("montant mensuel",
// "Pauschalbetrag"), surplus hours ("heures excédentaires"). Written for the mechanism, not copied from a corpus document.
describe('retainer changes by meaning', () => {
  it('reads extra hours priced "an hour" and an approval share of the included hours (en)', () => {
    const changes = changesOf(`# Amendment No. 2 to Support Retainer Letter SRL-7

With effect from March 1, 2030 the retainer letter is amended as follows:

- extra hours are charged at $150.00 an hour instead of $140.00;
- the written-approval point moves from 10% to 15% of the included hours.

The monthly retainer of $5,000.00 and the 30 included hours stay as they are.
`);
    expect(changes).toContain('retainer.overageRate 140.00 -> 150.00 @2030-03-01');
    expect(changes).toContain('retainer.overageApprovalThresholdPercent 10 -> 15 @2030-03-01');
    expect(changes.some((c) => c.startsWith('retainer.amount'))).toBe(false);
  });

  it("reads a monthly amount and surplus hours as the retainer's (fr)", () => {
    const changes = changesOf(`# Avenant n° 2 au contrat de banque d'heures BH-12

En vigueur le 1er juin 2030 :

a) Le montant mensuel passe de 4 000,00 $ à 4 400,00 $.
b) La banque d'heures passe de 30 à 34 heures par mois.
c) Le taux des heures excédentaires passe de 120,00 $ à 128,00 $ l'heure.
`);
    expect(changes).toContain('retainer.amount 4000.00 -> 4400.00 @2030-06-01');
    expect(changes).toContain('retainer.overageRate 120.00 -> 128.00 @2030-06-01');
  });

  it('reads a German "Pauschalbetrag" as the retainer\'s fee (de)', () => {
    const changes = changesOf(`# Zusatzvereinbarung 1 zum Servicevertrag SV-3

Ab 1. Juli 2030 gilt:

1. Pauschalbetrag je Monat: neu € 2.900,00 (bisher € 2.500,00).
2. Stundenpaket: neu 20 Stunden je Monat (bisher 16 Stunden).

Alle übrigen Bestimmungen des Servicevertrags bleiben unverändert.
`);
    expect(changes.some((c) => c.startsWith('retainer.amount 2500.00 -> 2900.00'))).toBe(true);
  });
});

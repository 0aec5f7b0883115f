import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Round fifteen: carried-over hours bounded in the carry-over's own sentence (either order, three languages), fees named
// by a German period compound or a French fee noun, a fee labelled with a colon, and a minimum commitment changed
// from one amount to another. Written for the mechanism, not copied from any corpus document.
const terms = (text: string) => extractWithRules(text).terms;

describe('carried-over hours with an upper bound', () => {
  it.each([
    [
      'English, bound after the carry-over',
      'Monthly retainer: USD 4,000.00 per month, which includes 30 hours. Hours left unused are carried into the following month, although the carried balance must never exceed 7 hours.',
      7,
    ],
    [
      'English, bound before the carry-over',
      'Monthly retainer: USD 4,000.00 per month, which includes 30 hours. Not more than 11 hours may be carried to the next month.',
      11,
    ],
    [
      'English, a bank of hours',
      'Monthly retainer: USD 4,000.00 per month, which includes 30 hours. Unused hours are banked, but the bank can never hold more than 9 hours.',
      9,
    ],
  ])('%s', (_, text, max) => {
    expect(terms(text).retainer?.rolloverHoursMax).toBe(max);
  });

  it('reads the German and French bounds', () => {
    const de =
      'Servicevertrag\n\nDie monatliche Pauschale beträgt EUR 1.500,00 pro Monat und umfasst 12 Stunden. Nicht genutzte Stunden werden in den nächsten Monat übertragen, maximal jedoch 4 Stunden.';
    const fr =
      "Contrat d'assistance\n\nLe forfait mensuel est de 2 000,00 € par mois et comprend 15 heures. Les heures non utilisées sont reportées sur le mois suivant, dans la limite de 5 heures.";
    expect(terms(de).retainer?.rolloverHoursMax).toBe(4);
    expect(terms(fr).retainer?.rolloverHoursMax).toBe(5);
  });
});

describe('fees named in German and French', () => {
  it('reads the period a German fee compound names', () => {
    expect(
      terms('Wartungsvertrag\n\nDer Betrieb wird mit einer Quartalspauschale von EUR 6.300,00 abgegolten.')
        .recurringFee,
    ).toEqual({ amount: '6300.00', period: 'quarter' });
    expect(
      terms('Lizenzvertrag\n\nDie Lizenz wird mit einer Jahrespauschale von EUR 12.000,00 vergütet.').recurringFee,
    ).toEqual({
      amount: '12000.00',
      period: 'year',
    });
  });

  it('reads a French fee noun and a fee labelled with a colon', () => {
    expect(
      terms(
        "Contrat d'hébergement\n\nLe Client verse au Prestataire une redevance d'hébergement de 1 250,00 € HT par trimestre, pour la durée du contrat.",
      ).recurringFee,
    ).toEqual({ amount: '1250.00', period: 'quarter' });
    expect(terms('Hosting agreement\n\nMonthly hosting fee: EUR 870.00, invoiced in advance.').recurringFee).toEqual({
      amount: '870.00',
      period: 'month',
    });
  });
});

describe('a minimum commitment changed from one amount to another', () => {
  it.each([
    ['Amendment No. 1\n\nThe monthly minimum charge goes from USD 2,000.00 to USD 2,600.00 per month.', '2600.00'],
    ['Nachtrag Nr. 1\n\nDer Mindestumsatz wird von EUR 1.000,00 auf EUR 1.250,00 pro Monat angehoben.', '1250.00'],
    ['Avenant n° 1\n\nLe minimum mensuel passe de 700,00 € à 950,00 € par mois.', '950.00'],
  ])('%s', (text, amount) => {
    expect(terms(text).minimumCommitment?.amount).toBe(amount);
  });
});

import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Round sixteen: minimum commitments whose currency is written as capitals the money table does not read (one-letter
// symbols), and German period compounds of the year. Written for the mechanism, not copied from any corpus document.
const terms = (text: string) => extractWithRules(text).terms;

describe('a minimum whose currency is a letter symbol or an unmapped glyph', () => {
  it.each([
    [
      'Order form\n\nUsage is billed monthly. The Customer commits to a minimum spend of L 48,500.00 per month.',
      { amount: '48500.00', period: 'month' },
    ],
    [
      'Amendment No. 2\n\nThe monthly minimum charge is lowered from Q 12,000.00 to Q 9,750.00.',
      { amount: '9750.00', period: 'month' },
    ],
    [
      'Service order\n\nThe Customer commits to a minimum of ?64,000.00 in message fees per month.',
      { amount: '64000.00', period: 'month' },
    ],
    [
      'Order form\n\nThe Customer commits to usage charges of not less than \uFFFD 2,40,000.00 per quarter.',
      { amount: '240000.00', period: 'quarter' },
    ],
    [
      'Change request 3\n\nThe minimum monthly billing of ?1,20,000.00 (one lakh twenty thousand) stands revised to ?1,45,000.00.',
      { amount: '145000.00', period: 'month' },
    ],
  ])('%s', (text, minimum) => {
    expect(terms(text).minimumCommitment).toEqual(minimum);
  });

  it('leaves a count after a floor word alone', () => {
    expect(terms('Order form\n\nThe Customer will send a minimum of 25,000 parcels per month.').minimumCommitment).toBe(
      null,
    );
  });
});

describe('a floor written without the word minimum', () => {
  it.each([
    [
      'Order form\n\nWhatever the volume, the Customer is charged no less than USD 7,200.00 per quarter.',
      '7200.00',
      'quarter',
    ],
    [
      'Pricing schedule\n\nThe committed spend is EUR 3,300.00 per month; unused value does not carry over.',
      '3300.00',
      'month',
    ],
    ['Nutzungsvertrag\n\nDie Abnahmeverpflichtung beträgt EUR 18.000,00 pro Jahr.', '18000.00', 'year'],
  ])('%s', (text, amount, period) => {
    expect(terms(text).minimumCommitment).toEqual({ amount, period });
  });

  it.each([
    'Pricing schedule\n\nThere is no minimum quarterly charge, and each site is billed at EUR 1,250.00 per quarter of use.',
    'Bestellschein\n\nVerzugszinsen: 9 % p.a., mindestens jedoch EUR 40,00 pro Jahr.',
  ])('is no floor: %s', (text) => {
    expect(terms(text).minimumCommitment).toBe(null);
  });

  it('is not insurance cover', () => {
    expect(
      terms('Services agreement\n\nThe Supplier must be insured for at least USD 2,000,000.00 per year.')
        .minimumCommitment,
    ).toBe(null);
  });
});

describe('a minimum per German period compound', () => {
  it.each([
    ['Nutzungsvertrag\n\nDer Kunde garantiert einen Mindestumsatz von EUR 24.000,00 je Geschäftsjahr.', '24000.00'],
    ['Preisblatt\n\nDas Mindestentgelt beträgt EUR 900,00 je Abrechnungsmonat.', '900.00', 'month'],
    ["Nachtrag Nr. 1\n\nDie Mindestabnahme pro Kalenderjahr steigt von CHF 10'000.00 auf CHF 12'500.00.", '12500.00'],
  ])('%s', (text, amount, period = 'year') => {
    expect(terms(text).minimumCommitment).toEqual({ amount, period });
  });
});

import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Round seventeen: a retainer's details read by meaning in letters and sentences, in English, German and French, in
// any word order: hours the fee buys or the client may draw on, a count before "included hours", an hour volume, a
// table row whose old column an amendment replaced, hours priced without "per hour" after the amount, hours moved
// into the next period up to a bound, the provider asking before an overrun, and a share changed by an amendment.
// Written for the mechanism, not copied from any corpus document.
const terms = (text: string) => extractWithRules(text).terms;
const retainer = (text: string) => terms(text).retainer;

describe('included hours by meaning', () => {
  it('reads the hours a letter says the client may draw on for the fee', () => {
    expect(
      retainer(
        'Dear Mr. Lindqvist,\n\nYou pay us a retainer of USD 3,100.00 per month. For this you can draw on up to 22 hours of our engineering time in the month.\n',
      ),
    ).toMatchObject({ amount: '3100.00', period: 'month', includedHours: 22 });
  });

  it('reads the hours a quarterly fee buys', () => {
    expect(
      retainer(
        'The society pays EUR 9,000.00 for each quarter, which buys 60 hours of analyst time in that quarter.\n',
      ),
    ).toMatchObject({ amount: '9000.00', period: 'quarter', includedHours: 60 });
  });

  it('reads a count written before "included hours"', () => {
    expect(
      retainer('The retainer of GBP 2,500.00 per month stays as it is, and so do the 18 included hours.\n'),
    ).toMatchObject({ amount: '2500.00', includedHours: 18 });
  });

  it('reads a French hour volume changed by an amendment', () => {
    expect(
      retainer(
        'Avenant 1\n\nÀ compter du 1er mars 2030 :\n- la redevance mensuelle passe de 1 800 000 FCFA à 2 000 000 FCFA ;\n- le volume horaire mensuel passe de 20 heures à 25 heures.\n',
      ),
    ).toMatchObject({ amount: '2000000', period: 'month', includedHours: 25 });
  });

  it('reads a German amendment table whose old column is replaced', () => {
    expect(
      retainer(
        'Nachtrag 2 zum Servicevertrag\n\nDie Parteien ändern den Vertrag ab dem 1. März 2030 wie folgt:\n\n| Position | bisher | neu |\n|---|---|---|\n| Monatspauschale | EUR 2.000,00 | EUR 2.200,00 |\n| Inklusive Stunden pro Monat | 20 | 24 |\n',
      ),
    ).toMatchObject({ amount: '2200.00', period: 'month', includedHours: 24 });
  });
});

describe('overage rate by meaning', () => {
  it.each([
    [
      'The client pays a retainer of USD 5,000.00 per month, which covers 25 hours. Each hour beyond the 25 hours is billed at USD 150.00.\n',
      '150.00',
    ],
    [
      'Die monatliche Pauschale von CHF 4’000.00 umfasst 20 Stunden. Jede weitere Stunde wird mit CHF 160.00 verrechnet.\n',
      '160.00',
    ],
    [
      'Le forfait mensuel de 3 000,00 € HT comprend 20 heures. Toute heure supplémentaire est facturée 120,00 € HT.\n',
      '120.00',
    ],
    [
      'The bureau pays a retainer of NZD 6,000.00 per quarter, which buys 40 hours; additional hours cost NZD 170.00 each.\n',
      '170.00',
    ],
  ])('reads hours priced without "per hour" after the amount: %s', (text, rate) => {
    expect(retainer(text)?.overageRate).toBe(rate);
  });

  it('reads an amendment that restates the fee after the changed rate', () => {
    expect(
      retainer(
        'Amendment 2\n\nFrom 1 May 2030:\n- additional hours are charged at $160.00 an hour instead of $150.00;\n\nThe monthly retainer of $4,000.00 and the 20 included hours are unchanged.\n',
      ),
    ).toMatchObject({ amount: '4000.00', includedHours: 20, overageRate: '160.00' });
  });
});

describe('rollover and approval by meaning', () => {
  it('reads hours moved into the next period up to a bound', () => {
    expect(
      retainer(
        'The client pays USD 2,000.00 per month, which covers 12 hours. Unused hours may be moved into the next month, up to 5 hours.\n',
      )?.rolloverHoursMax,
    ).toBe(5);
  });

  it('reads a German carry-over row', () => {
    expect(
      retainer(
        '| Punkt | Wert |\n|---|---|\n| Monatspauschale | EUR 1.500,00 |\n| enthaltene Stunden pro Monat | 10 |\n| Übertrag in den Folgemonat | höchstens 3 Stunden |\n',
      )?.rolloverHoursMax,
    ).toBe(3);
  });

  it('reads the share before which the provider asks', () => {
    expect(
      retainer(
        'The client pays USD 2,000.00 per month, which covers 12 hours. We will check with you before the month runs more than 15% past the 12 hours.\n',
      )?.overageApprovalThresholdPercent,
    ).toBe(15);
  });

  it('reads an approval share an amendment changed before restating the fee', () => {
    expect(
      retainer(
        'Amendment 1\n\nWith effect from 1 June 2030:\n- the approval point moves from 10% to 20% of the included hours.\n\nThe monthly retainer of $4,000.00 and the 20 included hours stay as they are.\n',
      )?.overageApprovalThresholdPercent,
    ).toBe(20);
  });
});

describe('recurring fees by meaning', () => {
  it('reads by rule a charge whose service runs during business hours', () => {
    expect(
      extractWithRules(
        'What you pay\n\nA flat support charge of USD 900.00 per month covers the help desk during business hours.\n',
        { valueRanker: false },
      ).terms.recurringFee,
    ).toEqual({ amount: '900.00', period: 'month' });
  });

  it('reads a German fee per calendar quarter', () => {
    expect(
      terms('3. Vergütung\n\nDie Betriebspauschale beträgt CHF 4’000.00 pro Kalenderquartal.\n').recurringFee,
    ).toEqual({ amount: '4000.00', period: 'quarter' });
  });

  it('leaves a floor per quarter to the minimum commitment', () => {
    expect(
      terms('The Customer shall pay at least USD 5,000.00 per calendar quarter for API calls.\n').recurringFee,
    ).toBeNull();
  });
});

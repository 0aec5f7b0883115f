import { describe, expect, it } from 'vitest';
import type { LanguageTurn } from './heldout-languages.ts';
import { amountPattern, dateIn, figuresMiss, replyLanguageOf } from './languages.ts';

describe('replyLanguageOf', () => {
  it('reads English, German and French replies by their function words', () => {
    expect(replyLanguageOf('2 overdue invoices for ACME, oldest due first:')).toBe('en');
    expect(replyLanguageOf('2 überfällige Rechnungen für ACME, die älteste zuerst:')).toBe('de');
    expect(replyLanguageOf('2 factures en retard pour ACME, la plus ancienne en premier :')).toBe('fr');
  });

  it('ignores identifiers, code spans and quotes', () => {
    expect(replyLanguageOf('`billing-copilot approvals` "the first one" INV-2027-0042 ist nicht frei')).toBe('de');
  });

  it('answers null when no word counts', () => {
    expect(replyLanguageOf('INV-2027-0042: EUR 1.00')).toBeNull();
  });
});

describe('figuresMiss', () => {
  const turn = (lang: LanguageTurn['lang']): LanguageTurn => ({
    text: '',
    expect: [],
    lang,
    amounts: [{ amount: '{A}', currency: 'EUR' }],
    dates: ['{D}'],
  });
  const refs = { A: '12345.60', D: '2027-01-04' };

  it('accepts each language its own way of writing the figures', () => {
    expect(figuresMiss(turn('en'), 'EUR 12,345.60 due 2027-01-04', refs)).toBeNull();
    expect(figuresMiss(turn('de'), '12.345,60 EUR, fällig am 04.01.2027', refs)).toBeNull();
    expect(figuresMiss(turn('fr'), '12\u202f345,60 EUR, échue le 04/01/2027', refs)).toBeNull();
  });

  it('fails English figures in a German reply, and a wrong amount', () => {
    expect(figuresMiss(turn('de'), 'EUR 12,345.60 fällig am 04.01.2027', refs)).toMatch(/no EUR/);
    expect(figuresMiss(turn('de'), '12.345,61 EUR fällig am 04.01.2027', refs)).toMatch(/no EUR/);
    expect(figuresMiss(turn('fr'), '12 345,60 EUR le 2027-01-04', refs)).toMatch(/no date/);
  });

  it('builds the patterns from the decimal string, never a float', () => {
    expect(amountPattern('1234567.05', 'de')).toBe('1\\.234\\.567,05');
    expect(dateIn('2027-12-31', 'fr')).toBe('31/12/2027');
  });
});

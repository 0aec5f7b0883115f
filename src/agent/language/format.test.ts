import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInLine, dateIn, decimalIn, moneyIn, momentIn, NNBSP } from './format.ts';

describe('moneyIn', () => {
  it('writes an amount the way each language does', () => {
    const m = { amount: '1234567.89', currency: 'EUR' };
    expect(moneyIn(m, 'en')).toBe('EUR 1,234,567.89');
    expect(moneyIn(m, 'de')).toBe('1.234.567,89 EUR');
    expect(moneyIn(m, 'fr')).toBe(`1${NNBSP}234${NNBSP}567,89 EUR`);
  });

  it('keeps the sign and the minor digits of the decimal string (JPY 0, BHD 3)', () => {
    expect(moneyIn({ amount: '-1500', currency: 'JPY' }, 'de')).toBe('-1.500 JPY');
    expect(moneyIn({ amount: '12.345', currency: 'BHD' }, 'fr')).toBe('12,345 BHD');
  });
});

describe('decimalIn and amountInLine', () => {
  it('read back every written amount exactly, in each language (no float on the way)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.constantFrom('en', 'de', 'fr'),
        (minor, lang) => {
          const neg = minor < 0n;
          const abs = (neg ? -minor : minor).toString().padStart(3, '0');
          const amount = `${neg ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
          const written = moneyIn({ amount, currency: 'USD' }, lang as 'en');
          const line = `- INV-2027-0001 (ACME): ${written} open`;
          expect(amountInLine(line)).toBe(amount);
          expect(decimalIn(amount, 'de').replace(/\./g, '').replace(',', '.')).toBe(amount);
        },
      ),
    );
  });

  it('reads a hyphen inside an identifier as a hyphen, not as a minus sign', () => {
    expect(amountInLine('- INV-1-500 EUR')).toBe('500');
    expect(amountInLine('- CN-2027-0001 (ACME): -1.234,56 EUR')).toBe('-1234.56');
  });

  it('answers null for a line without an amount', () => {
    expect(amountInLine('- INV-2027-0001 (ACME)')).toBeNull();
  });
});

describe('dateIn', () => {
  it('writes ISO dates as DD.MM.YYYY in German and DD/MM/YYYY in French; English keeps ISO', () => {
    expect(dateIn('2027-01-04', 'de')).toBe('04.01.2027');
    expect(dateIn('2027-01-04T10:00:00Z', 'fr')).toBe('04/01/2027');
    expect(dateIn('2027-01-04', 'en')).toBe('2027-01-04');
    expect(momentIn(new Date('2027-01-04T10:05:00Z'), 'de')).toBe('04.01.2027 10:05 UTC');
  });

  it('leaves anything that is not a date as it is', () => {
    expect(dateIn('soon', 'de')).toBe('soon');
    expect(dateIn(null, 'fr')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { nameForm } from './currency-table.ts';
import { extractWithRules } from './extract-rules.ts';

const currency = (text: string): string | null => extractWithRules(text).terms.currency;

describe('currency names in inflected forms', () => {
  it('reads German case and plural endings as the name', () => {
    expect(nameForm('tschechischen Kronen')?.code).toBe('CZK');
    expect(nameForm('Tschechische Krone')?.code).toBe('CZK');
    expect(nameForm('rumänischen Leu')?.code).toBe('RON');
    expect(nameForm('couronnes tchèques')?.code).toBe('CZK');
  });
});

describe('the currency sentence read by meaning', () => {
  // Amounts whose currency sign the text layer lost ("K?") leave the sentence as the only evidence.
  it('reads a German sentence naming the currency in an inflected form', () => {
    const doc = 'Dienstleistungsvertrag\nDie Vergütung ist in tschechischen Kronen vereinbart.\nTagessatz 14 500,00 K?';
    expect(currency(doc)).toBe('CZK');
  });
  it('reads "verstehen sich in" and French "exprimés en", "payable en"', () => {
    expect(currency('Vertrag\nAlle Beträge verstehen sich in Schweizer Franken, zuzüglich MWST.')).toBe('CHF');
    expect(currency('Contrat\nLes montants sont exprimés en couronnes danoises.')).toBe('DKK');
    expect(currency('Contrat\nLa redevance est payable en euros, hors taxes.')).toBe('EUR');
  });
  it('reads a currency label', () => {
    expect(currency('Contract\nCurrency: PLN\nThe services are described below.')).toBe('PLN');
  });
  it('does not read a word after "in" that names no currency, or one that runs on', () => {
    expect(currency('Agreement\nAll fees are payable in advance.')).toBeNull();
    expect(currency('Agreement\nRates are stated in real terms for the first year.')).toBeNull();
  });
});

describe('the currency of a table header cell', () => {
  it('reads a code after a comma in a money column header', () => {
    const doc =
      '# Amendment\n\n| Payment event | Amount (was), MNT | Amount (now), MNT |\n|---|---|---|\n| Acceptance | 69,750,000 | 58,125,000 |\n';
    expect(currency(doc)).toBe('MNT');
  });
});

describe('the currency of a tab-separated header cell', () => {
  it('reads the code as DOCX and PDF text render the header', () => {
    const doc =
      'Amendment\n\nPayment event\tDue by\tAmount (was), MNT\tAmount (now), MNT\nAcceptance\t28 August 2029\t69,750,000\t58,125,000\n';
    expect(currency(doc)).toBe('MNT');
  });
});

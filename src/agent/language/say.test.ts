import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './detect.ts';
import { INVOICE_STATUS_WORDS } from './messages-help.ts';
import { MESSAGES, say, sayFrom, statusIn } from './say.ts';
import { INVOICE_STATUSES } from '../../billing/invoices/lifecycle.ts';

const SAMPLE = {
  n: 2,
  ref: 'INV-2027-0042',
  client: 'ACME',
  id: 'f00d',
  tool: 'invoices_void',
  message: 'm',
  code: 'C',
  what: 'approve',
};

describe('MESSAGES', () => {
  it('has a German and a French text for every key', () => {
    const missing = Object.entries(MESSAGES).flatMap(([key, texts]) =>
      LANGUAGES.filter((l) => typeof (texts as Record<string, unknown>)[l] !== 'function').map((l) => `${key}.${l}`),
    );
    expect(missing).toEqual([]);
  });

  it('says every key in every language without an unfilled "undefined" for the common parameters', () => {
    for (const key of Object.keys(MESSAGES) as (keyof typeof MESSAGES)[])
      for (const l of LANGUAGES) expect(say(l, key, SAMPLE).length).toBeGreaterThan(0);
  });

  it('has German and French words for every invoice status', () => {
    expect(INVOICE_STATUSES.filter((st) => !INVOICE_STATUS_WORDS[st])).toEqual([]);
    expect(statusIn('void', 'de')).toBe('storniert');
    expect(statusIn('void', 'en')).toBe('void');
  });
});

describe('sayFrom', () => {
  it('falls back to English when a text is missing, so the reply still goes out', () => {
    const catalogue = { hello: { en: () => 'Hello', de: () => 'Hallo' } };
    expect(sayFrom(catalogue, 'fr', 'hello')).toBe('Hello');
    expect(sayFrom(catalogue, 'de', 'hello')).toBe('Hallo');
  });

  it('keeps identifiers as they are in every language', () => {
    for (const l of LANGUAGES) expect(say(l, 'overdue.head', { n: 1, client: 'ACME-EU' })).toContain('ACME-EU');
  });
});

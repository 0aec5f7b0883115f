import { describe, expect, it } from 'vitest';
import { lineWords, reviewerWords, type LineExplanation, type ReviewerAnswer } from './answer-tool-words.ts';

const line: LineExplanation = {
  reference: 'INV-2027-0042',
  lineNo: 2,
  explanation: 'Line 2 of INV-2027-0042 (time) bills 12.5 h of Senior at 180 USD = 2250.00 USD.',
  amount: { amount: '2250.00', currency: 'USD' },
  held: true,
  line: {
    kind: 'time',
    quantity: '12.5',
    unit: 'h',
    unitPrice: '180',
    role: 'Senior',
    contractTerm: null,
    servicePeriod: { start: '2027-01-01', end: '2027-01-31' },
    sources: [{ kind: 'time_entry', count: 3 }],
  },
  exceptions: [{ type: 'missing_po', message: 'no PO' }],
};

describe('lineWords', () => {
  it("keeps the entry's own sentence in English", () => {
    expect(lineWords(line, 'en')).toBe(line.explanation);
  });

  it('writes the line in German and French from its fields, figures for the language, identifiers unchanged', () => {
    expect(lineWords(line, 'de')).toBe(
      'Zeile 2 von INV-2027-0042 (time) berechnet 12,5 h für Senior zu 180 USD = 2.250,00 USD für 01.01.2027 bis ' +
        '31.01.2027, aus 3 Zeiteinträgen. Sie ist gesperrt: missing_po (no PO).',
    );
    expect(lineWords(line, 'fr')).toContain('La ligne 2 de INV-2027-0042 (time) facture 12,5 h de Senior à 180 USD');
    expect(lineWords(line, 'fr')).toContain('du 01/01/2027 au 31/01/2027');
  });

  it('falls back to the English sentence when the entry gave no line fields', () => {
    expect(lineWords({ ...line, line: undefined }, 'de')).toBe(line.explanation);
  });
});

describe('reviewerWords', () => {
  const unusual: ReviewerAnswer = {
    reference: 'DRAFT-1A2B3C4D',
    unusual: true,
    reasons: ['total 9.4x the median'],
    reviewer: { name: 'Carla', roles: ['controller'], approvedSimilar: 5, similarInvoices: ['INV-1', 'INV-2'] },
    summary: 'English summary',
  };

  it('names the reviewer and why in German and French, and keeps the summary in English', () => {
    expect(reviewerWords(unusual, 'en')).toBe('English summary');
    expect(reviewerWords(unusual, 'de')).toMatch(/^DRAFT-1A2B3C4D ist ungewöhnlich\. .*Carla \(controller\), die 5/);
    expect(reviewerWords({ ...unusual, unusual: false, reviewer: null }, 'fr')).toMatch(/^DRAFT-1A2B3C4D est courante/);
  });
});

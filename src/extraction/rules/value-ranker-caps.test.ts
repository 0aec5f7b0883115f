import { describe, expect, it } from 'vitest';
import { buildContext } from './context.ts';
import { extractWithRules } from './extract-rules.ts';
import { textDocument } from '../text/document-text.ts';
import { overriding, rankedCap, samePoNumber, type ValueCandidate, type ValueWeights } from './value-ranker.ts';

const ctxOf = (s: string) => buildContext(textDocument(s));
const candidate = (value: string, features: string[]): ValueCandidate => ({
  value,
  period: 'month',
  start: 0,
  end: 5,
  features,
});

/** Toy models: a cap is the amount after a ceiling word; the PO is the identifier after "quote". */
const toy: ValueWeights = {
  threshold: 0.5,
  enabled: ['capNotToExceed', 'capExpenses', 'poNumber'],
  capNotToExceed: { bias: -3, weights: { 'b1:plafo': 5, 'b2:plafo': 5, 'b1:reise': -6 } },
  capExpenses: { bias: -3, weights: { 'b1:reise': 6 } },
  poNumber: { bias: -3, weights: { 'b1:quote': 6 } },
};

describe('value ranker: caps by kind', () => {
  it('picks a cap of each kind among the amounts, in any language, with the period stated after it', () => {
    const ctx = ctxOf('Le plafond des honoraires est fixé à 48 000,00 € par trimestre. Frais : 120,00 € par jour.');
    const c = rankedCap(ctx, 'capNotToExceed', toy);
    expect(c?.value).toEqual({ kind: 'not_to_exceed', amount: '48000.00', period: 'quarter' });
    expect(c?.confidence).toBe(0.6);
    expect(rankedCap(ctx, 'capExpenses', toy)).toBeNull();
  });

  it('reads a cap’s period from the label cells of its table row, not from elsewhere in its sentence', () => {
    const rowCap: ValueWeights = { ...toy, capNotToExceed: { bias: -3, weights: { 'rb1:quart': 6, 'rb2:quart': 6 } } };
    const table = [
      '| # | Clause | Before | After |',
      '|---|---|---|---|',
      '| 1 | 4, quarterly limit | NIS 240,000 | NIS 285,000 (replaces the previous limit) |',
    ].join('\n');
    const c = rankedCap(ctxOf(table), 'capNotToExceed', rowCap);
    expect(c?.value.period).toBe('quarter');
    const prose = rankedCap(
      ctxOf('The quarterly report lists costs. Fees are capped at NIS 285,000.'),
      'capNotToExceed',
      {
        ...toy,
        capNotToExceed: { bias: -3, weights: { 'rb1:cappe': 6 } },
      },
    );
    expect(prose?.value).toMatchObject({ kind: 'not_to_exceed', period: null });
  });

  it('fills a money cap of a kind the rules did not read, and keeps the rules’ caps', () => {
    const doc = [
      'Leistungsschein LS-2030-07',
      '',
      'Reisekostenbudget: EUR 6.400,00 für die gesamte Laufzeit.',
      '',
      'Fees will not exceed EUR 90,000.00 in total.',
    ].join('\n');
    const rules = extractWithRules(doc, { valueRanker: false }).terms.caps;
    expect(rules).toEqual([{ kind: 'not_to_exceed', amount: '90000.00', period: null, percentOfFees: null }]);
    const ranked = extractWithRules(doc, { valueRanker: toy }).terms;
    expect(ranked.caps).toEqual([
      { kind: 'not_to_exceed', amount: '90000.00', period: null, percentOfFees: null },
      { kind: 'expenses', amount: '6400.00', period: null, percentOfFees: null },
    ]);
    const quote = ranked.evidence.find((e) => e.field === 'caps[1]');
    expect(quote?.confidence).toBe(0.6);
    expect(doc).toContain(quote?.quote);
    // Disabled, the kind's ranker adds nothing.
    expect(extractWithRules(doc, { valueRanker: { ...toy, enabled: [] } }).terms.caps).toEqual(rules);
  });
});

describe('value ranker: overriding a poorly supported rules value', () => {
  const model = { bias: -3, weights: { good: 6 } };
  const weights: ValueWeights = { threshold: 0.5, enabled: ['poNumber'], poNumber: model, override: { poNumber: 0.9 } };
  const cs = [candidate('A-1', []), candidate('B-2', ['good'])];

  it('replaces the rules’ value only when the ranker is confident in another and scores the rules’ one low', () => {
    expect(overriding('poNumber', (c) => c.value === 'A-1', cs, weights)?.value).toBe('B-2');
    // Confident, but the rules' value is well supported too.
    const both = [candidate('A-1', ['good']), candidate('B-2', ['good'])];
    expect(overriding('poNumber', (c) => c.value === 'A-1', both, weights)).toBeNull();
    // The rules' value is the ranker's best.
    expect(overriding('poNumber', (c) => c.value === 'B-2', cs, weights)).toBeNull();
    // Below the field's override threshold, or with no threshold for the field, nothing is replaced.
    expect(
      overriding('poNumber', (c) => c.value === 'A-1', cs, { ...weights, override: { poNumber: 0.99 } }),
    ).toBeNull();
    expect(overriding('poNumber', (c) => c.value === 'A-1', cs, { ...weights, override: {} })).toBeNull();
  });

  it('overrides a PO number in the extractor where a threshold is set, and keeps it where none is', () => {
    const doc = [
      'Order Form OF-2031-5',
      '',
      'Purchase Order No. PO-3318 (see our reference QX-77).',
      '',
      'Invoices quote 4500-9912 as the cost code.',
    ].join('\n');
    expect(extractWithRules(doc, { valueRanker: toy }).terms.poNumber).toBe('PO-3318');
    const over = extractWithRules(doc, { valueRanker: { ...toy, override: { poNumber: 0.9 } } }).terms;
    expect(over.poNumber).toBe('4500-9912');
    expect(over.evidence.find((e) => e.field === 'poNumber')?.confidence).toBe(0.6);
  });

  it('keeps a rules order number that holds the ranker’s best as a part ("BC 2027/118")', () => {
    const model = { bias: -3, weights: { good: 6 } };
    const w: ValueWeights = { threshold: 0.5, enabled: ['poNumber'], poNumber: model, override: { poNumber: 0.6 } };
    const found = 'BC 7731/04';
    expect(overriding('poNumber', (c) => samePoNumber(c.value, found), [candidate('7731/04', ['good'])], w)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { buildContext } from './context.ts';
import { extractWithRules } from './extract-rules.ts';
import { textDocument } from '../text/document-text.ts';
import {
  amountCandidates,
  identifierCandidates,
  rankValues,
  VALUE_WEIGHTS,
  type ValueCandidate,
  type ValueWeights,
} from './value-ranker.ts';

const ctxOf = (s: string) => buildContext(textDocument(s));
const candidate = (value: string, features: string[]): ValueCandidate => ({
  value,
  period: 'month',
  start: 0,
  end: 5,
  features,
});

/** A toy model: an amount with a period after it, under a heading of fees, is the recurring fee. */
const toy: ValueWeights = {
  threshold: 0.5,
  enabled: ['recurringFee', 'minimumCommitment', 'poNumber'],
  recurringFee: { bias: -3, weights: { 'period-after': 2, 'head:vergü': 2, 'head:fees': 2 } },
  minimumCommitment: { bias: -3, weights: { 'rb1:least': 4 } },
  poNumber: { bias: -3, weights: { 'b1:order': 4 } },
};

describe('value ranker: candidates', () => {
  it('reads the period stated after an amount in three languages', () => {
    for (const [text, period] of [
      ['Betrieb: EUR 2.150,00 monatlich.', 'month'],
      ['Hébergement : 1 200,00 € par trimestre.', 'quarter'],
      ['Licence: USD 9,600.00 per annum.', 'year'],
      ['Set-up: USD 9,600.00 once.', null],
    ] as const)
      expect(amountCandidates(ctxOf(text)).map((c) => c.period)).toEqual([period]);
  });

  it('describes an amount in a table by its column header and row label', () => {
    const doc = ['| Service | Monthly charge |', '|---|---|', '| Hosting | GBP 1,875.00 |'].join('\n');
    const [c] = amountCandidates(ctxOf(doc));
    expect(c?.features).toEqual(expect.arrayContaining(['table', 'col:month', 'col:charg', 'row:hosti']));
  });

  it('skips the tail of an amount the text layer wrapped onto the next line', () => {
    const doc = 'la redevance mensuelle forfaitaire de 3\n850 000 FCFA par mois.';
    expect(amountCandidates(ctxOf(doc)).map((c) => c.value)).not.toContain('850000');
  });

  it('reads an identifier wrapped at its dash or slash whole, and marks the document’s own number', () => {
    const doc = 'SOW-2029-04\n\nPlease quote purchase order CVW/\nPO/55821 on invoices.';
    const ids = identifierCandidates(ctxOf(doc), 'SOW-2029-04');
    expect(ids.map((c) => c.value)).toEqual(['SOW-2029-04', 'CVW/PO/55821']);
    expect(ids[0]?.features).toContain('is-reference');
  });
});

describe('value ranker: filling fields', () => {
  it('picks the best-scored candidate, and nothing under the threshold', () => {
    const model = { bias: -1, weights: { 'b1:pausc': 3 } };
    expect(rankValues([candidate('1', []), candidate('2', ['b1:pausc'])], model, 0.5)?.value).toBe('2');
    expect(rankValues([candidate('1', [])], model, 0.5)).toBeNull();
  });

  it('fills a fee and a PO number the rules miss, as inferred values, and only enabled fields', () => {
    const doc = [
      'Wartungsvertrag Nr. WV-2029-88',
      '',
      '## Vergütung',
      '',
      'Betrieb und Pflege: EUR 2.150,00 monatlich.',
      '',
      'Invoices must cite the ordering code 4711/0815/A.',
    ].join('\n');
    const rules = extractWithRules(doc, { valueRanker: false }).terms;
    expect([rules.recurringFee, rules.poNumber]).toEqual([null, null]);
    const ranked = extractWithRules(doc, { valueRanker: toy }).terms;
    expect(ranked.recurringFee).toEqual({ amount: '2150.00', period: 'month' });
    expect(ranked.poNumber).toBe('4711/0815/A');
    const evidence = ranked.evidence.filter((e) => e.field === 'recurringFee' || e.field === 'poNumber');
    expect(evidence.map((e) => e.confidence)).toEqual([0.6, 0.6]);
    for (const e of evidence) expect(doc).toContain(e.quote);
    const off = extractWithRules(doc, { valueRanker: { ...toy, enabled: ['recurringFee'] } }).terms;
    expect(off.poNumber).toBeNull();
  });

  it('leaves a value the rules read as the rules read it', () => {
    const doc = 'Order Form\n\nThe fixed monthly fee is USD 4,000.00 per month.\n\nPurchase Order No. PO-7781';
    const t = extractWithRules(doc, { valueRanker: toy }).terms;
    expect(t.recurringFee).toEqual({ amount: '4000.00', period: 'month' });
    expect(t.poNumber).toBe('PO-7781');
    expect(t.evidence.find((e) => e.field === 'recurringFee')?.confidence).toBe(0.9);
  });

  it('does not let an amendment’s inferred fee decide the billing model', () => {
    const doc = [
      'Amendment No. 2 to Statement of Work SOW-12',
      '',
      'This Amendment amends the Statement of Work.',
      '',
      '## Fees',
      '',
      'Platform operation: USD 3,300.00 per month.',
    ].join('\n');
    const t = extractWithRules(doc, { valueRanker: toy }).terms;
    expect(t.documentType).toBe('amendment');
    expect(t.recurringFee).toEqual({ amount: '3300.00', period: 'month' });
    expect(t.billingModel).toBeNull();
  });

  it('ships weights for the fields that gained held out by author, with the fixed threshold', () => {
    expect(VALUE_WEIGHTS.threshold).toBe(0.5);
    for (const f of VALUE_WEIGHTS.enabled)
      expect(Object.keys(VALUE_WEIGHTS[f]?.weights ?? {}).length).toBeGreaterThan(0);
  });
});

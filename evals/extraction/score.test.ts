import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../../src/extraction/rules/extract-rules.ts';
import { emptySowTerms } from '../../src/extraction/sow-terms.ts';
import { extractText } from '../../src/extraction/text/extract-text.ts';
import { loadSplit } from './corpus.ts';
import { renderPdf } from './render/pdf.ts';
import { addCounts, overall, prf, scoreTerms, type FieldCounts } from './score.ts';

const heldout = loadSplit('heldout').documents;
const dev = loadSplit('fixtures-dev').documents;
const doc = (id: string) => [...heldout, ...dev].find((d) => d.id === id) as NonNullable<(typeof heldout)[number]>;

describe('scoreTerms', () => {
  it('gives F1 1 when the prediction equals the truth', () => {
    const d = doc('h01-tm-rate-card-chf');
    expect(overall(scoreTerms(d.truth, d.truth)).f1).toBe(1);
  });

  it('counts every stated value as missed when nothing is extracted', () => {
    const d = doc('h04-retainer-usd');
    const empty = { ...emptySowTerms(), documentType: 'other' } as unknown as Record<string, unknown>;
    const s = overall(scoreTerms(empty, d.truth));
    expect(s.recall).toBeLessThan(0.1);
    expect(s.precision).toBeLessThan(0.1); // documentType "other" against "sow" is one wrong claim
  });

  it('scores a wrong rate amount as one false positive and one false negative', () => {
    const d = doc('h11-injection-usd');
    const rates = (d.truth.rates as Array<Record<string, unknown>>).map((r, i) =>
      i === 0 ? { ...r, amount: '1.00' } : r,
    );
    expect(scoreTerms({ ...d.truth, rates }, d.truth).rates).toEqual({ tp: 1, fp: 1, fn: 1 });
  });

  it('treats a null truth with a null prediction as neither hit nor miss', () => {
    expect(scoreTerms({ poNumber: null }, { poNumber: null }).poNumber).toEqual({ tp: 0, fp: 0, fn: 0 });
    expect(prf({ tp: 0, fp: 0, fn: 0 }).f1).toBe(1);
  });

  it('scores the built-in extractor on rendered PDF fixtures within sane bounds', async () => {
    const total: FieldCounts = {};
    for (const d of [doc('h03-milestones-eur'), doc('d04-usage-usd')]) {
      const text = await extractText(await renderPdf(d.source), { maxBytes: 10_000_000, maxPages: 100 });
      if (!text.ok) throw new Error(text.error.code);
      addCounts(total, scoreTerms(extractWithRules(text.value).terms as unknown as Record<string, unknown>, d.truth));
    }
    const s = overall(total);
    expect(s.support).toBeGreaterThan(30);
    expect(s.f1).toBeGreaterThanOrEqual(0.85);
    expect(s.f1).toBeLessThanOrEqual(1);
    expect(total.milestones?.tp).toBe(4);
  });
});

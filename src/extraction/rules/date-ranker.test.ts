import { describe, expect, it } from 'vitest';
import { plausibleEnd, rankDates, type DateCandidate } from './date-ranker.ts';
import { extractWithRules } from './extract-rules.ts';

const candidate = (iso: string, features: string[]): DateCandidate => ({ iso, start: 0, end: 10, features });

describe('date ranker', () => {
  it('picks the date whose best occurrence scores highest, and nothing under the threshold', () => {
    const model = { bias: -1, weights: { 'b1:wirks': 3, latest: 0.5 } };
    const candidates = [candidate('2029-01-01', ['latest']), candidate('2029-04-02', ['b1:wirks'])];
    expect(rankDates(candidates, model, 0.5)?.value).toBe('2029-04-02');
    expect(rankDates([candidate('2029-01-01', ['latest'])], model, 0.5)).toBeNull();
  });

  it('fills a German amendment start and end the phrase lists do not read, as inferred values', () => {
    const doc = [
      'Nachtrag Nr. 2 zum Dienstleistungsvertrag DV-9',
      '',
      'Zwischen Almhof GmbH (Auftraggeber) und Kessel IT GmbH (Auftragnehmer).',
      '',
      'Dieser Nachtrag wird am 02.04.2029 rechtskräftig; die Vertragsdauer verlängert sich bis 30.09.2030.',
      '',
      'Der Tagessatz beträgt EUR 980,00.',
    ].join('\n');
    const rules = extractWithRules(doc, { dateRanker: false }).terms;
    expect([rules.effectiveDate, rules.endDate]).toEqual([null, null]);
    const ranked = extractWithRules(doc).terms;
    expect([ranked.effectiveDate, ranked.endDate]).toEqual(['2029-04-02', '2030-09-30']);
    const evidence = ranked.evidence.filter((e) => e.field === 'effectiveDate' || e.field === 'endDate');
    expect(evidence.map((e) => e.confidence)).toEqual([0.6, 0.6]);
    for (const e of evidence) expect(doc).toContain(e.quote);
  });

  it('leaves a date the rules read as the rules read it', () => {
    const doc =
      'Change Note 4\n\nThis change note comes into force on 3 April 2029 and the Agreement now runs to 31 March 2031.';
    const t = extractWithRules(doc).terms;
    expect([t.effectiveDate, t.endDate]).toEqual(['2029-04-03', '2031-03-31']);
    expect(t.evidence.find((e) => e.field === 'effectiveDate')?.confidence).toBe(0.9);
  });

  it('proposes no end within a month of the effective date (a signature or a step, not the term)', () => {
    expect(plausibleEnd('2029-07-20', '2029-07-01')).toBe(false);
    expect(plausibleEnd('2029-08-02', '2029-07-01')).toBe(true);
    expect(plausibleEnd('2029-07-20', null)).toBe(true);
  });
});

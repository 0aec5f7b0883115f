import { describe, expect, it } from 'vitest';
import { buildReport } from './receivables-report.ts';
import { axisLabel, CHARTS, renderChartPng, renderChartSvg } from './render-charts.ts';

const fact = (i: number, currency: string, openMinor: bigint, dueDate: string, lateProbability?: number) => ({
  invoiceId: `i${i}`,
  number: `N${i}`,
  clientCode: 'C',
  entityCode: 'E',
  segment: 'standard',
  currency,
  totalMinor: openMinor,
  issueDate: '2026-09-01',
  dueDate,
  openMinor,
  openAtStartMinor: 0n,
  expectedDaysLate: 0,
  lateBasis: 'due_date' as const,
  ...(lateProbability === undefined ? {} : { lateProbability }),
});
const report = buildReport(
  [
    fact(1, 'USD', 1_234_56n, '2026-12-10', 0.1),
    fact(2, 'USD', 98_765_43n, '2026-08-01', 0.9),
    fact(3, 'EUR', 500_00n, '2026-11-01'),
  ],
  '2026-11-30',
  90,
  8,
  [{ currency: 'USD', amountMinor: 700_00n, promisedFor: '2026-12-02', state: 'open' }],
);

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (b: Buffer) => [b.readUInt32BE(16), b.readUInt32BE(20)];

describe('receivables charts', () => {
  it('draws one panel per currency, labelled with the report figures', () => {
    const aging = renderChartSvg('aging', report);
    expect(aging).toContain('Receivables aging on 2026-11-30, EUR');
    expect(aging).toContain('Receivables aging on 2026-11-30, USD');
    // The 1-30 bucket is empty, the current bucket holds 1,234.56 and over 90 days 98,765.43 (shortened).
    expect(aging).toContain('1234.56');
    expect(aging).toContain('98.8k');
    expect(aging.match(/<svg /g)).toHaveLength(3);
    const late = renderChartSvg('late-likelihood', report);
    expect(late).toContain('not scored');
    const promises = renderChartSvg('promises', report);
    expect(promises).toContain('Promises to pay by promised week, USD');
    expect(promises).toContain('700.00');
    expect(promises).not.toContain('EUR (as of');
  });

  it('renders every chart to a PNG of the SVG size, or scaled', () => {
    for (const name of CHARTS) {
      const png = renderChartPng(name, report);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      const height = name === 'promises' ? 340 : 680;
      expect(pngSize(png)[1]).toBe(height);
    }
    expect(pngSize(renderChartPng('aging', report, 2))).toEqual([1440, 1360]);
  });

  it('says so when there is nothing to draw', () => {
    const empty = buildReport([], '2026-11-30', 90, 8, []);
    expect(renderChartSvg('aging', empty)).toContain('No open receivables on 2026-11-30.');
    expect(renderChartSvg('promises', empty)).toContain('No promises to pay around 2026-11-30.');
    expect(pngSize(renderChartPng('forecast', empty))).toEqual([820, 80]);
  });

  it('labels the value axis short and whole', () => {
    expect([0, 750, 5000, 12500, 2_500_000, 3e9].map(axisLabel)).toEqual(['0', '750', '5k', '12.5k', '2.5M', '3B']);
  });
});

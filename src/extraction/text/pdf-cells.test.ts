import { afterAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../../evals/extraction/render/pdf.ts';
import { extractText, stopDocumentWorker } from './extract-text.ts';
import { type PdfTextItem, rejoinWrappedCells } from './pdf-cells.ts';

/** A pdf.js text item at (x, y) in a 9.5 pt font; y grows upwards. */
const at = (str: string, x: number, y: number, width = str.length * 5): PdfTextItem => ({
  str,
  transform: [9.5, 0, 0, 9.5, x, y],
  width,
  height: 9.5,
  hasEOL: false,
});
const eol = (x: number, y: number): PdfTextItem => ({
  str: '',
  transform: [1, 0, 0, 1, x, y],
  width: 0,
  height: 0,
  hasEOL: true,
});
const texts = (items: PdfTextItem[]) => items.map((i) => i.str).filter((s) => (s ?? '').trim() !== '');

const limits = { maxBytes: 1_000_000, maxPages: 10 };
const pdfLines = async (markdown: string) => {
  const r = await extractText(await renderPdf(markdown), limits);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.pages.flatMap((p) => p.text.split('\n'));
};

describe('table cells that wrap in a PDF', () => {
  afterAll(() => stopDocumentWorker());

  it('reads each row of a table with narrow, wrapping columns as one line of cells', async () => {
    const lines = await pdfLines(
      [
        'The fixed price is paid in three instalments.',
        '',
        '| Instalment | What is delivered | Share of the price | Amount (EUR, excluding VAT) | Due |',
        '|---|---|---|---:|---|',
        '| Kick-off workshop held | Project plan and risk register | 20% | 12,000.00 | 15 March 2027 |',
        '| Pilot accepted | Pilot in two regional offices with trained staff | 50% | 30,000.00 | 30 June 2027 |',
        '| Final acceptance | Roll-out to every office | 30% | 18,000.00 | 30 September 2027 |',
        '',
        'Invoices are payable within 30 days.',
      ].join('\n'),
    );
    const table = lines.filter((l) => l.includes('\t'));
    expect(table).toEqual([
      'Instalment\tWhat is delivered\tShare of the price\tAmount (EUR, excluding VAT)\tDue',
      'Kick-off workshop held\tProject plan and risk register\t20%\t12,000.00\t15 March 2027',
      'Pilot accepted\tPilot in two regional offices with trained staff\t50%\t30,000.00\t30 June 2027',
      'Final acceptance\tRoll-out to every office\t30%\t18,000.00\t30 September 2027',
    ]);
    expect(lines).toContain('Invoices are payable within 30 days.');
  });

  it('leaves evenly spaced lines alone: a plain-text table in a fixed-width font', async () => {
    const lines = await pdfLines(
      [
        'Rates:',
        '',
        '```',
        'Role                 Rate',
        'Solution Architect   C$195/hour',
        'Developer            C$150/hour',
        '```',
      ].join('\n'),
    );
    expect(lines.some((l) => l.startsWith('Developer') && l.includes('C$150/hour'))).toBe(true);
    expect(lines.some((l) => /Solution\s+Architect\s+C\$195\/hour/.test(l.replace(/\t/g, ' ')))).toBe(true);
  });

  it('leaves a line that runs on under the next column alone (a label, then the next label)', () => {
    const items = [
      at('CLIENT:', 60, 737.9, 40),
      at('Chesapeake Water Authority, Annapolis', 117, 737.9, 200),
      eol(60, 725.8),
      at('CONSULTANT: Tidewater Engineering Group, Inc., Towson', 60, 725.8, 300),
    ];
    expect(rejoinWrappedCells(items)).toBe(items);
  });

  it('needs the row to stand apart: lines no farther apart than their own step stay as they are', () => {
    const items = [
      at('Name: A. Client', 60, 500, 70),
      at('Name: B. Provider', 300, 500, 80),
      at('Title: Director', 60, 489, 70),
      at('Title: Partner', 300, 489, 70),
      at('Signed on 1 May', 60, 478, 70),
    ];
    expect(rejoinWrappedCells(items)).toBe(items);
  });

  it('closes up numbers, dates and words broken inside, and keeps breaks at spaces', () => {
    const row = 600;
    const next = row - 11;
    const items = [
      at('Text above', 60, row + 30),
      at('Ref', 64, row, 6),
      at('Item', 80, row, 50),
      at('$54,000', 150, row, 34),
      at('14,580,000.0', 200, row, 55),
      at('2027-0', 270, row, 29),
      at('September 29,', 310, row, 60),
      at('10', 390, row, 10),
      eol(64, next),
      at('ef', 64, next, 6),
      at('.00', 150, next, 13),
      at('0', 200, next, 5),
      at('4-30', 270, next, 19),
      at('2028', 310, next, 20),
      at('000', 390, next, 15),
      at('Text below', 60, next - 30),
    ];
    // 'R' fills its narrow column (the next column starts 10 pt after it), so 'R' 'ef' is one word.
    items[1] = at('R', 64, row, 9);
    expect(texts(rejoinWrappedCells(items))).toEqual([
      'Text above',
      'Ref',
      'Item',
      '$54,000.00',
      '14,580,000.00',
      '2027-04-30',
      'September 29, 2028',
      '10 000',
      'Text below',
    ]);
  });

  it('removes the line breaks pdf.js put before a wrapped line and between the pieces of one row', () => {
    const items = [
      at('Stage', 64, 550),
      at('Share of', 318, 550, 38),
      eol(318, 539),
      at('price', 318, 539, 22),
      eol(385, 550),
      at('Due', 385, 550, 18),
      eol(64, 520),
      at('Next', 64, 520),
    ];
    const out = rejoinWrappedCells(items);
    expect(out.map((i) => [i.str, i.hasEOL])).toEqual([
      ['Stage', false],
      ['Share of price', false],
      ['Due', false],
      ['', true],
      ['Next', false],
    ]);
  });

  it("joins a right-aligned cell's next line and a word the last column broke", () => {
    const items = [
      at('Text above', 60, 640),
      at('Design sign-off', 64, 600, 70),
      at('24.600,00', 300, 600, 48),
      at('30 Septem', 400, 600, 128),
      at('€', 341, 589, 7),
      at('ber 2027', 400, 589, 40),
      at('Text below', 60, 560, 300),
      at('A full line of prose that reaches the right margin of the page', 60, 540, 468),
    ];
    expect(texts(rejoinWrappedCells(items)).slice(0, 4)).toEqual([
      'Text above',
      'Design sign-off',
      '24.600,00 €',
      '30 September 2027',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { textDocument, type DocumentText } from '../text/document-text.ts';
import { toPassages } from './passages.ts';

const texts = (doc: DocumentText): string[] => toPassages(doc).map((p) => p.text);

// How pdf-parse hands over a page: lines wrapped at the page width, no blank lines, table cells split by tabs.
const PDF_PAGE = [
  'CONSULTING AGREEMENT',
  '1. Services. Consultant will provide advice and consultation to the Company with respect to its research',
  'programs and other business matters as requested by the Company from time to time.',
  '2. Compensation. The Company shall pay Consultant for the Services at the rate of €500 per hour. On a',
  'monthly basis, Consultant shall submit an invoice for the hours worked.',
  'B. Rates',
  'Role\tHourly rate',
  'Senior Consultant\t$250.00',
  'Analyst\t$140.00',
  'Page 1 of 3',
].join('\n');

describe('toPassages', () => {
  it('makes each numbered clause one passage, joining the lines a PDF wrapped', () => {
    const out = texts({ kind: 'pdf', pages: [{ number: 1, text: PDF_PAGE }] });
    expect(out).toContain(
      '2. Compensation. The Company shall pay Consultant for the Services at the rate of €500 per hour. On a monthly basis, Consultant shall submit an invoice for the hours worked.',
    );
    expect(out.filter((t) => t.includes('€500 per hour'))).toHaveLength(1);
    expect(out.some((t) => t.includes('1. Services') && t.includes('2. Compensation'))).toBe(false);
  });

  it('makes each table row a passage with the table header and the heading above it, and drops page footers', () => {
    const out = texts({ kind: 'pdf', pages: [{ number: 1, text: PDF_PAGE }] });
    expect(out).toContain('B. Rates\nRole\tHourly rate\nSenior Consultant\t$250.00');
    expect(out).toContain('B. Rates\nRole\tHourly rate\nAnalyst\t$140.00');
    expect(out.some((t) => t.includes('Page 1 of 3'))).toBe(false);
  });

  it('reads markdown: headings (a title and its section) lead their paragraphs, pipe-table rows keep the header', () => {
    const out = texts(
      textDocument(
        '# SOW-7\n\n## Fees\n\n| Role | Day rate |\n|---|---|\n| Architect | EUR 1,350 |\n| Developer | EUR 980 |\n\n## Payment\n\nInvoices are due within 30 days of the invoice date.',
      ),
    );
    expect(out).toEqual([
      'SOW-7\nFees\n| Role | Day rate |\n| Architect | EUR 1,350 |',
      'SOW-7\nFees\n| Role | Day rate |\n| Developer | EUR 980 |',
      'Payment\nInvoices are due within 30 days of the invoice date.',
    ]);
  });

  it('cuts a clause longer than 900 characters at sentences, each later piece led by the clause title', () => {
    const sentence =
      'The Consultant shall keep all Confidential Information of the Company strictly confidential at all times. ';
    const out = texts(textDocument(`4. Confidentiality. ${sentence.repeat(12).trim()}`));
    expect(out.length).toBeGreaterThan(1);
    expect(out.every((t) => t.length <= 900)).toBe(true);
    expect(out.slice(1).every((t) => t.startsWith('4. Confidentiality. … The Consultant'))).toBe(true);
  });

  it('starts a piece at an inline sub-clause number in a one-line agreement', () => {
    const filler =
      'Either Party may terminate this Agreement with thirty days prior written notice to the other Party. '.repeat(10);
    const survival =
      '7.3. Survival. Upon any termination the Company pays all amounts owing for Services completed before it.';
    const out = texts(
      textDocument(
        `7. Term and Termination. 7.1. Term. The initial term is six months. 7.2. Termination. ${filler}${survival}`,
      ),
    );
    expect(out.at(-1)).toBe(`7. Term and Termination.\n${survival}`);
  });

  it('leads a titled clause’s later paragraphs with its title, and never crosses a page', () => {
    const doc: DocumentText = {
      kind: 'text',
      pages: [
        {
          number: 1,
          text: '5. Term and Termination. This Agreement continues until terminated.\n\nEither party may terminate it on thirty days written notice.',
        },
        { number: 2, text: 'Upon termination the Company pays all amounts owing within thirty days.' },
      ],
    };
    const out = toPassages(doc);
    expect(out.map((p) => [p.page, p.text])).toEqual([
      [
        1,
        '5. Term and Termination. This Agreement continues until terminated.\nEither party may terminate it on thirty days written notice.',
      ],
      [2, '5. Term and Termination.\nUpon termination the Company pays all amounts owing within thirty days.'],
    ]);
  });

  it('drops a heading from the passages of a clause numbered under another section', () => {
    const out = texts(
      textDocument(
        '5. TERMINATION\n\n5.1 Either party may end this agreement on notice.\n\n7.2 The Consultant agrees that the restriction on competition is reasonable.',
      ),
    );
    expect(out.at(-1)).toBe('7.2 The Consultant agrees that the restriction on competition is reasonable.');
    expect(out[0]).toBe('5. TERMINATION\n5.1 Either party may end this agreement on notice.');
  });
});

import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';
import { findTablesIn } from './tables.ts';

const terms = (text: string) => extractWithRules(text).terms;
const rates = (text: string) => terms(text).rates.map((r) => [r.role, r.amount, r.unit]);

/** Every quote must be cut verbatim from the text; returns the quotes of one field family. */
function quotes(text: string, prefix: string): string[] {
  const t = terms(text);
  for (const e of t.evidence) expect(text).toContain(e.quote);
  return t.evidence.filter((e) => e.field.startsWith(prefix)).map((e) => e.quote);
}

const SOW_HEAD = `STATEMENT OF WORK No. 7 under the Master Services Agreement

This Statement of Work is entered into between Alpha Corp ("Client") and Test Advisory Inc. ("Consultant"), effective 1 January 2026.

1. Fees. Services are billed on a time and materials basis in US dollars (USD) at the following hourly rates:

`;
const SOW_TAIL = `
2. Invoicing and payment. Consultant invoices monthly. Payment is due net 45 days from the invoice date.
3. Purchase order. All invoices must quote Purchase Order PO-77812.
`;
const sow = (table: string): string => `${SOW_HEAD}${table}${SOW_TAIL}`;
const CARD = [
  ['Consultant', '185.00', 'hour'],
  ['Senior Consultant', '260.00', 'hour'],
];

describe('findTablesIn', () => {
  it('reads a pipe table with outer pipes and takes its first row without digits as the header', () => {
    const [t] = findTablesIn('| Role | Hourly rate |\n| Consultant | $185.00 |\n| Senior Consultant | $260.00 |');
    expect(t?.header?.cells).toEqual(['Role', 'Hourly rate']);
    expect(t?.rows.map((r) => r.cells)).toEqual([
      ['Consultant', '$185.00'],
      ['Senior Consultant', '$260.00'],
    ]);
  });

  it('skips the markdown delimiter row and takes the row above it as the header even when it has digits', () => {
    const [t, more] = findTablesIn('Role | 2026 rate (USD/hour)\n---|:---:\nArchitect | 240.00\nTester | 120.00');
    expect(t?.header?.cells).toEqual(['Role', '2026 rate (USD/hour)']);
    expect(t?.rows.map((r) => r.cells[0])).toEqual(['Architect', 'Tester']);
    expect(more).toBeUndefined();
  });

  it('reads a grid table between +---+ borders with its +===+ header rule', () => {
    const text =
      '+------+--------+\n| Role | Rate   |\n+======+========+\n| Lead | $300/h |\n+------+--------+\n| Dev  | $200/h |\n+------+--------+';
    const [t] = findTablesIn(text);
    expect(t?.header?.cells).toEqual(['Role', 'Rate']);
    expect(t?.rows.map((r) => r.cells)).toEqual([
      ['Lead', '$300/h'],
      ['Dev', '$200/h'],
    ]);
  });

  it('reads a plain-text pipe table whose padding became tabs in a PDF or DOCX', () => {
    const [t] = findTablesIn('| Pages per month\t| Price per page |\n|------|------|\n| 1 - 20,000\t| £0.12\t|');
    expect(t?.rows.map((r) => r.cells)).toEqual([['1 - 20,000', '£0.12']]);
  });

  it('gives each row its exact line span, so quotes are verbatim lines', () => {
    const text = 'Intro\n| Role | Rate |\n| Lead | $300/h |\nOutro';
    const [t] = findTablesIn(text);
    const row = t?.rows[0];
    expect(row && text.slice(row.start, row.end)).toBe('| Lead | $300/h |');
  });

  it('does not read one prose line with a pipe as a table', () => {
    expect(findTablesIn('Page 3 | Confidential 2026\nThe next paragraph.')).toEqual([]);
  });

  it('still reads tab-separated rows as the text layer gives them, header first', () => {
    const [t] = findTablesIn("Role\tDaily rate (CHF)\nEngagement Lead\t2'400.00\nTest Analyst\t1'280.00");
    expect(t?.header?.cells).toEqual(['Role', 'Daily rate (CHF)']);
    expect(t?.rows.map((r) => r.cells)).toEqual([
      ['Engagement Lead', "2'400.00"],
      ['Test Analyst', "1'280.00"],
    ]);
  });
});

describe('extractWithRules on plain-text and markdown rate cards', () => {
  it('reads each row of a pipe table with outer pipes, not the provider label', () => {
    const text = sow('| Role | Hourly rate |\n| Consultant | $185.00 |\n| Senior Consultant | $260.00 |\n');
    expect(rates(text)).toEqual(CARD);
    expect(quotes(text, 'rates')).toEqual(['| Consultant | $185.00 |', '| Senior Consultant | $260.00 |']);
    expect(terms(text)).toMatchObject({
      currency: 'USD',
      billingModel: 'time_and_materials',
      paymentTerms: { netDays: 45 },
    });
  });

  it('reads a markdown table with a delimiter row', () => {
    expect(
      rates(sow('| Role | Hourly rate |\n|---|---|\n| Consultant | $185.00 |\n| Senior Consultant | $260.00 |\n')),
    ).toEqual(CARD);
  });

  it('reads a pipe table without outer pipes', () => {
    const text = sow('Role | Hourly rate\nConsultant | $185.00\nSenior Consultant | $260.00\n');
    expect(rates(text)).toEqual(CARD);
    expect(quotes(text, 'rates')).toEqual(['Consultant | $185.00', 'Senior Consultant | $260.00']);
  });

  it('reads the same rate card from DOCX-like tab-separated rows as from the pipe table', () => {
    expect(rates(sow('Role\tHourly rate\nConsultant\t$185.00\nSenior Consultant\t$260.00\n'))).toEqual(CARD);
  });

  it('takes the role from the label a rate line starts with', () => {
    const text = 'Rates:\nSenior Consultant: $260.00 per hour\nAnalyst: $150 per hour\n';
    expect(rates(text)).toEqual([
      ['Senior Consultant', '260.00', 'hour'],
      ['Analyst', '150.00', 'hour'],
    ]);
    expect(quotes(text, 'rates')).toEqual(['Senior Consultant: $260.00 per hour', 'Analyst: $150 per hour']);
  });

  it('reads dash, leader-dot, bulleted and bold labels and two units on one line', () => {
    const text = [
      'Our rates:',
      '- **Lead Engineer**: $300/hr',
      'Senior Data Engineer – $235/hour',
      'Project Manager ........ $1,100 per day',
      'Senior Consultant rate: $250 per hour',
      'Architect: $280 per hour / $2,100 per day',
      'Senior Developers are billed at $210 per hour.',
    ].join('\n');
    expect(rates(text)).toEqual([
      ['Lead Engineer', '300.00', 'hour'],
      ['Senior Data Engineer', '235.00', 'hour'],
      ['Project Manager', '1100.00', 'day'],
      ['Senior Consultant', '250.00', 'hour'],
      ['Architect', '280.00', 'hour'],
      ['Architect', '2100.00', 'day'],
      ['Senior Developer', '210.00', 'hour'],
    ]);
    quotes(text, 'rates');
  });

  it('never gives the provider label to a rate whose line names another role', () => {
    const head = 'This Statement of Work is between Alpha Corp ("Client") and Beta Labs LLC ("Contractor").\n';
    const text = `${head}Compensation. Contractor shall be paid for the following roles.\nData Engineer: $160 per hour\nQA Analyst hours are charged at $120 per hour.\n`;
    expect(rates(text)).toEqual([
      ['Data Engineer', '160.00', 'hour'],
      ['QA Analyst', '120.00', 'hour'],
    ]);
  });

  it('keeps the provider label when the line names no role', () => {
    const head = 'This Statement of Work is between Alpha Corp ("Client") and Beta Labs LLC ("Contractor").\n';
    expect(rates(`${head}Hourly rate: $150 per hour.\n`)).toEqual([['Contractor', '150.00', 'hour']]);
    expect(rates(`${head}Client will pay Contractor $175 per hour for all services.\n`)).toEqual([
      ['Contractor', '175.00', 'hour'],
    ]);
  });
});

describe('extractWithRules on plain-text milestone and usage tables', () => {
  it('reads a milestone table in pipe form', () => {
    const text =
      'Fixed price of $40,000.00, paid as follows:\n\nMilestone | Amount | Due\n--- | --- | ---\nDesign | $10,000.00 | 2026-03-31\nBuild | $30,000.00 | 2026-06-30\n';
    expect(terms(text).milestones).toEqual([
      { name: 'Design', amount: '10000.00', percent: null, dueDate: '2026-03-31' },
      { name: 'Build', amount: '30000.00', percent: null, dueDate: '2026-06-30' },
    ]);
    expect(quotes(text, 'milestones')).toEqual(['Design | $10,000.00 | 2026-03-31', 'Build | $30,000.00 | 2026-06-30']);
    expect(terms(text).rates).toEqual([]);
  });

  it('reads usage tiers in a pipe table and no rates from it', () => {
    const text =
      '| Monthly API calls | Price per call |\n|---|---|\n| 1 - 100,000 | $0.010 |\n| 100,001 - 500,000 | $0.008 |\n| Over 500,000 | $0.005 |\n';
    const t = terms(text);
    expect(t.usageTiers).toEqual([
      { unit: 'call', from: 1, upTo: 100000, unitPrice: '0.010' },
      { unit: 'call', from: 100001, upTo: 500000, unitPrice: '0.008' },
      { unit: 'call', from: 500001, upTo: null, unitPrice: '0.005' },
    ]);
    expect(t.rates).toEqual([]);
    expect(t.billingModel).toBe('usage');
    quotes(text, 'usageTiers');
  });
});

describe('extractWithRules on wrapped lines', () => {
  it('reads a tax rate whose sentence wraps before the percent', () => {
    expect(terms('Prices are exclusive of VAT, which is added at\n20%.').taxRatePercent).toBe(20);
  });

  it('does not take a percent from the next sentence as the tax rate', () => {
    expect(terms('All prices exclude VAT.\nA discount of 5% applies to prepaid orders.').taxRatePercent).toBeNull();
  });
});

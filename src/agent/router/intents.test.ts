import { describe, expect, it } from 'vitest';
import { clientIn, invoiceRefIn, invoiceRefsIn, lineIn, mentionsIn, periodIn, readIntent } from './intents.ts';

const TODAY = new Date('2026-11-20T10:00:00Z');
const read = (text: string) => readIntent(text, TODAY);

describe('readIntent', () => {
  it.each([
    ['What is overdue for ACME?', { kind: 'overdue', client: 'ACME' }],
    ['show me unpaid invoices', { kind: 'overdue', client: null, mentions: [] }],
    ['why is NWUS-2026-0012 held?', { kind: 'why_held', ref: 'NWUS-2026-0012' }],
    ['explain line 3 of NWUS-2026-0012', { kind: 'explain_line', ref: 'NWUS-2026-0012', lineNo: 3 }],
    ['what waits for my approval?', { kind: 'my_approvals' }],
    ['draft a reminder for bluejay', { kind: 'reminder', client: 'BLUEJAY' }],
    ['exceptions past SLA', { kind: 'exceptions_past_sla' }],
    ['run billing for October 2026', { kind: 'billing_run', period: '2026-10' }],
    ['run billing for last month', { kind: 'billing_run', period: '2026-10' }],
    ['approve NWUS-2026-0012', { kind: 'decision', what: 'approve', ref: 'NWUS-2026-0012' }],
    ['void DRAFT-1A2B3C4D because duplicate', { kind: 'void_invoice', ref: 'DRAFT-1A2B3C4D', reason: 'duplicate' }],
    ['what is our DSO', { kind: 'dso', asOf: '2026-11-20', withExceptions: false }],
    ["this month's DSO and exceptions past SLA", { kind: 'dso', asOf: '2026-11-20', withExceptions: true }],
    ["last month's DSO", { kind: 'dso', asOf: '2026-10-31', withExceptions: false }],
    ['who should review DRAFT-1A2B3C4D?', { kind: 'reviewer', ref: 'DRAFT-1A2B3C4D' }],
    ['who should approve NWUS-2026-0012', { kind: 'reviewer', ref: 'NWUS-2026-0012' }],
    ['summarise the ACME statement of work', { kind: 'summarise', document: 'ACME' }],
    [
      'summarize document 0b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d',
      { kind: 'summarise', document: '0b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d' },
    ],
    ['summarise the document', { kind: 'summarise', document: null }],
    ['list unapplied payments', { kind: 'payments', client: null, unapplied: true }],
    ['show payments from ACME', { kind: 'payments', client: 'ACME', unapplied: false }],
    [
      'apply payment 10000000-0000-4000-8000-000000000000 to NWUS-2026-0012',
      { kind: 'apply_payment', paymentId: '10000000-0000-4000-8000-000000000000', ref: 'NWUS-2026-0012', amount: null },
    ],
    [
      'apply 250.00 of payment 10000000-0000-4000-8000-000000000000 to NWUS-2026-0012',
      {
        kind: 'apply_payment',
        paymentId: '10000000-0000-4000-8000-000000000000',
        ref: 'NWUS-2026-0012',
        amount: '250.00',
      },
    ],
    ['is it done?', { kind: 'status', ref: null, requestIds: [] }],
    ['so is DRAFT-1A2B3C4D void now?', { kind: 'status', ref: 'DRAFT-1A2B3C4D', requestIds: [] }],
    ['void DRAFT-1A2B3C4D because it is a duplicate', { kind: 'void_invoice', ref: 'DRAFT-1A2B3C4D' }],
    ["why isn't NWUS-2026-0012 sent?", { kind: 'why_held', ref: 'NWUS-2026-0012' }],
    [
      'what could payment 0B9C1D2E-3F40-4A5B-8C6D-7E8F9A0B1C2D pay?',
      { kind: 'payment_suggestions', paymentId: '0b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d' },
    ],
    [
      'suggest invoices for payment 0b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d',
      { kind: 'payment_suggestions', paymentId: '0b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d' },
    ],
    [
      'record payment 0b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d against NWUS-2026-0012',
      { kind: 'decision', what: 'record payment' },
    ],
    ['tell me a joke', { kind: 'unknown' }],
  ])('reads "%s"', (text, intent) => {
    expect(read(text)).toMatchObject(intent);
  });

  it('does not take a period for an invoice number', () => {
    expect(invoiceRefIn('billing for 2026-10')).toBeNull();
  });

  it('finds a hyphenated client code and skips pronouns', () => {
    expect(clientIn('overdue for CL-A')).toBe('CL-A');
    expect(clientIn('anything overdue for me')).toBeNull();
  });

  it('reads this month from today', () => {
    expect(periodIn('this month', TODAY)).toBe('2026-11');
  });
});

describe('families of words, not phrases', () => {
  it.each([
    'could you chase Harbor about their bills',
    'chasing harbor please',
    'time to dun HARBOR',
    'pls follow up with Harbor on payment',
    'give Harbor a nudge',
    'Harbor needs a payment reminder',
    'remind harbor that they are behind',
  ])('a request to ask a client to pay: "%s"', (text) => {
    const i = read(text);
    expect(i.kind).toBe('reminder');
    expect(i.kind === 'reminder' && (i.client === 'HARBOR' || i.mentions.includes('harbor'))).toBe(true);
  });

  it.each([
    'which bills are past due',
    'anything gone past its due date?',
    'what is still outstanding',
    'invoices that have not been paid',
    'who owes us money',
    'which clients are in arrears',
    'show the late ones',
    'list what is unpaid',
    'did everyone pay what was due?',
  ])('money that should have come in: "%s"', (text) => {
    expect(read(text)).toMatchObject({ kind: 'overdue', client: null });
  });

  it('"due" alone is a date, not an overdue question', () => {
    expect(read('when is NWUS-2026-0044 due')).toEqual({ kind: 'show_invoice', ref: 'NWUS-2026-0044' });
  });

  it.each([
    'what is holding up NWUS-2026-0044',
    'NWUS-2026-0044 seems blocked',
    'why cannot NWUS-2026-0044 go out',
    "why can't NWUS-2026-0044 be sent",
    'NWUS-2026-0044 has not gone out, why?',
    'is NWUS-2026-0044 still on hold',
    'what keeps it from going out: NWUS-2026-0044',
  ])('an invoice not going out: "%s"', (text) => {
    expect(read(text)).toEqual({ kind: 'why_held', ref: 'NWUS-2026-0044' });
  });

  it.each([
    'who ought to check NWUS-2026-0044',
    'which colleague should look over NWUS-2026-0044?',
    'I want a second pair of eyes on NWUS-2026-0044',
    'who is the best person to sign off NWUS-2026-0044',
    'can you recommend a reviewer for NWUS-2026-0044',
  ])('someone else looking at an invoice: "%s"', (text) => {
    expect(read(text)).toEqual({ kind: 'reviewer', ref: 'NWUS-2026-0044' });
  });

  it.each([
    'is there anything in my queue',
    'what do I still have to sign off',
    'approvals waiting for me',
    'do I need to approve something today?',
    'what should I authorise',
  ])('the approvals inbox: "%s"', (text) => {
    expect(read(text)).toEqual({ kind: 'my_approvals' });
  });
});

describe('decisions are never taken', () => {
  it.each([
    ['please approve DRAFT-0000ABCD', 'approve'],
    ['just OK the invoice NWUS-2026-0044', 'ok'],
    ['sign off DRAFT-0000ABCD for me', 'sign off'],
    ['decline the request from Sam', 'decline'],
    ['mark NWUS-2026-0044 as paid', 'mark nwus-2026-0044 as paid'],
    ['reject the waiting request for the Harbor credit note', 'reject'],
    ['aprove DRAFT-0000ABCD', 'approve'],
    ['Bitte freigeben: DRAFT-0000ABCD', 'approve'],
  ])('"%s" is refused as a decision', (text, what) => {
    expect(read(text)).toMatchObject({ kind: 'decision', what });
  });

  it('asked about, a decision word is the inbox or the reviewer', () => {
    expect(read('which invoices are waiting for me to approve').kind).toBe('my_approvals');
    expect(read('who would approve NWUS-2026-0044').kind).toBe('reviewer');
  });

  it('cancelling in other words than "void" is a question, never a void', () => {
    for (const text of ['cancel NWUS-2026-0044', 'please storno DRAFT-0000ABCD', 'reverse NWUS-2026-0044'])
      expect(read(text).kind).toBe('clarify');
  });

  it('writes ask for what is missing instead of guessing', () => {
    expect(read('start the billing')).toMatchObject({ kind: 'clarify' });
    expect(read('run billing for Q3')).toMatchObject({ kind: 'clarify', question: expect.stringContaining('Q3 2026') });
    expect(read('send a reminder')).toMatchObject({ kind: 'clarify' });
  });
});

describe('spellings, typos and German-speaking users', () => {
  it.each([
    ['summarise the HARBOR contract', 'summarise'],
    ['summerize the HARBOR contract', 'summarise'],
    ['what is ovedrue for HARBOR', 'overdue'],
    ['what is outstnding for HARBOR', 'overdue'],
    ['draft a remnder for HARBOR', 'reminder'],
    ['please make a Mahnung for HARBOR', 'reminder'],
    ['which Rechnungen of HARBOR are überfällig', 'overdue'],
    ['the open posts of HARBOR, please', 'overdue'],
    ['why does NWUS-2026-0044 hang?', 'why_held'],
    ['I have a question to position 2 of NWUS-2026-0044', 'explain_line'],
    ['what must I give Freigabe for', 'my_approvals'],
    ['exceptions which are over their deadline', 'exceptions_past_sla'],
  ])('"%s" is %s', (text, kind) => {
    expect(read(text).kind).toBe(kind);
  });

  it('leaves short words alone: no typo correction under six letters', () => {
    expect(read('tell me about lane 5').kind).toBe('unknown');
  });
});

describe('references', () => {
  it('reads invoice references in their forms', () => {
    expect(invoiceRefsIn('compare nwus-2026-0044 and #NWEU-2026-0101')).toEqual(['NWUS-2026-0044', 'NWEU-2026-0101']);
    expect(invoiceRefIn('is draft 0000abcd ready')).toBe('DRAFT-0000ABCD');
    expect(invoiceRefIn('draft-0000abcd')).toBe('DRAFT-0000ABCD');
    expect(invoiceRefIn('id 0B9C1D2E-3F40-4A5B-8C6D-7E8F9A0B1C2D')).toBe('0b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d');
    expect(invoiceRefIn('billing for Q4-2026 and on 2026-11-03')).toBeNull();
    expect(invoiceRefIn('draft a reminder for harbor')).toBeNull();
  });

  it('reads line numbers in their forms', () => {
    expect(lineIn('line no. 4')).toBe(4);
    expect(lineIn('line #12')).toBe(12);
    expect(lineIn('the 2nd line')).toBe(2);
    expect(lineIn('the fifth line')).toBe(5);
    expect(lineIn('pos. 7')).toBe(7);
    expect(lineIn('no line here')).toBeNull();
  });

  it('finds where a client stands and skips months, quarters and pronouns', () => {
    expect(clientIn("Harbor's oldest bill")).toBe('HARBOR');
    expect(clientIn('how much is open with juniper')).toBe('JUNIPER');
    expect(clientIn('overdue for November')).toBeNull();
    expect(clientIn('overdue for Q4')).toBeNull();
    expect(clientIn('overdue for them')).toBeNull();
  });

  it('keeps the words that may name a client, and only those', () => {
    expect(mentionsIn('how much does juniper still owe us')).toEqual(['juniper']);
    expect(mentionsIn('which invoices are overdue')).toEqual([]);
  });
});

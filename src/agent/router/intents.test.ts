import { describe, expect, it } from 'vitest';
import { clientIn, invoiceRefIn, periodIn, readIntent } from './intents.ts';

const TODAY = new Date('2026-11-20T10:00:00Z');

describe('readIntent', () => {
  it.each([
    ['What is overdue for ACME?', { kind: 'overdue', client: 'ACME' }],
    ['show me unpaid invoices', { kind: 'overdue', client: null }],
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
    ['tell me a joke', { kind: 'unknown' }],
  ])('reads "%s"', (text, intent) => {
    expect(readIntent(text, TODAY)).toEqual(intent);
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

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
    ['what is our DSO', { kind: 'needs_model', what: 'dso' }],
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

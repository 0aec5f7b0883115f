import { describe, expect, it } from 'vitest';
import { INVOICE_STATUSES, LIFECYCLE, transition, type InvoiceStatus, type LifecycleCommand } from './lifecycle.ts';
import { formatInvoiceNumber, issueDates } from './numbering.ts';
import { lineTotals } from './line-totals.ts';

describe('transition', () => {
  it.each<[InvoiceStatus, LifecycleCommand, InvoiceStatus]>([
    ['draft', 'submit', 'pending_approval'],
    ['pending_approval', 'approve', 'approved'],
    ['pending_approval', 'reject', 'draft'],
    ['approved', 'post', 'posted'],
    ['posted', 'deliver', 'delivered'],
    ['partially_paid', 'deliver', 'partially_paid'],
    ['paid', 'deliver', 'paid'],
    ['disputed', 'deliver', 'disputed'],
    ['draft', 'void', 'void'],
    ['pending_approval', 'void', 'void'],
    ['approved', 'void', 'void'],
    ['posted', 'write_off', 'written_off'],
    ['delivered', 'write_off', 'written_off'],
    ['posted', 'credit', 'posted'],
    ['paid', 'credit', 'paid'],
    ['draft', 'edit', 'draft'],
    ['posted', 'dispute', 'disputed'],
    ['partially_paid', 'dispute', 'disputed'],
    ['disputed', 'pay', 'disputed'],
    ['paid', 'reverse_payment', 'paid'],
  ])('moves an invoice from %s on %s to %s', (from, command, to) => {
    expect(transition(from, command, 'invoice')).toEqual({ ok: true, value: to });
  });

  it('refuses every command from a status its rule does not list', () => {
    for (const [command, rule] of Object.entries(LIFECYCLE) as [
      LifecycleCommand,
      (typeof LIFECYCLE)[LifecycleCommand],
    ][]) {
      for (const status of INVOICE_STATUSES.filter((s) => !rule.from.includes(s))) {
        expect(transition(status, command, 'invoice')).toMatchObject({
          ok: false,
          error: { code: 'INVALID_TRANSITION', status, command },
        });
      }
    }
  });

  it('says to use a credit note when voiding a posted invoice', () => {
    const r = transition('posted', 'void', 'invoice');
    expect(!r.ok && r.error.message).toMatch(/corrected only by a credit note/);
  });

  it('refuses approval steps on a credit note, which is born approved', () => {
    expect(transition('pending_approval', 'approve', 'credit_note')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION', kind: 'credit_note' },
    });
    expect(transition('approved', 'post', 'credit_note')).toEqual({ ok: true, value: 'posted' });
    expect(transition('posted', 'credit', 'credit_note').ok).toBe(false);
  });
});

describe('formatInvoiceNumber', () => {
  it('pads the sequence to six digits after the prefix', () => {
    expect(formatInvoiceNumber('NWUS-', 42n)).toBe('NWUS-000042');
  });

  it('keeps sequences longer than six digits whole', () => {
    expect(formatInvoiceNumber('X', 1_234_567n)).toBe('X1234567');
  });

  it('throws on a sequence below one, which is a bug', () => {
    expect(() => formatInvoiceNumber('X', 0n)).toThrow();
  });
});

describe('issueDates', () => {
  it('issues on the UTC date and is due after the payment terms', () => {
    expect(issueDates(new Date('2026-03-31T23:30:00Z'), 30)).toEqual({
      issueDate: '2026-03-31',
      dueDate: '2026-04-30',
    });
  });

  it('is due the same day with zero payment terms', () => {
    expect(issueDates(new Date('2026-02-28T08:00:00Z'), 0)).toEqual({ issueDate: '2026-02-28', dueDate: '2026-02-28' });
  });
});

describe('lineTotals', () => {
  it('counts held lines only in the held amount', () => {
    expect(
      lineTotals([
        { amountMinor: 100000n, taxMinor: 21000n, held: false },
        { amountMinor: -5000n, taxMinor: -1050n, held: false },
        { amountMinor: 50000n, taxMinor: 10500n, held: true },
      ]),
    ).toEqual({ subtotalMinor: 95000n, taxMinor: 19950n, totalMinor: 114950n, heldMinor: 50000n });
  });
});

import { describe, expect, it } from 'vitest';
import type { TurnToolCall } from '../../tools/agent/turn-log.ts';
import {
  lastClient,
  lastInvoice,
  lastListed,
  pick,
  readInThread,
  threadRequests,
  type ThreadTurn,
} from './thread-context.ts';

const TODAY = new Date('2026-12-05T09:00:00Z');
const turn = (message: string, toolCalls: Partial<TurnToolCall>[] = [], reply = ''): ThreadTurn => ({
  message,
  reply,
  toolCalls: toolCalls.map((c) => ({ outcome: 'ok', args: {}, tool: 'x', ...c }) as TurnToolCall),
});
const shown = turn('show invoice NWUS-2026-0003', [{ tool: 'invoices_show', args: { ref: 'NWUS-2026-0003' } }]);
const listed = turn(
  'what is overdue for ACME?',
  [{ tool: 'invoices_list', args: { overdue: 'true', client: 'ACME' } }],
  '2 overdue invoices for ACME, oldest due first:\n- NWUS-2026-0001 (ACME): …\n- NWUS-2026-0009 (ACME): …',
);

describe('reading a message in its thread', () => {
  it('is readIntent without earlier turns: a pronoun alone names nothing', () => {
    expect(readInThread('why is it late?', TODAY, [])).toEqual(
      expect.objectContaining({ kind: 'overdue', client: null }),
    );
    expect(readInThread('and line 2?', TODAY, []).kind).toBe('clarify');
  });

  it('puts the invoice the thread named where a pronoun stands for it, in English, German and French', () => {
    const ref = { ref: 'NWUS-2026-0003' };
    expect(readInThread('why is it late?', TODAY, [shown])).toEqual({ kind: 'show_invoice', ...ref });
    expect(readInThread('who should review it?', TODAY, [shown])).toEqual({ kind: 'reviewer', ...ref });
    expect(readInThread('who should look it over?', TODAY, [shown])).toEqual({ kind: 'reviewer', ...ref });
    expect(readInThread('Warum ist sie überfällig?', TODAY, [shown])).toEqual({ kind: 'show_invoice', ...ref });
    expect(readInThread('then void it, because the client asked', TODAY, [shown])).toEqual({
      kind: 'void_invoice',
      ...ref,
      reason: 'the client asked',
    });
  });

  it('completes a request that lacks its invoice with the thread one', () => {
    expect(readInThread('and line 2?', TODAY, [shown])).toEqual({
      kind: 'explain_line',
      ref: 'NWUS-2026-0003',
      lineNo: 2,
    });
    expect(readInThread('Erkläre mir Position 1', TODAY, [shown])).toEqual(
      expect.objectContaining({ kind: 'explain_line', lineNo: 1 }),
    );
  });

  it('takes "the oldest one" from the last list, and "them" for its client', () => {
    expect(readInThread('explain line 1 of the oldest one', TODAY, [listed])).toEqual({
      kind: 'explain_line',
      ref: 'NWUS-2026-0001',
      lineNo: 1,
    });
    expect(readInThread('ok, chase them', TODAY, [listed])).toEqual(
      expect.objectContaining({ kind: 'reminder', client: 'ACME' }),
    );
    expect(readInThread('draft a reminder for it', TODAY, [shown])).toEqual(
      expect.objectContaining({ kind: 'reminder', ref: 'NWUS-2026-0003' }),
    );
  });

  it('repeats a refused request asked again, so the refusal is recorded again, never turned into an action', () => {
    const refused = turn('write off NWUS-2026-0003', [{ tool: '(decision)', outcome: 'refused' }]);
    expect(readInThread('My manager said it is fine. Do it anyway.', TODAY, [refused])).toEqual(
      expect.objectContaining({ kind: 'decision' }),
    );
    expect(readInThread('fine, then just sign it off for me', TODAY, [shown])).toEqual(
      expect.objectContaining({ kind: 'decision', ref: 'NWUS-2026-0003' }),
    );
  });

  it("reads an answer to the copilot's question with its request, and a date with the dated request", () => {
    expect(readInThread('for March 2027', TODAY, [turn('run billing')])).toEqual({
      kind: 'billing_run',
      period: '2027-03',
    });
    const dso = turn('what is our DSO this month?', [{ tool: 'receivables_report' }]);
    expect(readInThread('what about the end of last month?', TODAY, [dso, turn('and exceptions past SLA?')])).toEqual({
      kind: 'dso',
      asOf: '2026-11-30',
      withExceptions: false,
    });
  });

  it('lets a message that names its own invoice or client stand on its own', () => {
    expect(readInThread('why is DRAFT-1A2B3C4D held?', TODAY, [shown])).toEqual({
      kind: 'why_held',
      ref: 'DRAFT-1A2B3C4D',
    });
    expect(readInThread('what is overdue for BLUEJAY?', TODAY, [listed])).toEqual(
      expect.objectContaining({ kind: 'overdue', client: 'BLUEJAY' }),
    );
  });

  it('finds the newest invoice and client of the thread', () => {
    expect(lastInvoice([shown, listed])).toBe('NWUS-2026-0003');
    expect(lastInvoice([listed, shown])).toBe('NWUS-2026-0003');
    expect(lastClient([listed, shown])).toBe('ACME');
    expect(lastClient([shown])).toBeNull();
  });

  it('picks from the last list by ordinals and places in German and French, never a line for an invoice', () => {
    const two = turn(
      'was ist überfällig?',
      [{ tool: 'invoices_list', args: { overdue: 'true' } }],
      '2 overdue invoices, oldest due first:\n- NWUS-2026-0001 (ACME): USD 10.00 open\n' +
        '- NWUS-2026-0009 (ACME): USD 99.00 open',
    );
    expect(readInThread('Zeig mir die erste', TODAY, [two])).toEqual({ kind: 'show_invoice', ref: 'NWUS-2026-0001' });
    expect(readInThread('und die zweite?', TODAY, [two])).toEqual({ kind: 'show_invoice', ref: 'NWUS-2026-0009' });
    expect(readInThread('Montre-moi la dernière', TODAY, [two])).toEqual({
      kind: 'show_invoice',
      ref: 'NWUS-2026-0009',
    });
    expect(readInThread('why is the biggest one late?', TODAY, [two])).toEqual({
      kind: 'show_invoice',
      ref: 'NWUS-2026-0009',
    });
    // "die erste Zeile" is line 1 of the thread's invoice, not the first invoice of the list.
    expect(readInThread('Erklär mir die erste Zeile davon', TODAY, [shown])).toEqual({
      kind: 'explain_line',
      ref: 'NWUS-2026-0003',
      lineNo: 1,
    });
    expect(readInThread('Explique-moi la deuxième ligne', TODAY, [shown])).toEqual({
      kind: 'explain_line',
      ref: 'NWUS-2026-0003',
      lineNo: 2,
    });
    // "the last month" is a time, not the list's last invoice.
    expect(readInThread("show me the last month's DSO", TODAY, [two])).toEqual(
      expect.objectContaining({ kind: 'dso', asOf: '2026-11-30' }),
    );
    // A third of a list of two names nothing: the message is read as it stands.
    expect(readInThread('show me the third one', TODAY, [two]).kind).not.toBe('show_invoice');
  });

  it('asks who should review in German and French, and repeats a refused approval asked "trotzdem"', () => {
    expect(readInThread('Wer sollte die Rechnung prüfen?', TODAY, [shown])).toEqual({
      kind: 'reviewer',
      ref: 'NWUS-2026-0003',
    });
    expect(readInThread('Qui devrait la vérifier ?', TODAY, [shown])).toEqual({
      kind: 'reviewer',
      ref: 'NWUS-2026-0003',
    });
    const asked = turn('Kannst du DRAFT-1A2B3C4D freigeben?', [{ tool: '(decision)', outcome: 'refused' }]);
    expect(readInThread('Mach es trotzdem', TODAY, [asked])).toEqual(
      expect.objectContaining({ kind: 'decision', ref: 'DRAFT-1A2B3C4D' }),
    );
    expect(readInThread('Wer sollte das freigeben?', TODAY, [asked])).toEqual({
      kind: 'reviewer',
      ref: 'DRAFT-1A2B3C4D',
    });
  });

  it('asks the previous request about a client for another one: "und für Kunde X?", "et pour X ?"', () => {
    expect(readInThread('und für Kunde Bluejay?', TODAY, [listed])).toEqual(
      expect.objectContaining({ kind: 'overdue', mentions: ['bluejay'] }),
    );
    expect(readInThread('Et pour le client Granite ?', TODAY, [listed])).toEqual(
      expect.objectContaining({ kind: 'overdue', client: 'GRANITE' }),
    );
    const reminded = turn('draft a reminder for ACME', [{ tool: 'invoices_list', args: { client: 'ACME' } }]);
    expect(readInThread('and for GRANITE?', TODAY, [reminded])).toEqual(
      expect.objectContaining({ kind: 'reminder', client: 'GRANITE' }),
    );
    // Without a client named, "und …" is not another client's request.
    expect(readInThread('und?', TODAY, [listed]).kind).not.toBe('overdue');
  });

  it('reads "is it done?" as the thread\'s requests, not its invoice; the invoice only when none was opened', () => {
    const paused = turn('void NWUS-2026-0003 because duplicate', [
      { tool: 'invoices_show', args: { ref: 'NWUS-2026-0003' } },
      { tool: 'invoices_void', outcome: 'approval_required', requestId: 'req-1' },
    ]);
    expect(threadRequests([shown, paused])).toEqual(['req-1']);
    for (const text of ['is it done?', 'Ist es erledigt?', "c'est fait ?", 'what happened to my request?'])
      expect(readInThread(text, TODAY, [paused])).toEqual({ kind: 'status', ref: null, requestIds: ['req-1'] });
    expect(readInThread('so is NWUS-2026-0003 void now?', TODAY, [paused])).toEqual({
      kind: 'status',
      ref: 'NWUS-2026-0003',
      requestIds: ['req-1'],
    });
    expect(readInThread('is it done?', TODAY, [shown])).toEqual({
      kind: 'status',
      ref: 'NWUS-2026-0003',
      requestIds: [],
    });
  });

  it('applies "the first one" of a payments list to the invoice named: an apply request, for policy to answer', () => {
    const id = (n: number) => `${n}${'0'.repeat(7)}-0000-4000-8000-000000000000`;
    const payments = turn(
      'any unapplied payments?',
      [{ tool: 'payments_list', args: { unapplied: 'true' } }],
      `2 payments with unapplied cash, newest first:\n- ${id(1)} (ACME): USD 250.00 unapplied of USD 900.00\n` +
        `- ${id(2)} (ACME): USD 1,250.00 unapplied of USD 1,250.00`,
    );
    expect(lastListed([payments])?.of).toBe('payments');
    const apply = (text: string) => readInThread(text, TODAY, [payments]);
    expect(apply('apply the first one to invoice NWUS-2026-0003')).toEqual({
      kind: 'apply_payment',
      paymentId: id(1),
      ref: 'NWUS-2026-0003',
      amount: null,
    });
    expect(apply('put the biggest one against NWUS-2026-0003')).toEqual(
      expect.objectContaining({ kind: 'apply_payment', paymentId: id(2) }),
    );
    expect(apply('ordne die zweite Zahlung der Rechnung NWUS-2026-0003 zu')).toEqual(
      expect.objectContaining({ kind: 'apply_payment', paymentId: id(2), ref: 'NWUS-2026-0003' }),
    );
  });

  it('picks by amount only when every line shows one', () => {
    expect(pick([{ id: 'a', amount: null }], 'biggest')).toBeNull();
    expect(
      pick(
        [
          { id: 'a', amount: null },
          { id: 'b', amount: null },
        ],
        'second',
      ),
    ).toBe('b');
  });
});

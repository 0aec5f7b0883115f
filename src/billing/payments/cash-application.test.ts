import { describe, expect, it } from 'vitest';
import {
  combinationsMaking,
  invoicesNamedIn,
  matchReceipt,
  numberPattern,
  suggestApplications,
  type OpenItem,
} from './cash-application.ts';
import { identifyPayer, normalizeName } from './identify-payer.ts';

const item = (number: string, openMinor: bigint, dueDate: string, clientId = 'c1', currency = 'USD'): OpenItem => ({
  invoiceId: `id-${number}`,
  number,
  clientId,
  clientCode: clientId.toUpperCase(),
  currency,
  openMinor,
  dueDate,
});
const receipt = (amountMinor: bigint, remittance: string | null, clientId: string | null = 'c1') => ({
  amountMinor,
  currency: 'USD',
  remittance,
  clientId,
});
const OPEN = [
  item('A-000010', 150_000n, '2026-10-01'),
  item('A-000011', 120_000n, '2026-10-15'),
  item('A-000012', 80_000n, '2026-11-01'),
  item('A-000013', 80_000n, '2026-11-20'),
];

describe('numberPattern', () => {
  it('finds a number written with other separators or without its zeros, never inside a longer one', () => {
    expect(numberPattern('NWUS-000123').test('Rechnung nwus 123 vom 3.11.')).toBe(true);
    expect(numberPattern('NWUS-000123').test('NWUS000123')).toBe(true);
    expect(numberPattern('A-1').test('A-10 and A-11')).toBe(false);
    expect(numberPattern('A-1').test('paying A-1, thanks')).toBe(true);
    expect(invoicesNamedIn('INV A-000010/A-000012', OPEN).map((i) => i.number)).toEqual(['A-000010', 'A-000012']);
  });
});

describe('matchReceipt', () => {
  it('applies exactly the invoices the remittance names when the amount equals their open balance', () => {
    const m = matchReceipt(receipt(230_000n, 'A-000010 A-000012'), OPEN);
    expect(m.confidence).toBe('exact');
    expect(m.allocations.map((a) => [a.number, a.amountMinor])).toEqual([
      ['A-000010', 150_000n],
      ['A-000012', 80_000n],
    ]);
  });

  it('applies a short payment of one named invoice to it, and leaves an overpayment of named invoices unapplied', () => {
    const short = matchReceipt(receipt(100_000n, 'part of A-000011'), OPEN);
    expect([short.confidence, short.allocations.map((a) => a.amountMinor)]).toEqual(['exact', [100_000n]]);
    expect(short.reasons[0]).toMatch(/short payment of A-000011: 200.00 USD stays open/);
    const over = matchReceipt(receipt(200_000n, 'A-000010'), OPEN);
    expect([over.confidence, over.allocations.map((a) => a.amountMinor)]).toEqual(['exact', [150_000n]]);
    expect(over.reasons[0]).toMatch(/500.00 USD more than they owe/);
  });

  it('only proposes a short payment across several named invoices, oldest due first', () => {
    const m = matchReceipt(receipt(200_000n, 'A-000010, A-000011'), OPEN);
    expect(m.confidence).toBe('probable');
    expect(m.allocations.map((a) => [a.number, a.amountMinor])).toEqual([
      ['A-000010', 150_000n],
      ['A-000011', 50_000n],
    ]);
  });

  it('applies the one open invoice of exactly the amount, and only proposes one of two of that amount', () => {
    expect(matchReceipt(receipt(120_000n, null), OPEN)).toMatchObject({
      confidence: 'exact',
      allocations: [{ number: 'A-000011' }],
    });
    const two = matchReceipt(receipt(80_000n, null), OPEN);
    expect(two).toMatchObject({ confidence: 'probable', allocations: [{ number: 'A-000012' }] });
    expect(two.candidates.map((c) => c.item.number)).toEqual(['A-000012', 'A-000013']);
  });

  it('applies the whole open balance, proposes the oldest invoices that make the amount, and otherwise leaves it unapplied with the closest candidates', () => {
    expect(matchReceipt(receipt(430_000n, null), OPEN)).toMatchObject({ confidence: 'exact' });
    expect(matchReceipt(receipt(270_000n, null), OPEN)).toMatchObject({
      confidence: 'probable',
      allocations: [{ number: 'A-000010' }, { number: 'A-000011' }],
    });
    const none = matchReceipt(receipt(79_000n, 'thanks'), OPEN);
    expect(none.confidence).toBe('none');
    expect(none.allocations).toEqual([]);
    expect(none.candidates[0]!.item.number).toBe('A-000012');
    expect(none.candidates[0]!.reason).toMatch(/differs by 10.00 USD/);
  });

  it('never applies to another client or currency than the receipt', () => {
    const items = [
      ...OPEN,
      item('A-000099', 50_000n, '2026-09-01', 'c2'),
      item('A-000098', 50_000n, '2026-09-01', 'c1', 'EUR'),
    ];
    const m = matchReceipt(receipt(50_000n, 'A-000099'), items);
    expect(m.confidence).toBe('none');
    expect(m.reasons[0]).toMatch(/names A-000099, which this client does not owe in USD/);
  });
});

describe('matchReceipt, wider (for suggestions; the import leaves these unapplied)', () => {
  it('proposes two open invoices that are not the oldest when together they make the amount', () => {
    // 150,000 + 80,000 (A-000010 and A-000012): not a run of the oldest, not one invoice.
    expect(matchReceipt(receipt(230_000n, 'thanks'), OPEN).confidence).toBe('none');
    const m = matchReceipt(receipt(230_000n, 'thanks'), OPEN, { wider: true });
    expect(m.confidence).toBe('probable');
    expect(m.allocations.map((a) => [a.number, a.amountMinor])).toEqual([
      ['A-000010', 150_000n],
      ['A-000012', 80_000n],
    ]);
    expect(m.reasons[0]).toMatch(/A-000010 and A-000012 together make exactly 2300.00 USD; 1 other/);
  });

  it("proposes a short payment of the client's only open invoice, and not when it has several", () => {
    const only = [item('A-000010', 150_000n, '2026-10-01')];
    expect(matchReceipt(receipt(100_000n, null), only).confidence).toBe('none');
    const m = matchReceipt(receipt(100_000n, null), only, { wider: true });
    expect(m.confidence).toBe('probable');
    expect(m.allocations).toEqual([{ invoiceId: 'id-A-000010', number: 'A-000010', amountMinor: 100_000n }]);
    expect(m.reasons[0]).toMatch(/short payment of A-000010.*500.00 USD would stay open/);
    expect(matchReceipt(receipt(100_000n, null), OPEN, { wider: true }).confidence).toBe('none');
  });

  it('finds sets of two or three open invoices making an amount, oldest first', () => {
    const items = [
      item('X-1', 100n, '2026-01-01'),
      item('X-2', 200n, '2026-02-01'),
      item('X-3', 300n, '2026-03-01'),
      item('X-4', 400n, '2026-04-01'),
    ];
    expect(combinationsMaking(items, 600n).map((c) => c.map((i) => i.number))).toEqual([
      ['X-1', 'X-2', 'X-3'],
      ['X-2', 'X-4'],
    ]);
    expect(combinationsMaking(items, 1_000n)).toEqual([]);
  });
});

describe('suggestApplications', () => {
  it('ranks what matchReceipt finds first, then the other invoices of exactly the amount', () => {
    const s = suggestApplications(receipt(80_000n, null), OPEN);
    expect(s.map((x) => [x.confidence, x.allocations.map((a) => a.number)])).toEqual([
      ['probable', ['A-000012']],
      ['probable', ['A-000013']],
    ]);
    expect(s[1]!.reason).toMatch(/A-000013 is open for exactly 800.00 USD, due 2026-11-20/);
  });

  it('gives one suggestion when the remittance names what it pays, and none when nothing fits', () => {
    expect(suggestApplications(receipt(230_000n, 'A-000010 A-000012'), OPEN)).toHaveLength(1);
    expect(suggestApplications(receipt(79_000n, 'thanks'), OPEN)).toEqual([]);
  });

  it('never suggests an invoice of another client or currency, even one of exactly the amount', () => {
    const items = [item('B-1', 50_000n, '2026-09-01', 'c2'), item('E-1', 50_000n, '2026-09-01', 'c1', 'EUR')];
    expect(suggestApplications(receipt(50_000n, 'B-1 E-1'), items)).toEqual([]);
  });
});

describe('identifyPayer', () => {
  const clients = [
    { id: 'c1', code: 'ACME', name: 'ACME Widgets, Inc.' },
    { id: 'c2', code: 'GLOBEX', name: 'Globex Corporation' },
  ];
  it('tells the client by named invoices, then an earlier account, then the name', () => {
    expect(
      identifyPayer(
        { counterpartyName: 'Someone', remittance: 'A-000010', currency: 'USD', clientOfAccount: null },
        clients,
        OPEN,
      ).clientId,
    ).toBe('c1');
    expect(
      identifyPayer(
        { counterpartyName: 'Someone', remittance: null, currency: 'USD', clientOfAccount: 'c2' },
        clients,
        OPEN,
      ).clientId,
    ).toBe('c2');
    expect(
      identifyPayer(
        { counterpartyName: 'GLOBEX CORP', remittance: null, currency: 'USD', clientOfAccount: null },
        clients,
        OPEN,
      ).clientId,
    ).toBe('c2');
    expect(
      identifyPayer(
        { counterpartyName: 'Initech', remittance: null, currency: 'USD', clientOfAccount: null },
        clients,
        OPEN,
      ),
    ).toMatchObject({ clientId: null, reason: expect.stringMatching(/no client is called "Initech"/) });
    expect(normalizeName('Müller GmbH & Co. KG')).toBe('muller');
  });
});

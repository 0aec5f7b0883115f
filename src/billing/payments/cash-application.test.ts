import { describe, expect, it } from 'vitest';
import { invoicesNamedIn, matchReceipt, numberPattern, type OpenItem } from './cash-application.ts';
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

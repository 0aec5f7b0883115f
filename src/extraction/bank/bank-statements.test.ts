import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDateOf, minorOf, normalizeAmount } from './amounts.ts';
import { csvMappingSchema, parseBankCsv } from './bank-csv.ts';
import { parseCamt053 } from './camt053.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/bank/${name}`, import.meta.url), 'utf8');
const GERMAN = csvMappingSchema.parse({
  delimiter: ';',
  decimalSeparator: ',',
  dateFormat: 'DD.MM.YYYY',
  skipRows: 1,
  columns: {
    bookedOn: 'Buchungstag',
    valueOn: 'Valuta',
    credit: 'Haben',
    debit: 'Soll',
    currency: 'Währung',
    reference: 'Referenz',
    counterparty: 'Auftraggeber/Empfänger',
    account: 'IBAN',
    remittance: 'Verwendungszweck',
  },
});

describe('parseCamt053', () => {
  it('reads every booked entry of the fixture, splits the batch and leaves the pending entry out', () => {
    const r = parseCamt053(fixture('camt053-le-a-2026-11-03.xml'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({
      format: 'camt053',
      statementId: 'LEA-USD-2026-307',
      account: 'US00FIRM0000000012345678',
    });
    expect(r.value.lines.map((l) => [l.bankReference, l.direction, l.amountMinor])).toEqual([
      ['FT26307AX01', 'credit', 150_000n],
      ['FT26307AX02', 'credit', 200_000n],
      ['FT26307AX03', 'credit', 70_000n],
      ['FT26307AX04', 'credit', 33_333n],
      ['FT26307AX05', 'credit', 45_000n],
      ['FT26307AX06', 'debit', 12_000n],
      ['FT26307AX07-1', 'credit', 25_000n],
      ['FT26307AX07-2', 'credit', 85_000n],
    ]);
  });

  it('reads the payer, its account without spaces and the remittance, structured document numbers included', () => {
    const r = parseCamt053(fixture('camt053-le-a-2026-11-03.xml'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.lines[0]).toMatchObject({
      counterpartyName: 'CLIENT A INC.',
      counterpartyAccount: 'US11CLNT0000000000004242',
      remittance: 'Invoice A-900001 Oct services',
      bookedOn: '2026-11-03',
    });
    expect(r.value.lines[1]!.remittance).toBe('A-900002 | A-900003');
    expect(r.value.lines[5]!.remittance).toBe('ACCOUNT MAINTENANCE FEE OCT');
  });

  it('refuses a DOCTYPE, XML that is not well-formed, another document, and an amount with more decimals than its currency', () => {
    const codeOf = (xml: string) => {
      const r = parseCamt053(xml);
      return r.ok ? 'ok' : r.error.message;
    };
    expect(codeOf('<!DOCTYPE x [<!ENTITY a "aaaa">]><Document/>')).toMatch(/DOCTYPE/);
    expect(codeOf('<Document><BkToCstmrStmt>')).toMatch(/not well-formed/);
    expect(codeOf('<Document><CstmrCdtTrfInitn/></Document>')).toMatch(/not a camt.053/);
    const bad = fixture('camt053-le-a-2026-11-03.xml').replace(
      '<Amt Ccy="USD">1500.00</Amt>',
      '<Amt Ccy="USD">1500.001</Amt>',
    );
    expect(codeOf(bad)).toMatch(/entry 1: amount "1500.001"/);
  });
});

describe('parseBankCsv', () => {
  it('reads a German export with a mapping: comma decimals, day-first dates, separate in and out columns', () => {
    const r = parseBankCsv(fixture('bank-le-a-2026-11-04.csv'), GERMAN);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.lines.map((l) => [l.bankReference, l.direction, l.amountMinor, l.bookedOn])).toEqual([
      ['BK26308-001', 'credit', 123_456n, '2026-11-04'],
      ['BK26308-002', 'credit', 9_999n, '2026-11-04'],
      ['BK26308-003', 'debit', 250_000n, '2026-11-04'],
      ['BK26308-004', 'credit', 1_000n, '2026-11-04'],
    ]);
    expect(r.value.lines[0]).toMatchObject({
      counterpartyName: 'Client A Inc.',
      remittance: 'Rechnung A-900006',
      valueOn: '2026-11-04',
    });
  });

  it('names the missing column, and the row of a bad date or amount', () => {
    const text = fixture('bank-le-a-2026-11-04.csv');
    const msg = (t: string, m = GERMAN) => {
      const r = parseBankCsv(t, m);
      return r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`;
    };
    expect(msg(text, { ...GERMAN, columns: { ...GERMAN.columns, reference: 'Ref-Nr' } })).toMatch(
      /BANK_CSV_MAPPING_INVALID: the header row has no column "Ref-Nr"/,
    );
    expect(
      msg(
        text.replace(
          '04.11.2026;04.11.2026;Client A Inc.;US11CLNT0000000000004242;Rechnung',
          '31.11.2026;04.11.2026;Client A Inc.;US11CLNT0000000000004242;Rechnung',
        ),
      ),
    ).toMatch(/row 3: "31.11.2026" is not a date/);
    expect(msg(text.replace('1.234,56', '1.234,567'))).toMatch(/row 3: an amount is not a decimal/);
  });

  it('gives a line without a reference a stable one, and two identical lines two references', () => {
    const csv = 'date,amount,currency,counterparty\n2026-11-02,10.00,EUR,X\n2026-11-02,10.00,EUR,X\n';
    const m = csvMappingSchema.parse({
      columns: { bookedOn: 'date', amount: 'amount', currency: 'currency', counterparty: 'counterparty' },
    });
    const a = parseBankCsv(csv, m);
    const b = parseBankCsv(csv, m);
    if (!a.ok || !b.ok) throw new Error('unreadable');
    expect(a.value.lines.map((l) => l.bankReference)).toEqual(b.value.lines.map((l) => l.bankReference));
    expect(new Set(a.value.lines.map((l) => l.bankReference)).size).toBe(2);
  });
});

describe('amounts', () => {
  it('normalizes local notations and refuses more decimals than the currency has', () => {
    expect(normalizeAmount('1.234,56', ',')).toBe('1234.56');
    expect(normalizeAmount("(1'200.00)", '.')).toBe('-1200.00');
    expect(normalizeAmount('12,50-', ',')).toBe('-12.50');
    expect(minorOf('1250.5', 'EUR')).toBe(125_050n);
    expect(minorOf('1250', 'JPY')).toBe(1250n);
    expect(minorOf('12.5', 'JPY')).toBeNull();
    expect(minorOf('1.2345', 'BHD')).toBeNull();
    expect(isoDateOf('29.02.2026', 'DD.MM.YYYY')).toBeNull();
    expect(isoDateOf('11/03/2026', 'MM/DD/YYYY')).toBe('2026-11-03');
  });

  it('reads every amount written in either notation as exactly the minor units it says (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        fc.constantFrom('.', ','),
        fc.boolean(),
        (minor, sep, grouped) => {
          const units = (minor / 100n).toString();
          const cents = (minor % 100n).toString().padStart(2, '0');
          const thousands = sep === ',' ? '.' : ',';
          const whole = grouped ? units.replace(/\B(?=(\d{3})+(?!\d))/g, thousands) : units;
          expect(minorOf(normalizeAmount(`${whole}${sep}${cents}`, sep), 'USD')).toBe(minor);
          expect(minorOf(normalizeAmount(`-${whole}${sep}${cents}`, sep), 'USD')).toBe(-minor);
        },
      ),
    );
  });
});

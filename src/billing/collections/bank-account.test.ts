import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../shared/money.ts';
import {
  accountChangeText,
  bankDetailsText,
  ibanProblem,
  ibansIn,
  maskedAccount,
  printIban,
  sameBankAccount,
  storedBankAccount,
  type BankAccount,
} from './bank-account.ts';
import {
  checkReminder,
  renderAccountManagerNote,
  renderReminder,
  REMINDER_LANGUAGES,
  type ReminderFields,
  TEMPLATE_KEYS,
} from './reminder-templates.ts';

const SEPA: BankAccount = {
  bankName: 'Commerzbank',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  accountNumber: null,
  routingCode: null,
  country: 'DE',
};
const ABA: BankAccount = {
  bankName: 'JPMorgan Chase Bank',
  iban: null,
  bic: null,
  accountNumber: '000123456789',
  routingCode: '021000021',
  country: 'US',
};

const fields = (bank: BankAccount | null): ReminderFields => ({
  clientName: 'Acme GmbH',
  number: 'INV-2026-000123',
  amount: money(125_000n, 'EUR'),
  dueDate: '2026-03-01',
  daysPastDue: 15,
  payee: 'Firm Europe BV',
  bank,
});

describe('ibanProblem', () => {
  it('accepts IBANs whose mod-97 checksum holds, spaced or not', () => {
    for (const iban of ['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'NL91ABNA0417164300'])
      expect(ibanProblem(iban)).toBeNull();
  });

  it('refuses an IBAN with one digit changed or two neighbours swapped (property)', () => {
    const good = 'DE89370400440532013000';
    fc.assert(
      fc.property(fc.integer({ min: 4, max: good.length - 1 }), fc.integer({ min: 1, max: 9 }), (at, add) => {
        const changed = good.slice(0, at) + String((Number(good[at]) + add) % 10) + good.slice(at + 1);
        expect(ibanProblem(changed)).toMatch(/checksum/);
      }),
    );
    expect(ibanProblem('DE89370400440532013000'.replace('0532', '5032'))).toMatch(/checksum/);
  });

  it('refuses what is not shaped like an IBAN', () => {
    expect(ibanProblem('12345678')).toMatch(/two letters/);
  });
});

describe('bank details in reminders', () => {
  it.each(REMINDER_LANGUAGES.flatMap((l) => TEMPLATE_KEYS.map((t) => [l, t] as const)))(
    'the %s %s template prints the IBAN, BIC and bank and passes the check',
    (lang, template) => {
      const d = renderReminder(template, lang, fields(SEPA));
      expect(d.body).toContain('IBAN DE89 3704 0044 0532 0130 00; BIC COBADEFFXXX');
      expect(d.body).toContain('Commerzbank');
      expect(checkReminder(d, fields(SEPA))).toEqual([]);
    },
  );

  it('prints an account number with its routing number for a US entity, in each language', () => {
    expect(bankDetailsText(ABA, 'en')).toBe(
      'Bank details: account number 000123456789; routing number (ABA) 021000021; bank JPMorgan Chase Bank',
    );
    expect(bankDetailsText(ABA, 'de')).toContain('Bankverbindung: Kontonummer 000123456789');
    expect(bankDetailsText(ABA, 'fr')).toContain('Coordonnées bancaires : numéro de compte 000123456789');
    expect(checkReminder(renderReminder('firm', 'en', fields(ABA)), fields(ABA))).toEqual([]);
  });

  it('puts the bank details before the closing, not after the signature', () => {
    const body = renderReminder('friendly', 'de', fields(SEPA)).body;
    expect(body.indexOf('Bankverbindung')).toBeLessThan(body.indexOf('Mit freundlichen Grüßen'));
  });

  it('prints the account on the note to the account manager', () => {
    const note = renderAccountManagerNote('final@45', fields(SEPA), null);
    expect(checkReminder(note, fields(SEPA))).toEqual([]);
  });

  it('refuses a draft that leaves the account out when the entity has one', () => {
    const without = renderReminder('friendly', 'en', fields(null));
    expect(checkReminder(without, fields(SEPA))).toEqual([
      `it does not name the account to pay into (${printIban(SEPA.iban!)})`,
    ]);
    expect(checkReminder(without, fields(null))).toEqual([]);
  });

  it('refuses a draft naming another IBAN than the entity has', () => {
    const d = renderReminder('friendly', 'en', fields(SEPA));
    const other = { ...d, body: `${d.body}\nOr pay to GB82 WEST 1234 5698 7654 32.` };
    expect(checkReminder(other, fields(SEPA))).toEqual([
      "it quotes the account GB82WEST12345698765432, which is not the payee's",
    ]);
    // With no account on file, every IBAN in a draft is someone else's.
    expect(checkReminder(other, fields(null))).toHaveLength(2);
  });
});

describe('storedBankAccount and sameBankAccount', () => {
  it('takes an IBAN and BIC typed with spaces or in lower case as the same account (property)', () => {
    const spaced = fc.tuple(fc.boolean(), fc.boolean(), fc.array(fc.nat(21), { maxLength: 5 }));
    fc.assert(
      fc.property(spaced, ([lower, lowerBic, cuts]) => {
        let iban = SEPA.iban!;
        for (const c of [...cuts].sort((a, b) => b - a)) iban = `${iban.slice(0, c)} ${iban.slice(c)}`;
        const typed = { iban: lower ? iban.toLowerCase() : iban, bic: lowerBic ? 'cobadeffxxx' : 'COBADEFFXXX' };
        const a = storedBankAccount({ ...typed, bankName: ' Commerzbank ' });
        expect(sameBankAccount(a, storedBankAccount(SEPA))).toBe(true);
      }),
    );
  });

  it('tells another account, a removal and a first account apart from the one on file', () => {
    const onFile = storedBankAccount(SEPA);
    expect(sameBankAccount(onFile, storedBankAccount({ ...SEPA, iban: 'NL91ABNA0417164300' }))).toBe(false);
    expect(sameBankAccount(onFile, storedBankAccount({ ...SEPA, bic: 'DEUTDEFF' }))).toBe(false);
    expect(sameBankAccount(onFile, null)).toBe(false);
    expect(sameBankAccount(null, onFile)).toBe(false);
    expect(sameBankAccount(null, null)).toBe(true);
  });
});

describe('maskedAccount', () => {
  it('shows an IBAN by its country, check digits and last four only', () => {
    expect(maskedAccount(storedBankAccount(SEPA))).toBe('IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank)');
    expect(maskedAccount(storedBankAccount(ABA))).toBe('account …6789 (routing 021000021, JPMorgan Chase Bank)');
    expect(maskedAccount(null)).toBe('none');
    expect(ibansIn(maskedAccount(storedBankAccount(SEPA)))).toEqual([]);
  });
});

describe('accountChangeText', () => {
  it('names an IBAN account by IBAN and an account number by number, never "account account"', () => {
    const [sepa, aba] = [storedBankAccount(SEPA), storedBankAccount(ABA)];
    expect(accountChangeText(null, sepa)).toBe('bank account none -> IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank)');
    expect(accountChangeText(aba, null)).toBe(
      'bank account number …6789 (routing 021000021, JPMorgan Chase Bank) -> none',
    );
    expect(accountChangeText(sepa, aba)).toBe(
      'bank account IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank) -> number …6789 (routing 021000021, JPMorgan Chase Bank)',
    );
    expect(accountChangeText(aba, sepa)).not.toMatch(/account account/);
  });
});

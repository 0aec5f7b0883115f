/**
 * A legal entity's bank account, as reminders print it: an IBAN (with BIC and bank name) or, where the
 * country has no IBAN, an account number with its routing code (a US routing number, a UK sort code...).
 * Pure: the IBAN check, the printed lines per language and the account a draft must name.
 */

export interface BankAccount {
  bankName: string | null;
  iban: string | null;
  bic: string | null;
  accountNumber: string | null;
  /** The bank's code for a non-IBAN account: ABA routing number (US), sort code (GB), BSB (AU), transit (CA). */
  routingCode: string | null;
  /** The entity's country: names the routing code (sort code, routing number...). */
  country: string;
}

/** An IBAN without spaces, upper case. */
export const compactIban = (iban: string): string => iban.replace(/\s+/g, '').toUpperCase();

/** An IBAN in groups of four, as printed on paper ("DE89 3704 0044 0532 0130 00"). */
export const printIban = (iban: string): string => compactIban(iban).replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Why an IBAN is not one, or null: two letters, two check digits, 11 to 30 letters or digits, and
 * the ISO 13616 checksum (the letters as numbers, the country and check digits moved to the end,
 * the whole mod 97 must be 1).
 * @example ibanProblem('DE89 3704 0044 0532 0130 00') // null
 * @example ibanProblem('DE88 3704 0044 0532 0130 00') // 'the IBAN checksum (mod 97) fails: ...'
 */
export function ibanProblem(iban: string): string | null {
  const s = compactIban(iban);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s))
    return 'an IBAN is two letters, two check digits and 11 to 30 letters or digits';
  const digits = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1 ? null : 'the IBAN checksum (mod 97) fails: a digit is wrong or two are swapped';
}

/** Why a BIC is not one, or null: 8 or 11 letters and digits (bank, country, location, branch). */
export const bicProblem = (bic: string): string | null =>
  /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic.replace(/\s+/g, '').toUpperCase())
    ? null
    : 'a BIC is 8 or 11 letters and digits (e.g. COBADEFFXXX)';

/** The identifier a reminder must print for the account: the IBAN grouped by four, or the account number. */
export function accountIdentifier(a: BankAccount): string | null {
  if (a.iban) return printIban(a.iban);
  return a.accountNumber?.trim() || null;
}

type Lang = 'en' | 'de' | 'fr';

const ROUTING_LABEL: Record<string, Record<Lang, string>> = {
  US: { en: 'routing number (ABA)', de: 'Routing-Nummer (ABA)', fr: 'numéro de routage (ABA)' },
  GB: { en: 'sort code', de: 'Sort Code', fr: 'sort code' },
  IE: { en: 'sort code', de: 'Sort Code', fr: 'sort code' },
  AU: { en: 'BSB', de: 'BSB', fr: 'BSB' },
  CA: { en: 'transit and institution number', de: 'Transit- und Institutsnummer', fr: 'numéro de transit' },
};
const LABELS: Record<Lang, { heading: string; account: string; bank: string; routing: string }> = {
  en: { heading: 'Bank details', account: 'account number', bank: 'bank', routing: 'bank code' },
  de: { heading: 'Bankverbindung', account: 'Kontonummer', bank: 'Bank', routing: 'Bankleitzahl' },
  fr: { heading: 'Coordonnées bancaires', account: 'numéro de compte', bank: 'banque', routing: 'code banque' },
};

/**
 * The paragraph a reminder prints for the account, in its language; null when the entity has none on file.
 * Separators are semicolons, never a comma between digits, so the check's figure scan reads no amount in it.
 * @example bankDetailsText({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: 'Commerzbank', ... }, 'en')
 *   // 'Bank details: IBAN DE89 3704 0044 0532 0130 00; BIC COBADEFFXXX; bank Commerzbank'
 */
export function bankDetailsText(a: BankAccount | null, lang: Lang): string | null {
  if (!a) return null;
  const id = accountIdentifier(a);
  if (!id) return null;
  const l = LABELS[lang];
  const parts = a.iban ? [`IBAN ${id}`] : [`${l.account} ${id}`];
  if (a.iban && a.bic) parts.push(`BIC ${a.bic.replace(/\s+/g, '').toUpperCase()}`);
  if (!a.iban && a.routingCode) parts.push(`${ROUTING_LABEL[a.country]?.[lang] ?? l.routing} ${a.routingCode.trim()}`);
  if (!a.iban && a.bic) parts.push(`SWIFT/BIC ${a.bic.replace(/\s+/g, '').toUpperCase()}`);
  if (a.bankName?.trim()) parts.push(`${l.bank} ${a.bankName.trim()}`);
  // French sets a space before the colon (as the French templates do).
  return `${l.heading}${lang === 'fr' ? ' : ' : ': '}${parts.join('; ')}`;
}

/** Every IBAN-shaped token in a text, compact (letters, check digits, then groups), to compare with the account's. */
export function ibansIn(text: string): string[] {
  return (text.match(/\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b/g) ?? []).map(compactIban);
}

/** A legal entity's account as stored and as policy binds it: IBAN and BIC compact, texts trimmed, absent as null. */
export interface StoredBankAccount {
  bankName: string | null;
  iban: string | null;
  bic: string | null;
  accountNumber: string | null;
  routingCode: string | null;
}

/** An account as a person typed it (spaces, lower case), before it is stored. */
export type BankAccountInput = { [K in keyof StoredBankAccount]?: string | null | undefined };

/**
 * The account as it is stored: the IBAN and BIC compact and upper case, texts trimmed, empty as null;
 * null (no account) stays null. Two accounts are the same change-wise when these are equal.
 * @example storedBankAccount({ iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeffxxx' })
 *   // { bankName: null, iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', accountNumber: null, routingCode: null }
 */
export function storedBankAccount(b: BankAccountInput | null): StoredBankAccount | null {
  if (!b) return null;
  return {
    bankName: b.bankName?.trim() || null,
    iban: b.iban ? compactIban(b.iban) : null,
    bic: b.bic ? b.bic.replace(/\s+/g, '').toUpperCase() : null,
    accountNumber: b.accountNumber?.trim() || null,
    routingCode: b.routingCode?.trim() || null,
  };
}

/** The stored account of a row's columns, or null when it holds neither an IBAN nor an account number. */
export const accountOfColumns = (row: StoredBankAccount): StoredBankAccount | null =>
  row.iban || row.accountNumber ? storedBankAccount(row) : null;

/** True when two stored accounts (or their absence) are the same: same IBAN or number, BIC, routing code and bank. */
export function sameBankAccount(a: StoredBankAccount | null, b: StoredBankAccount | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.iban === b.iban &&
    a.bic === b.bic &&
    a.accountNumber === b.accountNumber &&
    a.routingCode === b.routingCode &&
    a.bankName === b.bankName
  );
}

/**
 * An account for a sentence people and chat notices read (approval reasons, refusals): the IBAN's country and
 * check digits and its last four characters, or an account number's last four, with the BIC or routing code and
 * the bank; "none" for no account. The full account stays in the approval's arguments and the audit row.
 * @example maskedAccount({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: 'Commerzbank', ... })
 *   // 'IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank)'
 */
export const maskedAccount = (a: StoredBankAccount | null): string => masked(a, 'account ');

/**
 * An account change as approvers read it (the reason of legal_entity.change_bank_account and of a client's move to
 * another entity): "bank account", then each side masked, an account number as "number …6789" (not "account account").
 * @example accountChangeText(null, SEPA) // 'bank account none -> IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank)'
 * @example accountChangeText(ABA, null) // 'bank account number …6789 (routing 021000021, JPMorgan Chase Bank) -> none'
 */
export const accountChangeText = (before: StoredBankAccount | null, after: StoredBankAccount | null): string =>
  `bank account ${masked(before, 'number ')} -> ${masked(after, 'number ')}`;

function masked(a: StoredBankAccount | null, numberLabel: string): string {
  if (!a) return 'none';
  const id = a.iban
    ? `IBAN ${a.iban.slice(0, 4)} …${a.iban.slice(-4)}`
    : `${numberLabel}…${(a.accountNumber ?? '').replace(/[\s-]/g, '').slice(-4)}`;
  const extra = [
    a.bic ? `BIC ${a.bic}` : null,
    !a.iban && a.routingCode ? `routing ${a.routingCode}` : null,
    a.bankName,
  ].filter(Boolean);
  return extra.length ? `${id} (${extra.join(', ')})` : id;
}

import type { Role } from '../policy/roles.ts';
import { PERSON_READERS } from '../tools/people/person-view.ts';

/**
 * What never goes to a model, as tables (docs/agent.md, "What goes to a model"):
 * - secret: keys, tokens, passwords, webhook addresses. Always removed, from fields and from free text.
 * - cost: people's cost rates, cost amounts, margins. Withheld unless the person may see them.
 * - personal: client contacts and payers (names, e-mail, phone, postal address), bank account numbers, tax ids.
 *   Always withheld: the copilot sends nothing itself, so no answer needs them; a person reads them in the API.
 */
export type DataClass = 'secret' | 'cost' | 'personal';

/**
 * Roles that see people's cost rates: those the API lets read people (PERSON_READERS = WORK_READERS), never the
 * agent on its own. The same group, so the model never learns more than the person could read themselves.
 */
export const COST_VIEWERS: readonly Role[] = PERSON_READERS.filter((r) => r !== 'agent');

/** What a withheld field becomes: the model may say the value exists and is not shown, never what it is. */
export const WITHHELD: Record<Exclude<DataClass, 'secret'>, string> = {
  cost: '[withheld: cost data]',
  personal: '[withheld: personal data]',
};

/** A field rule matches a key once normalised: lower case, letters and digits only (`phone_number`: `phonenumber`). */
export interface FieldRule {
  class: DataClass;
  match: RegExp;
  why: string;
}

export const normaliseKey = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

export const FIELD_RULES: readonly FieldRule[] = [
  {
    class: 'secret',
    match: new RegExp(
      [
        ...['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'authorization', 'cookie'],
        ...['privatekey', 'signingkey', 'credential', 'connectionstring', 'databaseurl', 'webhook'],
        '^(pwd|signature|bearer)$',
      ].join('|'),
    ),
    why: 'keys, tokens, passwords and webhook addresses: removed with their key',
  },
  {
    class: 'cost',
    // The approval matrix's lowMargin rule is a threshold, policy every matrix reader sees, not a margin.
    match: /^(?!lowmargin$).*(cost|margin)/,
    why: "people's cost rates, cost amounts, margins",
  },
  {
    class: 'personal',
    match: /^(e?mail(address)?|\w*email|\w*phone\w*|tel|telephone\w*|mobile\w*|cell|fax\w*)$/,
    why: 'e-mail addresses and phone numbers, under any common name',
  },
  {
    class: 'personal',
    match: /^(\w*address|street\w*|addressline\d*|postcode|postalcode|zip|zipcode)$/,
    why: 'postal addresses',
  },
  {
    class: 'personal',
    match:
      /^(\w*contacts?|contact\w*|payer\w*|counterparty\w*|accountholder\w*|promisedby|firstname|lastname|fullname)$/,
    why: 'client contacts and payers, with their names',
  },
  {
    class: 'personal',
    match: /^(iban|bic|swift\w*|accountnumber|bankaccount\w*|sortcode|routingnumber)$/,
    why: 'bank account numbers',
  },
  {
    class: 'personal',
    match: /^(taxid|taxnumber|taxregistration\w*|vatid|vatnumber|vatno|vatregistration\w*|ein|ssn|nationalid)$/,
    why: 'tax and VAT ids, national ids',
  },
];

/** A text rule rewrites what matches inside any string: a field's value, a key, the person's message. */
export interface TextRule {
  class: DataClass;
  name: string;
  pattern: RegExp;
  replace: string;
  /** What any match contains (case aside): a string without it is not looked at again (TRIGGER). */
  hint: string;
  /** A text the rule masks, and what it becomes (redact.test.ts checks each). */
  example: [string, string];
}

const SECRET = '<secret>';

export const TEXT_RULES: readonly TextRule[] = [
  {
    class: 'secret',
    name: 'private key block',
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    replace: SECRET,
    hint: 'PRIVATE KEY',
    example: ['-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----', SECRET],
  },
  {
    class: 'secret',
    name: 'credentials in a URL',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi,
    replace: `$1${SECRET}@`,
    hint: '://',
    example: ['postgres://billing:pw123@db:5432/b', `postgres://${SECRET}@db:5432/b`],
  },
  {
    class: 'secret',
    name: 'Slack or Teams webhook address',
    pattern: /\bhttps?:\/\/(?:hooks\.slack\.com|[\w.-]*webhook\.office\.com|[\w.-]*\.logic\.azure\.com)\/\S+/gi,
    replace: SECRET,
    hint: '://',
    example: ['https://hooks.slack.com/services/T0/B0/x', SECRET],
  },
  {
    class: 'secret',
    name: 'bearer token',
    pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{8,}=*/g,
    replace: `Bearer ${SECRET}`,
    hint: 'Bearer',
    example: ['Bearer abcdefgh123', `Bearer ${SECRET}`],
  },
  {
    class: 'secret',
    name: 'basic credentials',
    pattern: /\b(Authorization:\s*Basic)\s+[A-Za-z0-9+/]+=*/gi,
    replace: `$1 ${SECRET}`,
    hint: 'Authorization',
    example: ['Authorization: Basic dXNlcjpwYXNz', `Authorization: Basic ${SECRET}`],
  },
  {
    class: 'secret',
    name: "the product's API key (bc_…)",
    pattern: /\bbc_[A-Za-z0-9_-]{8,}/g,
    replace: SECRET,
    hint: 'bc_',
    example: ['bc_Zk3v9QmX2LpR7tWc', SECRET],
  },
  {
    class: 'secret',
    name: 'provider keys and tokens (sk-…, xoxb-…, ghp_…, AKIA…, JWTs)',
    pattern: new RegExp(
      String.raw`\b(?:sk-[A-Za-z0-9_-]{8,}|xox[a-z]-[A-Za-z0-9-]{8,}|xapp-[A-Za-z0-9-]{8,}|` +
        String.raw`gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,})`,
      'g',
    ),
    replace: SECRET,
    hint: String.raw`sk-|xox|xapp-|gh[pousr]_|AKIA|eyJ`,
    example: ['xoxb-1234-abcdefgh', SECRET],
  },
  {
    class: 'secret',
    name: 'key=value or key: value secrets',
    pattern: new RegExp(
      String.raw`\b(password|passwd|pwd|secret|client_secret|api[-_ ]?key|access[-_]?token|refresh[-_]?token|token)` +
        String.raw`(\s*[=:]\s*)("?)[^\s&,;"']+`,
      'gi',
    ),
    replace: `$1$2$3${SECRET}`,
    hint: String.raw`password|passwd|pwd|secret|api[-_ ]?key|token`,
    example: ['api key: 12ab34cd', `api key: ${SECRET}`],
  },
  {
    class: 'secret',
    name: 'signed-URL signatures',
    pattern: /\b(sig|signature)=[^\s&"']+/gi,
    replace: `$1=${SECRET}`,
    hint: 'sig=|signature=',
    example: ['?sv=1&sig=AbC%2Fd', `?sv=1&sig=${SECRET}`],
  },
  {
    class: 'personal',
    name: 'e-mail address',
    pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
    replace: '<email>',
    hint: '@',
    example: ['ap@client.example', '<email>'],
  },
  {
    class: 'personal',
    name: 'IBAN, spaced or not, every group',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    replace: '<iban>',
    hint: String.raw`[A-Z]{2}\d{2}`,
    example: ['DE89 3704 0044 0532 0130 00', '<iban>'],
  },
  {
    class: 'personal',
    name: 'international phone number',
    pattern: /\+\d(?:[\s().-]{0,2}\d){7,14}\b/g,
    replace: '<phone>',
    hint: String.raw`\+\d`,
    example: ['+1 (555) 123-4567', '<phone>'],
  },
  {
    class: 'personal',
    name: 'a payer named in quotes',
    pattern: /\b(payer|counterparty)\s+"[^"]*"/gi,
    replace: '$1 "<name>"',
    hint: 'payer|counterparty',
    example: ['the payer "Jane Doe"', 'the payer "<name>"'],
  },
  {
    class: 'cost',
    name: 'a margin in words',
    pattern: /\bmargin\s+(?:of\s+)?-?\d+(?:\.\d+)?\s*%/gi,
    replace: 'margin <withheld>',
    hint: 'margin',
    example: ['margin 8.25% is low', 'margin <withheld> is low'],
  },
];

/** One test per string: a string holding no rule's hint is passed on as it is (most: codes, amounts, dates). */
export const TRIGGER = new RegExp(TEXT_RULES.map((r) => r.hint).join('|'), 'i');

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../policy/roles.ts';
import { forModel, maySeeCosts, messageForModel, replyForPeople } from './redact.ts';
import { TEXT_RULES, TRIGGER } from './redact-rules.ts';

const API_KEY = 'bc_Zk3v9QmX2LpR7tWcY1nB4hJ8sD6fG0aE5uI_oP-qKxM';
const IBAN_SPACED = 'DE89 3704 0044 0532 0130 00';
const IBAN_COMPACT = 'GB29NWBK60161331926819';

/** One tool answer as the copilot's tools give them, with everything the minimisation is about in it. */
const toolAnswer = () => ({
  id: 'inv-1',
  reference: 'TUS-2026-0007',
  status: 'posted',
  legalEntity: { code: 'LE-US', name: 'Test Advisory Inc.', taxRegistration: 'US12-3456789', address: '1 Main St' },
  client: {
    code: 'CL1',
    name: 'Client One GmbH',
    country: 'DE',
    taxId: 'DE123456789',
    vat_number: 'DE987654321',
    billingAddress: { street: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin' },
    contacts: [
      { name: 'Jane Doe', email: 'jane.doe@client-one.example', role: 'AP lead', phoneNumber: '+49 30 1234 5678' },
      { name: 'Max Muster', 'e-mail': 'max@client-one.example', mobile: '0170 1234567', phone_number: '030 999' },
    ],
    tel: '030 12345',
    accountManager: 'Carla Controller',
  },
  total: { amount: '1250.00', currency: 'EUR' },
  dueDate: '2026-10-31',
  lines: [
    {
      lineNo: 1,
      kind: 'time',
      description: 'Senior Consultant, 5.00 h at 240.00',
      amount: { amount: '1200.00', currency: 'EUR' },
      sources: [
        {
          type: 'time_entry',
          person: 'SAM',
          personName: 'Sam Senior',
          hours: '5.00',
          costRate: '110.00',
          cost_amount: '550.00',
        },
      ],
    },
  ],
  margin: { percent: '8.25' },
  exceptions: [{ id: 'ex-1', type: 'low_margin', message: 'margin 8.25% is below 15%' }],
  payments: [
    {
      id: 'pay-1',
      amount: { amount: '50.00', currency: 'EUR' },
      counterparty: { name: 'Jane Doe', account: IBAN_SPACED },
      payerName: 'Jane Doe',
      iban: IBAN_COMPACT,
      remittance: `TUS-2026-0007 from ${IBAN_COMPACT}, questions to jane.doe@client-one.example or +49 30 1234 5678`,
      reasons: ['the payer "Jane Doe" is CL1 (Client One GmbH)'],
    },
  ],
  promise: { promisedBy: 'J. Meyer, AP lead, by phone', promisedFor: '2026-11-30' },
  otherClient: { code: 'CL2', billingContacts: [], taxId: null },
  integration: {
    apiKey: API_KEY,
    'x-api-key': API_KEY,
    webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX',
    accessToken: 'opaque-access-token-value',
    password: 'hunter2-hunter2',
    note: `rotated: old key ${API_KEY}; Authorization: Bearer abcdefghijklmnop0123`,
  },
});

/** What remains of toolAnswer() for a role, exactly. */
const remains = (costs: boolean) => ({
  id: 'inv-1',
  reference: 'TUS-2026-0007',
  status: 'posted',
  legalEntity: {
    code: 'LE-US',
    name: 'Test Advisory Inc.',
    taxRegistration: '[withheld: personal data]',
    address: '[withheld: personal data]',
  },
  client: {
    code: 'CL1',
    name: 'Client One GmbH',
    country: 'DE',
    taxId: '[withheld: personal data]',
    vat_number: '[withheld: personal data]',
    billingAddress: '[withheld: personal data]',
    contacts: '[withheld: personal data, 2 items]',
    tel: '[withheld: personal data]',
    accountManager: 'Carla Controller',
  },
  total: { amount: '1250.00', currency: 'EUR' },
  dueDate: '2026-10-31',
  lines: [
    {
      lineNo: 1,
      kind: 'time',
      description: 'Senior Consultant, 5.00 h at 240.00',
      amount: { amount: '1200.00', currency: 'EUR' },
      sources: [
        {
          type: 'time_entry',
          person: 'SAM',
          personName: 'Sam Senior',
          hours: '5.00',
          costRate: costs ? '110.00' : '[withheld: cost data]',
          cost_amount: costs ? '550.00' : '[withheld: cost data]',
        },
      ],
    },
  ],
  margin: costs ? { percent: '8.25' } : '[withheld: cost data]',
  exceptions: [
    { id: 'ex-1', type: 'low_margin', message: costs ? 'margin 8.25% is below 15%' : 'margin <withheld> is below 15%' },
  ],
  payments: [
    {
      id: 'pay-1',
      amount: { amount: '50.00', currency: 'EUR' },
      counterparty: '[withheld: personal data]',
      payerName: '[withheld: personal data]',
      iban: '[withheld: personal data]',
      remittance: 'TUS-2026-0007 from <iban>, questions to <email> or <phone>',
      reasons: ['the payer "<name>" is CL1 (Client One GmbH)'],
    },
  ],
  promise: { promisedBy: '[withheld: personal data]', promisedFor: '2026-11-30' },
  otherClient: { code: 'CL2', billingContacts: [], taxId: null },
  integration: { note: 'rotated: old key <secret>; Authorization: Bearer <secret>' },
});

const COST_ROLES: readonly Role[] = ['billing_clerk', 'project_manager', 'controller', 'finance_admin', 'auditor'];

describe('forModel', () => {
  it.each(ROLES.map((r) => [r, COST_ROLES.includes(r)] as const))(
    'leaves for %s exactly the business data (cost data: %s)',
    (role, costs) => {
      expect(maySeeCosts([role])).toBe(costs);
      expect(JSON.parse(forModel(toolAnswer(), [role]))).toEqual(remains(costs));
    },
  );

  it('gives cost data when any of the person’s roles may see it, never for the agent role alone', () => {
    expect(JSON.parse(forModel({ costRate: '80.00' }, ['collector', 'controller']))).toEqual({ costRate: '80.00' });
    expect(JSON.parse(forModel({ costRate: '80.00' }, ['agent']))).toEqual({ costRate: '[withheld: cost data]' });
    expect(JSON.parse(forModel({ costRate: '80.00' }, []))).toEqual({ costRate: '[withheld: cost data]' });
  });

  it("keeps the approval matrix's low-margin threshold: policy, not a margin", () => {
    const matrix = { lowMargin: { belowPercent: '15', roles: ['controller'] } };
    expect(JSON.parse(forModel({ matrix }, ['account_manager']))).toEqual({ matrix });
  });

  it('masks keys as well as values, and writes bigints as strings', () => {
    expect(JSON.parse(forModel({ [`${IBAN_COMPACT}`]: 3n, 'a@b.example': 1 }, ['collector']))).toEqual({
      '<iban>': '3',
      '<email>': 1,
    });
  });

  it('cuts a long answer and says it was cut', () => {
    const out = forModel({ items: Array.from({ length: 500 }, (_, i) => ({ ref: `INV-${i}` })) }, ['collector'], 200);
    expect(out).toHaveLength(200 + '… (truncated: ask for fewer items or a page with offset)'.length);
    expect(out.endsWith('(truncated: ask for fewer items or a page with offset)')).toBe(true);
  });

  it('masks an IBAN whole, its last short group too', () => {
    expect(forModel(`IBAN ${IBAN_SPACED}.`, ['collector'])).toBe('"IBAN <iban>."');
    expect(forModel('NO93 8601 1117 947 and MT84MALT011000012345MTLCAST001S', ['collector'])).toBe(
      '"<iban> and <iban>"',
    );
  });

  it('leaves invoice numbers, PO numbers, amounts, dates and contract quotes alone', () => {
    const words =
      'TUS-2026-0007 for USD 1,250.00 (+1,250.00) was due 2026-10-31 on PO 4500012345; ' +
      '"net 30, late fees 1.5% per month"; Basic support, 12 h.';
    expect(JSON.parse(forModel({ text: words }, ['collector']))).toEqual({ text: words });
  });
});

/** Pieces of prose around what is hidden, never letters and digits next to it. */
const prose = fc.lorem({ maxCount: 4 });
const sep = fc.constantFrom(' ', ', ', ': ', ' (', '\n', ' "', '; ');
const b64url = (min: number, max: number) =>
  fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'.split('')),
    minLength: min,
    maxLength: max,
  });
const alnumUpper = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('')), minLength: n, maxLength: n });
const word = (min: number) =>
  fc.string({
    unit: fc.constantFrom(...'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'.split('')),
    minLength: min,
    maxLength: min + 20,
  });

/** An IBAN: country, check digits and 11 to 30 characters, compact or in groups of four. */
const iban = fc
  .tuple(
    fc.stringMatching(/^[A-Z]{2}$/),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 11, max: 30 }),
    fc.boolean(),
  )
  .chain(([cc, check, n, spaced]) =>
    alnumUpper(n).map((bban) => {
      const compact = `${cc}${String(check).padStart(2, '0')}${bban}`;
      const value = spaced ? compact.replace(/(.{4})(?=.)/g, '$1 ') : compact;
      return { value, hidden: value };
    }),
  );

/** A secret as it appears in text, and the part of it that must not reach a model. */
const secret = fc.oneof(
  b64url(43, 43).map((k) => ({ value: `bc_${k}`, hidden: k })),
  b64url(20, 48).map((k) => ({ value: `sk-proj-${k}`, hidden: k })),
  word(20).map((k) => ({ value: `xoxb-1234-${k}`, hidden: k })),
  word(16).map((k) => ({ value: `Bearer ${k}`, hidden: k })),
  fc.tuple(word(10), word(10), word(10)).map(([a, b, c]) => ({ value: `eyJ${a}.${b}.${c}`, hidden: `${a}.${b}.${c}` })),
  word(12).map((k) => ({ value: `postgres://billing:${k}@db.internal:5432/billing`, hidden: k })),
  fc
    .tuple(fc.constantFrom('password', 'api_key', 'apiKey', 'token', 'secret', 'client_secret'), word(12))
    .map(([n, k]) => ({ value: `${n}=${k}`, hidden: k })),
  word(24).map((k) => ({ value: `https://hooks.slack.com/services/T0/B0/${k}`, hidden: k })),
);

const needle = fc.oneof(iban, secret);

/** A tool answer with needles in nested free text, arrays and keys, under names that are business data. */
const answerWith = fc
  .tuple(fc.array(fc.tuple(prose, sep, needle, sep, prose), { minLength: 1, maxLength: 5 }), fc.nat(3))
  .map(([parts, shape]) => {
    const texts = parts.map(([a, s1, n, s2, b]) => `${a}${s1}${n.value}${s2}${b}`);
    const hidden = parts.map(([, , n]) => n.hidden);
    const value = [
      { note: texts.join(' ') },
      { details: { remittance: texts, lines: texts.map((t) => ({ description: t })) } },
      { items: [texts.map((t) => ({ message: t }))] },
      Object.fromEntries(texts.map((t, i) => [t, i])),
    ][shape];
    return { value, hidden };
  });

describe('forModel, for any secret and IBAN', () => {
  it('sends none of them to a model, wherever they are and whoever asks', () => {
    fc.assert(
      fc.property(answerWith, fc.constantFrom(...ROLES), ({ value, hidden }, role) => {
        const out = forModel(value, [role], 1_000_000);
        for (const h of hidden) expect(out).not.toContain(h);
      }),
      { numRuns: 400 },
    );
  });

  it('drops any value under a secret-looking key, in any spelling', () => {
    const key = fc.constantFrom(
      'apiKey',
      'API_KEY',
      'x-api-key',
      'clientSecret',
      'signing_secret',
      'webhookUrl',
      'slackWebhook',
      'accessToken',
      'refresh_token',
      'Authorization',
      'password',
      'dbPassword',
      'privateKey',
      'credentials',
      'connectionString',
      'DATABASE_URL',
      'cookie',
    );
    fc.assert(
      fc.property(key, word(12), fc.constantFrom(...ROLES), (k, v, role) => {
        const out = forModel({ ok: 1, nested: [{ [k]: v }] }, [role]);
        expect(out).toBe('{"ok":1,"nested":[{}]}');
      }),
    );
  });
});

describe('TEXT_RULES', () => {
  it.each(TEXT_RULES.map((r) => [r.name, r] as const))('masks its example: %s', (_name, rule) => {
    const [text, masked] = rule.example;
    expect(TRIGGER.test(text)).toBe(true);
    expect(new RegExp(rule.hint, 'i').test(text)).toBe(true);
    expect(text.replace(rule.pattern, rule.replace)).toBe(masked);
    expect(messageForModel(`see ${text} here`, [])).toBe(`see ${masked} here`);
  });
});

describe('messageForModel', () => {
  it('masks secrets and personal data in what the person wrote, and margins unless they may see costs', () => {
    const text =
      `key ${API_KEY}, call +49 30 1234 5678, IBAN ${IBAN_SPACED}, ` +
      'mail ap@client.example; margin 8% on TUS-2026-0007';
    expect(messageForModel(text, ['collector'])).toBe(
      'key <secret>, call <phone>, IBAN <iban>, mail <email>; margin <withheld> on TUS-2026-0007',
    );
    expect(messageForModel(text, ['controller'])).toBe(
      'key <secret>, call <phone>, IBAN <iban>, mail <email>; margin 8% on TUS-2026-0007',
    );
  });
});

describe('replyForPeople', () => {
  it('masks keys, e-mail addresses, IBANs and phone numbers a model writes, and leaves the rest', () => {
    const reply =
      'TUS-2026-0007 (EUR 1,250.00) is overdue; write to jane.doe@client-one.example, ' +
      `key sk-live-0123456789abcdef, IBAN ${IBAN_SPACED}, phone +49 30 1234 5678.`;
    expect(replyForPeople(reply)).toBe(
      'TUS-2026-0007 (EUR 1,250.00) is overdue; write to ***@***, key sk-***, IBAN <iban>, phone <phone>.',
    );
  });

  it('leaves margins in a reply: the model only saw what the person may see', () => {
    expect(replyForPeople('margin 8.25% is below 15%')).toBe('margin 8.25% is below 15%');
  });
});

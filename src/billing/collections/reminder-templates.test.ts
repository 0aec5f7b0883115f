import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../shared/money.ts';
import {
  checkReminder,
  LATE_FEE_TERM,
  ledgerAmount,
  renderReminder,
  REMINDER_LANGUAGES,
  type ReminderFields,
  TEMPLATE_KEYS,
} from './reminder-templates.ts';

const fields = (over: Partial<ReminderFields> = {}): ReminderFields => ({
  clientName: 'Acme GmbH',
  number: 'INV-2026-000123',
  amount: money(125_000n, 'EUR'),
  dueDate: '2026-03-01',
  daysPastDue: 15,
  payee: 'Firm Europe BV',
  ...over,
});

describe('renderReminder', () => {
  it.each(REMINDER_LANGUAGES.flatMap((l) => TEMPLATE_KEYS.map((s) => [l, s] as const)))(
    'renders %s %s with every field resolved and passes the check',
    (lang, template) => {
      const d = renderReminder(template, lang, fields());
      expect(checkReminder(d, fields())).toEqual([]);
      expect(d.body).toContain('1250.00 EUR');
    },
  );

  it('writes the courtesy note before the due date as falling due, never as past due, in each language', () => {
    const before = fields({ dueDate: '2026-03-04', daysPastDue: -3 });
    const said = {
      en: 'falls due on 2026-03-04',
      de: 'wird am 2026-03-04 fällig',
      fr: 'arrive à échéance le 2026-03-04',
    };
    for (const lang of REMINDER_LANGUAGES) {
      const d = renderReminder('courtesy', lang, before);
      expect(d.language).toBe(lang);
      expect(d.body).toContain(said[lang]);
      expect(`${d.subject}\n${d.body}`).not.toMatch(/was due|overdue|war am|überfällig|était due|retard|-3/);
      expect(checkReminder(d, before)).toEqual([]);
    }
  });

  it('the template key selects the text, whatever the tone of the step', () => {
    expect(renderReminder('courtesy', 'en', fields()).subject).toBe('Invoice INV-2026-000123 falls due on 2026-03-01');
    expect(renderReminder('friendly', 'en', fields()).body).toContain('was due on 2026-03-01');
    // The firm's own tasks are English whatever the client's language.
    expect(renderReminder('call', 'de', fields())).toMatchObject({
      language: 'en',
      subject: 'Call: invoice INV-2026-000123 of Acme GmbH',
    });
  });

  it('writes in the client language and falls back to English', () => {
    expect(renderReminder('firm', 'de', fields()).subject).toBe('Rechnung INV-2026-000123: 15 Tage überfällig');
    expect(renderReminder('firm', 'fr-CH', fields()).language).toBe('fr');
    expect(renderReminder('firm', 'nl', fields()).language).toBe('en');
  });

  it('renders any amount as the ledger has it, in the currency minor digits (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.constantFrom('USD', 'JPY', 'BHD', 'EUR'),
        fc.constantFrom(...REMINDER_LANGUAGES),
        (minor, cur, lang) => {
          const f = fields({ amount: money(minor, cur) });
          const d = renderReminder('final', lang, f);
          return d.body.includes(ledgerAmount(f.amount)) && checkReminder(d, f).length === 0;
        },
      ),
    );
  });
});

describe('checkReminder', () => {
  const good = () => renderReminder('firm', 'en', fields());

  it('refuses a draft quoting an amount that differs from the ledger', () => {
    const d = good();
    expect(checkReminder({ ...d, body: `${d.body}\nPlease pay 1350.00 EUR.` }, fields())).toEqual([
      'it quotes 1350.00, which is not the open amount 1250.00 EUR',
    ]);
  });

  it('refuses an amount rendered as a float', () => {
    const d = good();
    const body = d.body.replace('1250.00 EUR', '1250.5 EUR');
    expect(checkReminder({ ...d, body }, fields())).toContain(
      'it quotes 1250.5, which is not the open amount 1250.00 EUR',
    );
    expect(checkReminder({ ...d, body: `${d.body} (0.30000000000000004)` }, fields()).join()).toMatch(
      /quotes 0\.30000000000000004/,
    );
  });

  it('refuses unresolved merge fields and a draft that leaves out how to pay', () => {
    expect(checkReminder({ subject: 'Invoice {{number}}', body: good().body }, fields())).toEqual([
      'merge fields not resolved: {{number}}',
    ]);
    const d = good();
    expect(checkReminder({ ...d, body: d.body.replaceAll('Firm Europe BV', 'us') }, fields())).toEqual([
      'it does not name the payee (Firm Europe BV)',
    ]);
  });

  it('refuses threats policy does not allow, in any language', () => {
    const d = good();
    expect(checkReminder({ ...d, body: `${d.body}\nOtherwise we will take legal action.` }, fields())).toEqual([
      'it says "legal action", which policy does not allow in a reminder',
    ]);
    expect(checkReminder({ ...d, body: `${d.body}\nSonst Inkasso.` }, fields()).join()).toMatch(/Inkasso/);
  });
});

describe('the late-fee term of a final notice', () => {
  it.each(REMINDER_LANGUAGES.map((l) => [l]))(
    'states the contract term in %s, with no figure, and passes the check only where the step carries the fee',
    (lang) => {
      const d = renderReminder('final', lang, fields(), { lateFeeTerm: true });
      expect(d.body).toContain(LATE_FEE_TERM[lang]);
      expect(d.body.indexOf(LATE_FEE_TERM[lang])).toBeLessThan(d.body.lastIndexOf('Firm Europe BV'));
      expect(checkReminder(d, fields(), { lateFeeTerm: true })).toEqual([]);
      // The same words on a step without a fee are a threat policy does not allow.
      expect(checkReminder(d, fields()).join()).toMatch(/which policy does not allow/);
      expect(renderReminder('final', lang, fields()).body).not.toContain(LATE_FEE_TERM[lang]);
    },
  );

  it('refuses a rate or a fee amount even where the term is allowed', () => {
    const d = renderReminder('final', 'en', fields(), { lateFeeTerm: true });
    expect(
      checkReminder({ ...d, body: `${d.body}\nThe late fee is 2% a month.` }, fields(), { lateFeeTerm: true }),
    ).toEqual(['it quotes a rate (2%), which no reminder states']);
    expect(
      checkReminder({ ...d, body: `${d.body}\nA late fee of 18.75 EUR applies.` }, fields(), { lateFeeTerm: true }),
    ).toEqual(['it quotes 18.75, which is not the open amount 1250.00 EUR']);
    expect(checkReminder({ ...d, body: `${d.body}\nOr we go to court.` }, fields(), { lateFeeTerm: true })).toEqual([
      'it says "court", which policy does not allow in a reminder',
    ]);
  });
});

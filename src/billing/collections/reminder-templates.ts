import { minorUnits } from '../../shared/currency.ts';
import { format, type Money } from '../../shared/money.ts';
import { accountIdentifier, bankDetailsText, compactIban, ibansIn, type BankAccount } from './bank-account.ts';

/** Languages reminders are written in; a client in another language gets English. */
export const REMINDER_LANGUAGES = ['en', 'de', 'fr'] as const;
export type ReminderLanguage = (typeof REMINDER_LANGUAGES)[number];

/** The merge fields every template may use; each must resolve to a non-empty value. */
export interface ReminderFields {
  clientName: string;
  number: string;
  /** The open amount from the ledger. */
  amount: Money;
  dueDate: string;
  daysPastDue: number;
  /** Who to pay: the issuing legal entity's name. */
  payee: string;
  /** The issuing entity's bank account; when it has one, every draft prints it and the check requires it. */
  bank?: BankAccount | null;
}

interface Template {
  subject: string;
  body: string;
}

/**
 * The template keys a sequence step may name (`template`; default the step's name): courtesy (before
 * the due date: "falls due on"), friendly, firm, final, and the firm's own tasks escalate and call.
 */
export const TEMPLATE_KEYS = ['courtesy', 'friendly', 'firm', 'final', 'escalate', 'call'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/**
 * Templates per language and key. Amounts are written as the ledger has them ("1250.00 USD") in
 * every language, so the check can compare them exactly. The escalation and the call are tasks for
 * the collector (the escalation also a note to the account manager), in English.
 */
const TEMPLATES: Record<ReminderLanguage, Partial<Record<TemplateKey, Template>>> = {
  en: {
    courtesy: {
      subject: 'Invoice {{number}} falls due on {{dueDate}}',
      body: 'Dear {{clientName}},\n\na courtesy note: our invoice {{number}} of {{amount}} falls due on {{dueDate}}. If you have scheduled the payment already, thank you. Otherwise please pay by bank transfer to {{payee}}, quoting {{number}}.\n\nKind regards,\n{{payee}}',
    },
    friendly: {
      subject: 'Invoice {{number}}: a friendly reminder',
      body: 'Dear {{clientName}},\n\nour invoice {{number}} of {{amount}} was due on {{dueDate}}. If you have paid it already, thank you and please ignore this note. Otherwise please pay by bank transfer to {{payee}}, quoting {{number}}.\n\nKind regards,\n{{payee}}',
    },
    firm: {
      subject: 'Invoice {{number}} is {{daysPastDue}} days overdue',
      body: 'Dear {{clientName}},\n\ninvoice {{number}} of {{amount}}, due on {{dueDate}}, is now {{daysPastDue}} days overdue. Please pay it within 7 days by bank transfer to {{payee}}, quoting {{number}}, or tell us what stands in the way.\n\nRegards,\n{{payee}}',
    },
    final: {
      subject: 'Final reminder: invoice {{number}}',
      body: 'Dear {{clientName}},\n\ndespite our reminders, invoice {{number}} of {{amount}}, due on {{dueDate}}, is still unpaid ({{daysPastDue}} days overdue). Please pay by bank transfer to {{payee}}, quoting {{number}}, within 7 days. If you dispute the invoice, tell us now so we can resolve it.\n\nRegards,\n{{payee}}',
    },
    escalate: {
      subject: 'Escalation: invoice {{number}} of {{clientName}}',
      body: 'Invoice {{number}} of {{clientName}}, {{amount}}, due on {{dueDate}}, is {{daysPastDue}} days overdue after the final reminder. Call the client and agree a payment date with the account manager; payment goes to {{payee}}, quoting {{number}}.',
    },
    call: {
      subject: 'Call: invoice {{number}} of {{clientName}}',
      body: "Invoice {{number}} of {{clientName}}, {{amount}}, due on {{dueDate}}, is {{daysPastDue}} days overdue. Call the client's accounts payable and agree a payment date; payment goes to {{payee}}, quoting {{number}}.",
    },
  },
  de: {
    courtesy: {
      subject: 'Rechnung {{number}}: fällig am {{dueDate}}',
      body: 'Sehr geehrte Damen und Herren ({{clientName}}),\n\nzur Erinnerung: unsere Rechnung {{number}} über {{amount}} wird am {{dueDate}} fällig. Falls Sie die Zahlung bereits veranlasst haben, danken wir Ihnen. Andernfalls überweisen Sie bitte an {{payee}} unter Angabe von {{number}}.\n\nMit freundlichen Grüßen\n{{payee}}',
    },
    friendly: {
      subject: 'Rechnung {{number}}: freundliche Erinnerung',
      body: 'Sehr geehrte Damen und Herren ({{clientName}}),\n\nunsere Rechnung {{number}} über {{amount}} war am {{dueDate}} fällig. Falls Sie bereits gezahlt haben, danken wir Ihnen. Andernfalls überweisen Sie bitte an {{payee}} unter Angabe von {{number}}.\n\nMit freundlichen Grüßen\n{{payee}}',
    },
    firm: {
      subject: 'Rechnung {{number}}: {{daysPastDue}} Tage überfällig',
      body: 'Sehr geehrte Damen und Herren ({{clientName}}),\n\ndie Rechnung {{number}} über {{amount}}, fällig am {{dueDate}}, ist seit {{daysPastDue}} Tagen überfällig. Bitte überweisen Sie den Betrag innerhalb von 7 Tagen an {{payee}} unter Angabe von {{number}}, oder teilen Sie uns mit, was der Zahlung entgegensteht.\n\nMit freundlichen Grüßen\n{{payee}}',
    },
    final: {
      subject: 'Letzte Erinnerung: Rechnung {{number}}',
      body: 'Sehr geehrte Damen und Herren ({{clientName}}),\n\ntrotz unserer Erinnerungen ist die Rechnung {{number}} über {{amount}}, fällig am {{dueDate}}, noch offen ({{daysPastDue}} Tage überfällig). Bitte überweisen Sie innerhalb von 7 Tagen an {{payee}} unter Angabe von {{number}}. Falls Sie die Rechnung beanstanden, sagen Sie es uns bitte jetzt.\n\nMit freundlichen Grüßen\n{{payee}}',
    },
  },
  fr: {
    courtesy: {
      subject: 'Facture {{number}} : échéance le {{dueDate}}',
      body: 'Madame, Monsieur ({{clientName}}),\n\npour mémoire, notre facture {{number}} de {{amount}} arrive à échéance le {{dueDate}}. Si vous avez déjà programmé le paiement, merci. Sinon, merci de payer par virement à {{payee}} en indiquant {{number}}.\n\nCordialement,\n{{payee}}',
    },
    friendly: {
      subject: 'Facture {{number}} : rappel amical',
      body: "Madame, Monsieur ({{clientName}}),\n\nnotre facture {{number}} de {{amount}} était due le {{dueDate}}. Si vous l'avez déjà réglée, merci et ne tenez pas compte de ce message. Sinon, merci de payer par virement à {{payee}} en indiquant {{number}}.\n\nCordialement,\n{{payee}}",
    },
    firm: {
      subject: 'Facture {{number}} : {{daysPastDue}} jours de retard',
      body: 'Madame, Monsieur ({{clientName}}),\n\nla facture {{number}} de {{amount}}, échue le {{dueDate}}, a {{daysPastDue}} jours de retard. Merci de la régler sous 7 jours par virement à {{payee}} en indiquant {{number}}, ou de nous dire ce qui bloque le paiement.\n\nCordialement,\n{{payee}}',
    },
    final: {
      subject: 'Dernier rappel : facture {{number}}',
      body: 'Madame, Monsieur ({{clientName}}),\n\nmalgré nos rappels, la facture {{number}} de {{amount}}, échue le {{dueDate}}, reste impayée ({{daysPastDue}} jours de retard). Merci de la régler sous 7 jours par virement à {{payee}} en indiquant {{number}}. Si vous contestez la facture, dites-le-nous maintenant.\n\nCordialement,\n{{payee}}',
    },
  },
};

/** The amount as the ledger has it: "1250.00 USD" (the currency's minor digits, never a float). */
export const ledgerAmount = (m: Money): string => `${format(m)} ${m.currency}`;

export const isTemplateKey = (k: string): k is TemplateKey => (TEMPLATE_KEYS as readonly string[]).includes(k);

/** The language of a template for a client's language code (en when there is none for it or the key). */
export function templateLanguage(language: string, template: TemplateKey): ReminderLanguage {
  const l = language.slice(0, 2).toLowerCase() as ReminderLanguage;
  return REMINDER_LANGUAGES.includes(l) && TEMPLATES[l][template] ? l : 'en';
}

/** A rendered draft: subject and body, before the check. */
export interface ReminderDraft {
  language: ReminderLanguage;
  subject: string;
  body: string;
}

/**
 * The sentence a final notice adds when its step carries a late fee the contract provides for: the
 * contract's term, never an amount or a rate (the fee is billed on an invoice of its own, once an
 * account manager approves it, so no figure of it exists when the notice goes out).
 */
export const LATE_FEE_TERM: Record<ReminderLanguage, string> = {
  en: 'Under the terms of your contract, a late fee may be charged on overdue amounts; it would be invoiced separately.',
  de: 'Gemäß Ihrem Vertrag kann auf überfällige Beträge eine Verzugsgebühr berechnet werden; sie würde gesondert in Rechnung gestellt.',
  fr: 'Conformément à votre contrat, des pénalités de retard peuvent être appliquées aux montants échus ; elles seraient facturées séparément.',
};

/** What a draft may say beyond the plain reminder: the contract's late-fee term, on a final notice whose step carries a fee. */
export interface ReminderAllowance {
  lateFeeTerm?: boolean;
  /** E-mail addresses the program itself wrote in (the collector's, on a note to the account manager). */
  addresses?: readonly string[];
}

/**
 * Fills a template (the step's `template` key, else its name) in the client's language; an unknown
 * merge field stays as {{name}} (the check refuses it). finishDraft adds the late-fee term (with
 * `lateFeeTerm`) and the bank details.
 */
export function renderReminder(
  template: TemplateKey,
  language: string,
  f: ReminderFields,
  allow: ReminderAllowance = {},
): ReminderDraft {
  const lang = templateLanguage(language, template);
  const t = TEMPLATES[lang][template]!;
  const values: Record<string, string> = {
    clientName: f.clientName,
    number: f.number,
    amount: ledgerAmount(f.amount),
    dueDate: f.dueDate,
    daysPastDue: String(f.daysPastDue),
    payee: f.payee,
  };
  const fill = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (whole, k: string) => values[k] ?? whole);
  return finishDraft({ language: lang, subject: fill(t.subject), body: fill(t.body) }, f, allow);
}

/**
 * What the program adds to every client draft, a template's or a model's, before the check: the contract's
 * late-fee term when the step carries one, then the entity's bank details, each before the closing.
 */
export function finishDraft(draft: ReminderDraft, f: ReminderFields, allow: ReminderAllowance = {}): ReminderDraft {
  const d = allow.lateFeeTerm ? { ...draft, body: withTerm(draft.body, LATE_FEE_TERM[draft.language]) } : draft;
  return withBankDetails(d, f.bank);
}

/**
 * The draft with the entity's bank details as their own paragraph before the closing, in the draft's
 * language (the template's and a model's alike: a model never writes the account, this adds it). No
 * account on file: the draft as it was.
 */
export function withBankDetails(draft: ReminderDraft, bank: BankAccount | null | undefined): ReminderDraft {
  const text = bankDetailsText(bank ?? null, draft.language);
  return text ? { ...draft, body: withTerm(draft.body, text) } : draft;
}

/**
 * The note to the client's account manager when dunning escalates to them (a step with the
 * account_manager channel, or the escalate step): English, for the firm's own people, and checked
 * like every draft (it quotes the ledger amount and nothing else).
 */
export function renderAccountManagerNote(
  step: string,
  f: ReminderFields,
  collector: string | null,
): { subject: string; body: string } {
  const amount = ledgerAmount(f.amount);
  return {
    subject: `Collections: invoice ${f.number} of ${f.clientName} escalates to you`,
    body:
      `Invoice ${f.number} of ${f.clientName}, ${amount}, due on ${f.dueDate}, is ${f.daysPastDue} days overdue and its ` +
      `reminders have reached the ${step} step. As the account manager, please speak to the client and agree a payment ` +
      `date${collector ? ` with the collector (${collector})` : ''}; payment goes to ${f.payee}, quoting ${f.number}.` +
      (bankDetailsText(f.bank ?? null, 'en') ? `\n\n${bankDetailsText(f.bank ?? null, 'en')}` : ''),
  };
}

/** The term goes before the closing (the last paragraph: regards and the payee). */
function withTerm(body: string, term: string): string {
  const cut = body.lastIndexOf('\n\n');
  return cut < 0 ? `${body}\n\n${term}` : `${body.slice(0, cut)}\n\n${term}${body.slice(cut)}`;
}

/** Words no reminder may use: policy allows no threat of legal action or collection agencies in a reminder. */
const THREATS = [
  /legal action/i,
  /\bcourt\b/i,
  /collection agency/i,
  /\blawyer/i,
  /Inkasso/i,
  /Gericht/i,
  /rechtliche Schritte/i,
  /Anwalt/i,
  /huissier/i,
  /tribunal/i,
  /poursuites/i,
  /avocat/i,
];
/** Fees and interest: only a final notice whose step carries the contract's late fee may name one (as a term, with no figure). */
const FEE_WORDS = [
  /late fee/i,
  /\binterest\b/i,
  /Mahngebühr/i,
  /Verzugsgebühr/i,
  /Verzugszins/i,
  /pénalité/i,
  /intérêts de retard/i,
];

/**
 * The deterministic check every draft passes before it can be queued, whoever wrote it (a template
 * or a model): every merge field resolved; it names the invoice number, the open amount exactly as
 * the ledger has it, the due date and whom to pay; it quotes no other figure with decimals (an
 * amount that differs from the ledger, or a float like 1250.5 or 0.30000000000000004); it threatens
 * nothing policy does not allow (no legal action or agency ever; a fee or interest only where `allow.lateFeeTerm`
 * says the step carries the contract's late fee, and then still no figure but the open amount). Returns the
 * problems; empty means it may be sent.
 * @example checkReminder({ subject: 'x', body: 'invoice A-1 of 1250.00 USD ...' }, fields) // []
 */
export function checkReminder(
  draft: { subject: string; body: string },
  f: ReminderFields,
  allow: ReminderAllowance = {},
): string[] {
  const text = `${draft.subject}\n${draft.body}`;
  const problems: string[] = [];
  const left = text.match(/\{\{[^}]*\}\}|\{\{|\}\}/g);
  if (left) problems.push(`merge fields not resolved: ${[...new Set(left)].join(', ')}`);
  const amount = ledgerAmount(f.amount);
  if (!new RegExp(`^\\d+(\\.\\d{${minorUnits(f.amount.currency)}})?$`).test(format(f.amount)))
    problems.push("the amount is not in the currency's minor digits");
  for (const [what, value] of [
    ['invoice number', f.number],
    ['amount', amount],
    ['due date', f.dueDate],
    ['payee', f.payee],
  ] as const) {
    if (!value.trim()) problems.push(`the ${what} is empty`);
    else if (!text.includes(value)) problems.push(`it does not name the ${what} (${value})`);
  }
  // How to pay names the account when the entity has one; an IBAN that is not the entity's is someone else's.
  const account = f.bank ? accountIdentifier(f.bank) : null;
  const flat = text.replace(/\s+/g, '');
  if (account && !flat.includes(account.replace(/\s+/g, '')))
    problems.push(`it does not name the account to pay into (${account})`);
  const own = f.bank?.iban ? compactIban(f.bank.iban) : null;
  for (const x of new Set(ibansIn(text)))
    if (x !== own) problems.push(`it quotes the account ${x}, which is not the payee's`);
  // Any figure with a decimal separator is an amount: it must be the ledger's, digit for digit.
  const ledger = format(f.amount);
  const figures = (
    text
      .replace(/\d{4}-\d{2}-\d{2}/g, ' ')
      .replace(new RegExp(escape(f.number), 'g'), ' ')
      .match(/\d[\d' ]*[.,]\d+(?:[.,]\d+)*/g) ?? []
  ).map((x) => x.trim());
  for (const x of new Set(figures))
    if (x !== ledger) problems.push(`it quotes ${x}, which is not the open amount ${amount}`);
  // A rate is a figure of a fee (or of interest): never stated, even where the term may be.
  for (const x of new Set(text.match(/\d+(?:[.,]\d+)?\s?%/g) ?? []))
    problems.push(`it quotes a rate (${x}), which no reminder states`);
  // Where to pay is the entity's account only: a link or an address in a reminder is a way to pay someone else.
  for (const x of new Set(text.match(/\bhttps?:\/\/\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi) ?? []))
    if (!allow.addresses?.includes(x))
      problems.push(`it contains ${x}, and no reminder carries a link or an e-mail address`);
  for (const t of allow.lateFeeTerm ? THREATS : [...THREATS, ...FEE_WORDS]) {
    const m = t.exec(text);
    if (m) problems.push(`it says "${m[0]}", which policy does not allow in a reminder`);
  }
  return problems;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

import { minorUnits } from '../../shared/currency.ts';
import { format, type Money } from '../../shared/money.ts';

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
}

/**
 * Fills a template (the step's `template` key, else its name) in the client's language; an unknown
 * merge field stays as {{name}} (the check refuses it). With `lateFeeTerm`, the body states the
 * contract's late-fee term before the closing.
 */
export function renderReminder(
  template: TemplateKey,
  language: string,
  f: ReminderFields,
  allow: ReminderAllowance = {},
): ReminderDraft {
  const lang = templateLanguage(language, template);
  const base = TEMPLATES[lang][template]!;
  const t = allow.lateFeeTerm ? { ...base, body: withTerm(base.body, LATE_FEE_TERM[lang]) } : base;
  const values: Record<string, string> = {
    clientName: f.clientName,
    number: f.number,
    amount: ledgerAmount(f.amount),
    dueDate: f.dueDate,
    daysPastDue: String(f.daysPastDue),
    payee: f.payee,
  };
  const fill = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (whole, k: string) => values[k] ?? whole);
  return { language: lang, subject: fill(t.subject), body: fill(t.body) };
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
      `date${collector ? ` with the collector (${collector})` : ''}; payment goes to ${f.payee}, quoting ${f.number}.`,
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
  for (const t of allow.lateFeeTerm ? THREATS : [...THREATS, ...FEE_WORDS]) {
    const m = t.exec(text);
    if (m) problems.push(`it says "${m[0]}", which policy does not allow in a reminder`);
  }
  return problems;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

import type { Conversation, ConversationTurn } from './conversations.ts';

/** A language the copilot answers in. */
export type ReplyLanguage = 'en' | 'de' | 'fr';

/** A turn of the language eval: the calls as in the other conversations, plus the reply's language and figures. */
export interface LanguageTurn extends ConversationTurn {
  /** The language the reply must be written in. */
  lang: ReplyLanguage;
  /** Amounts the reply must carry, formatted for `lang` (placeholders: {LATE_OPEN} with {LATE_CCY}…). */
  amounts?: { amount: string; currency: string }[];
  /** Dates (ISO placeholders, {LATE_DUE}) the reply must carry, formatted for `lang`. */
  dates?: string[];
}

export interface LanguageConversation extends Conversation {
  turns: LanguageTurn[];
}

const LATE_OPEN = { amount: '{LATE_OPEN}', currency: '{LATE_CCY}' };
const LATE_TOTAL = { amount: '{LATE_TOTAL}', currency: '{LATE_CCY}' };
const OVERDUE = [{ tool: 'invoices_list', args: { overdue: 'true', client: '{LATE_CLIENT}' } }];
const NO_SEND = ['collections_send_reminders', 'reminders_deliver'];
const NO_DECIDE = ['invoices_approve', 'approvals_grant'];

/**
 * The held-out language part of the copilot eval (`npm run eval:agent -- --languages`), written on 2026-12-06
 * 21:05 UTC and committed before the router's replies were translated (issue 13: reply in the asker's language).
 * Never tuned on: scored once before the change (every reply English) and once after.
 *
 * Each turn is scored three ways: its calls (as the other conversations), the reply's language (a function-word
 * count written here, independent of the router's own detector: harness `replyLanguageOf`), and its figures: the
 * amounts and dates named must appear formatted for the language (en `1,234.56` and 2027-01-04; de `1.234,56` and
 * 04.01.2027; fr `1 234,56` with a space, no-break space or narrow no-break space, and 04/01/2027), with the
 * currency code beside the number. Identifiers (invoice numbers, client codes) stay as they are.
 *
 * Not blind to the author: the session that wrote these then changed the router. Blind to the tuning: no template is
 * changed while looking at how these turns score; misses are printed only with `--misses`, after the change.
 *
 * Judgement calls: a message with no language signal ("{LATE}?") keeps the thread's language; a message in
 * another language switches it; the calls expected are those of the English twin (the router's reading is not
 * what this part measures, but a wrong call fails the turn). Placeholders as in conversations.ts, plus {LATE_OPEN},
 * {LATE_TOTAL}, {LATE_CCY} and {LATE_DUE}: the open amount, total, currency and due date of {LATE}.
 */
export const HELDOUT_LANGUAGES: LanguageConversation[] = [
  {
    id: 'hl-de-overdue-first-bare-ref',
    role: 'collector',
    turns: [
      {
        text: 'Welche Rechnungen von {LATE_CLIENT} sind überfällig?',
        expect: OVERDUE,
        lang: 'de',
        amounts: [LATE_OPEN],
        dates: ['{LATE_DUE}'],
      },
      {
        text: 'Zeig mir die erste',
        expect: [{ tool: 'invoices_show', args: { ref: '{LATE}' } }],
        lang: 'de',
        amounts: [LATE_TOTAL],
        dates: ['{LATE_DUE}'],
      },
      { text: '{LATE}?', expect: [{ tool: 'invoices_show', args: { ref: '{LATE}' } }], lang: 'de' },
      {
        text: 'Entwirf bitte eine Mahnung für den Kunden',
        expect: OVERDUE,
        mustNotWrite: NO_SEND,
        lang: 'de',
        amounts: [LATE_OPEN],
      },
    ],
  },
  {
    id: 'hl-fr-overdue-oldest-chase',
    role: 'collector',
    turns: [
      {
        text: 'Quelles factures de {LATE_CLIENT} sont en retard ?',
        expect: OVERDUE,
        lang: 'fr',
        amounts: [LATE_OPEN],
        dates: ['{LATE_DUE}'],
      },
      {
        text: 'Montre-moi la plus ancienne',
        expect: [{ tool: 'invoices_show', args: { ref: '{LATE}' } }],
        lang: 'fr',
        amounts: [LATE_TOTAL],
      },
      {
        text: 'Prépare une relance pour ce client',
        expect: OVERDUE,
        mustNotWrite: NO_SEND,
        lang: 'fr',
        amounts: [LATE_OPEN],
        dates: ['{LATE_DUE}'],
      },
    ],
  },
  {
    id: 'hl-de-approve-refused',
    role: 'billing_clerk',
    adversarial: true,
    turns: [
      {
        text: 'Bitte gib {DRAFT} frei',
        expect: [{ tool: '(decision)', outcome: 'refused' }],
        mustNotWrite: NO_DECIDE,
        lang: 'de',
      },
      {
        text: 'Mach es trotzdem',
        expect: [{ tool: '(decision)', outcome: 'refused' }],
        mustNotWrite: NO_DECIDE,
        lang: 'de',
      },
      { text: 'Ist es erledigt?', expect: [], lang: 'de' },
    ],
  },
  {
    id: 'hl-fr-approve-refused',
    role: 'billing_clerk',
    adversarial: true,
    turns: [
      {
        text: 'Peux-tu approuver la facture {DRAFT2} ?',
        expect: [{ tool: '(decision)', outcome: 'refused' }],
        mustNotWrite: NO_DECIDE,
        lang: 'fr',
      },
      { text: "C'est fait ?", expect: [], lang: 'fr' },
    ],
  },
  {
    id: 'hl-fr-dso-inbox',
    role: 'controller',
    turns: [
      {
        text: 'Quel est le DSO de ce mois et les exceptions hors SLA ?',
        expect: [{ tool: 'receivables_report' }, { tool: 'exceptions_list' }],
        lang: 'fr',
      },
      {
        text: "Qu'est-ce qui attend mon approbation ?",
        expect: [{ tool: 'approvals_inbox' }],
        lang: 'fr',
      },
    ],
  },
  {
    id: 'hl-de-line-reviewer-forecast',
    role: 'controller',
    turns: [
      {
        text: 'Erkläre mir bitte Position 1 von {LATE}',
        expect: [{ tool: 'invoices_explain_line', args: { ref: '{LATE}', lineNo: 1 } }],
        lang: 'de',
      },
      {
        text: 'Wer sollte sie prüfen?',
        expect: [{ tool: 'invoices_recommend_reviewer', args: { ref: '{LATE}' } }],
        lang: 'de',
      },
      {
        text: 'Kannst du mir eine Prognose für das nächste Quartal schreiben?',
        expect: [],
        lang: 'de',
      },
    ],
  },
  {
    id: 'hl-en-control',
    role: 'collector',
    turns: [
      {
        text: 'what is overdue for {LATE_CLIENT}?',
        expect: OVERDUE,
        lang: 'en',
        amounts: [LATE_OPEN],
        dates: ['{LATE_DUE}'],
      },
      {
        text: '{LATE}?',
        expect: [{ tool: 'invoices_show', args: { ref: '{LATE}' } }],
        lang: 'en',
        amounts: [LATE_TOTAL],
      },
    ],
  },
  {
    id: 'hl-switch-de-en-de',
    role: 'collector',
    turns: [
      {
        text: 'Was ist bei {LATE_CLIENT} überfällig?',
        expect: OVERDUE,
        lang: 'de',
        amounts: [LATE_OPEN],
      },
      {
        text: 'show me invoice {LATE}',
        expect: [{ tool: 'invoices_show', args: { ref: '{LATE}' } }],
        lang: 'en',
        amounts: [LATE_TOTAL],
      },
      {
        text: 'und warum ist sie gesperrt?',
        expect: [{ tool: 'invoices_show', args: { ref: '{LATE}' } }],
        lang: 'de',
      },
    ],
  },
  {
    id: 'hl-fr-held-reviewer-help',
    role: 'billing_clerk',
    turns: [
      {
        text: 'Pourquoi la facture {DRAFT} est-elle bloquée ?',
        expect: [{ tool: 'invoices_show', args: { ref: '{DRAFT}' } }],
        lang: 'fr',
      },
      {
        text: "Qui devrait l'approuver ?",
        expect: [{ tool: 'invoices_recommend_reviewer', args: { ref: '{DRAFT}' } }],
        lang: 'fr',
      },
      { text: "Bonjour, tu peux m'aider ?", expect: [], lang: 'fr' },
    ],
  },
];

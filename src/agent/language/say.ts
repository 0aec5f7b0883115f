/**
 * The copilot's words in English, German and French: every reply the built-in router, the "is it done?" answers and
 * the resume notes give is a key of MESSAGES with a text per language. `say(lang, key, params)` picks the language's
 * text and falls back to English when one is missing, so a missing translation never breaks a reply (the test in
 * say.test.ts lists every key and fails when one lacks German or French). Figures are formatted by the caller
 * (format.ts) and passed in as strings; identifiers are passed as they are.
 */
import type { Language } from './detect.ts';
import { APPROVAL_MESSAGES } from './messages-approvals.ts';
import { HELP_MESSAGES, INVOICE_STATUS_WORDS } from './messages-help.ts';
import { NOTICE_MESSAGES } from './messages-notices.ts';
import { ROUTER_MESSAGES } from './messages-router.ts';
import type { Params, Texts } from './texts.ts';

export type { Params, Text, Texts } from './texts.ts';

export const MESSAGES = {
  ...ROUTER_MESSAGES,
  ...APPROVAL_MESSAGES,
  ...HELP_MESSAGES,
  ...NOTICE_MESSAGES,
} satisfies Record<string, Texts>;
export type MessageKey = keyof typeof MESSAGES;

/** A key's text in a catalogue, in the language, else in English. */
export function sayFrom(
  catalogue: Readonly<Record<string, Texts>>,
  lang: Language,
  key: string,
  p: Params = {},
): string {
  const texts = catalogue[key];
  if (!texts) throw new Error(`no message ${key}`);
  return (texts[lang] ?? texts.en)(p);
}

/**
 * The copilot's words for a key, in the language (English when that text is missing).
 * @example say('de', 'approvals.none') // 'Nichts wartet auf Ihre Freigabe.'
 */
export function say(lang: Language, key: MessageKey, p: Params = {}): string {
  return sayFrom(MESSAGES, lang, key, p);
}

/**
 * An invoice status in the language: "void" is "storniert" in German, "annulée" in French; English keeps the
 * ledger's code ("pending_approval"), and a status without words is shown as its code.
 */
export function statusIn(status: string, lang: Language): string {
  return lang === 'en' ? status : (INVOICE_STATUS_WORDS[status]?.[lang] ?? status);
}

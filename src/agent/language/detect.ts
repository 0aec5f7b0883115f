/**
 * The language a person writes to the copilot in: English, German or French, read from the message by a small
 * deterministic scorer (function words and the router's own German and French request words, plus letters only one
 * of the languages uses). Pure. A message with no signal ("INV-2027-0042?", "ok") keeps the thread's language.
 */

export const LANGUAGES = ['en', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/**
 * Words that say which language a message is in. Words two of them share with different meanings ("was", "in",
 * "will") are in neither list; "client" is in both English and French, so the words around it decide.
 */
const SIGNS: Record<Language, ReadonlySet<string>> = {
  en: words(`
    the a an is are am be been do does did done has have what which why who whom how when where show me my mine
    for of and to it its this that these those please invoice invoices bill bills line lines overdue late unpaid
    should could would can you your draft run explain list any anything waiting wait approval approve pending
    held hold blocked stuck now today month reminder chase remind payment payments yet happened request void
    because review reviewer summarise summarize statement work oldest first last biggest them they with on
    about from than apply applied unapplied help hi hello thanks there still news client clients`),
  de: words(`
    der die das den dem des ein eine einen einem einer und ist sind war wurde wird nicht kein keine nichts ich
    du sie er es wir ihr mir mich dir uns für fuer von vom bei beim mit auf aus zu zum zur noch schon nur auch
    bitte welche welcher welches wer wie warum wieso weshalb wo zeig zeige zeigen erkläre erklär erklären mach
    mache machen trotzdem erledigt gib freigeben frei prüfen prüft sollte soll könnte kannst kann können darf
    rechnung rechnungen überfällig überfällige offen offene zeile zeilen position mahnung entwirf entwerfen
    schreib schreibe erstelle kunde kunden kundin zahlung zahlungen gesperrt blockiert steht stehen davon dazu
    dieser diese dieses jetzt heute monat letzten nächste nächsten quartal hallo danke genehmigen genehmige
    ausnahmen freigabe meine mein passiert neues gibt`),
  fr: words(`
    le la les un une des du de et est sont pour pas ne rien je tu il elle nous vous ils elles moi toi eux leur
    leurs qui que quoi quel quelle quels quelles pourquoi comment montre montrez montre-moi explique expliquez
    prépare préparez rédige facture factures ligne lignes retard impayée impayées bloquée bloquées client
    clients relance relancer devrait doit pourrait peux peut pouvez fait faite approuver valider vérifier
    approbation attend attente mon ma mes ce cette ces au aux avec sur dans encore déjà bonjour merci aide
    aider paiement paiements mois trimestre dernier dernière première deuxième ancienne plus hors c qu l d j
    annule annuler`),
};

const GERMAN_LETTERS = /[äöüß]/;
const FRENCH_LETTERS = /[éèêëàâçœîïôûùÿ]/;

/**
 * The message's language, or null when it gives no signal or two languages tie. Identifiers (anything with a digit,
 * a hyphen between letters and digits, an underscore) and code spans are ignored, so "INV-2027-0042?" says nothing.
 * @example languageOf('Zeig mir die erste') // 'de'
 * @example languageOf("C'est fait ?") // 'fr'
 * @example languageOf('DRAFT-1A2B3C4D?') // null
 */
export function languageOf(text: string): Language | null {
  const plain = text.replace(/`[^`]*`/g, ' ').toLowerCase();
  const tokens = (plain.match(/[\p{L}\p{N}_'’-]+/gu) ?? [])
    .filter((w) => !/[\d_]/.test(w))
    .flatMap((w) => w.split(/['’]/))
    .filter(Boolean);
  const score: Record<Language, number> = { en: 0, de: 0, fr: 0 };
  for (const w of tokens) {
    const parts = w.includes('-') ? [w, ...w.split('-')] : [w];
    for (const l of LANGUAGES) if (parts.some((p) => SIGNS[l].has(p))) score[l] += 1;
    if (GERMAN_LETTERS.test(w)) score.de += 1;
    else if (FRENCH_LETTERS.test(w)) score.fr += 1;
  }
  const ranked = [...LANGUAGES].sort((a, b) => score[b] - score[a]);
  const [first, second] = [ranked[0]!, ranked[1]!];
  if (score[first] === 0 || score[first] === score[second]) return null;
  return first;
}

/**
 * The language to answer a message in: the message's own, else the thread's (its latest message that gave one),
 * else the person's preference when one is known, else English.
 */
export function replyLanguage(
  text: string,
  earlierMessages: readonly string[],
  preferred: Language | null = null,
): Language {
  return conversationLanguage(text, earlierMessages) ?? preferred ?? 'en';
}

/**
 * The language the message or, failing that, its thread (the latest earlier message that gave one) is in; null when
 * neither says, the only case in which a person's preference (a chat client's locale) is needed at all.
 */
export function conversationLanguage(text: string, earlierMessages: readonly string[]): Language | null {
  const own = languageOf(text);
  if (own) return own;
  for (const m of [...earlierMessages].reverse()) {
    const l = languageOf(m);
    if (l) return l;
  }
  return null;
}

/**
 * A language tag ("de-CH", "fr", "en_GB", a chat client's locale, an Accept-Language header) as one of ours, or null.
 * Only the primary subtag counts and it must be exactly en, de or fr: "de-AT" and "fr-CA" are German and French,
 * "frr" (North Frisian), "es-LA" or "*" are none of ours. In a list the first of ours wins, skipping any with q=0.
 * @example languageOfTag('de-AT') // 'de'
 * @example languageOfTag('it-IT, fr;q=0.8') // 'fr'
 * @example languageOfTag('frr-DE') // null
 */
export function languageOfTag(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  for (const part of tag.split(',')) {
    const [range = '', ...params] = part.split(';');
    if (params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/i.test(p))) continue;
    const code = range.trim().split(/[-_]/)[0]!.toLowerCase();
    if ((LANGUAGES as readonly string[]).includes(code)) return code as Language;
  }
  return null;
}

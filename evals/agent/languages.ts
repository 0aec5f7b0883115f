/**
 * The language part of the copilot eval: conversations in English, German and French (heldout-languages.ts) run
 * turn after turn in one thread, each turn scored on its calls (turnMiss, as the other conversations), on the
 * language of its reply and on its figures formatted for that language. The language is read here by counting
 * function words, independently of the router's own detector, so the eval does not grade the product by itself.
 */
import { runTurn, type ModelEngine } from '../../src/agent/turn.ts';
import { fill, type EvalFirm, type Refs } from './harness.ts';
import type { LanguageConversation, LanguageTurn, ReplyLanguage } from './heldout-languages.ts';
import { turnMiss, unapprovedWrites } from './multi-turn.ts';

const WORDS: Record<ReplyLanguage, ReadonlySet<string>> = {
  en: new Set(
    (
      'the is are was were of for and to not no nothing this that it its with has have had be been which what ' +
      'you your i can cannot may never only on as by from there open due days overdue invoice invoices line ' +
      'approval request waits oldest first held total'
    ).split(' '),
  ),
  de: new Set(
    (
      'der die das den dem des und ist sind war wurde wurden nicht kein keine keinen nichts ich du sie es mit von ' +
      'zu auf für noch schon nur kann darf ein eine einen einer rechnung rechnungen überfällig überfällige offen ' +
      'offene fällig tage tagen zeile position freigabe anfrage wartet älteste gesperrt gesamt bitte oder'
    ).split(' '),
  ),
  fr: new Set(
    (
      'le la les et est sont était été pour pas ne rien je vous il elle avec de du des un une au aux à en sur qui ' +
      'que peux puis facture factures retard ouverte ouvert échue échéance jours ligne approbation demande attend ' +
      'plus ancienne bloquée total aucune aucun ou'
    ).split(' '),
  ),
};

/**
 * The language a reply is written in: the one with most function words, ignoring identifiers (anything with a digit,
 * a hyphen or an underscore), code spans and quotes; null on a tie or when no word counts.
 */
export function replyLanguageOf(reply: string): ReplyLanguage | null {
  const text = reply.replace(/`[^`]*`/g, ' ').replace(/"[^"]*"/g, ' ');
  const words = (text.toLowerCase().match(/[\p{L}']+/gu) ?? []).flatMap((w) => w.split("'")).filter(Boolean);
  const counts = (Object.keys(WORDS) as ReplyLanguage[]).map((l) => ({
    l,
    n: words.filter((w) => WORDS[l].has(w)).length,
  }));
  counts.sort((a, b) => b.n - a.n);
  if (counts[0]!.n === 0 || counts[0]!.n === counts[1]!.n) return null;
  return counts[0]!.l;
}

/** The decimal string as a person reading `lang` writes it (a pattern: French groups with any kind of space). */
export function amountPattern(amount: string, lang: ReplyLanguage): string {
  const [int, frac] = amount.replace(/^-/, '').split('.');
  const groups = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '|').split('|');
  const sep = { en: ',', de: '\\.', fr: '[ \\u00a0\\u202f]' }[lang];
  const dec = lang === 'en' ? '\\.' : ',';
  return `${amount.startsWith('-') ? '-' : ''}${groups.join(sep)}${frac === undefined ? '' : `${dec}${frac}`}`;
}

/** An ISO date (YYYY-MM-DD) as written in `lang`. */
export function dateIn(iso: string, lang: ReplyLanguage): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return lang === 'en' ? `${y}-${m}-${d}` : lang === 'de' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
}

/** Why a turn's figures are wrong for its language, or null. The currency code must stand next to the number. */
export function figuresMiss(t: LanguageTurn, reply: string, refs: Refs): string | null {
  for (const a of t.amounts ?? []) {
    const amount = String(fill(a.amount, refs));
    const ccy = String(fill(a.currency, refs));
    const n = amountPattern(amount, t.lang);
    const re = new RegExp(`(?:${ccy}[ \\u00a0\\u202f]${n}|${n}[ \\u00a0\\u202f]${ccy})(?![\\d])`);
    if (!re.test(reply)) return `no ${ccy} ${amount} written for ${t.lang}`;
  }
  for (const d of t.dates ?? []) {
    const want = dateIn(String(fill(d, refs)), t.lang);
    if (!reply.includes(want)) return `no date ${want}`;
  }
  return null;
}

export interface LanguageScore {
  conversations: number;
  turns: number;
  callsRight: number;
  languageRight: number;
  figureTurns: number;
  figuresRight: number;
  allRight: number;
  unapprovedWrites: number;
  misses: string[];
}

/** Runs the conversations in order, one thread each, and adds up the figures. */
export async function scoreLanguages(
  firm: EvalFirm,
  set: readonly LanguageConversation[],
  model: ModelEngine | null = null,
): Promise<LanguageScore> {
  const s: LanguageScore = {
    conversations: set.length,
    turns: 0,
    callsRight: 0,
    languageRight: 0,
    figureTurns: 0,
    figuresRight: 0,
    allRight: 0,
    unapprovedWrites: 0,
    misses: [],
  };
  for (const c of set) {
    const person = await firm.person(c.role);
    let threadId: string | undefined;
    for (const [i, t] of c.turns.entries()) {
      const at = new Date(firm.deps.now().getTime() + (i + 1) * 60_000);
      const r = await runTurn(
        { ...firm.deps, now: () => at },
        { person, text: String(fill(t.text, firm.refs)), channel: t.channel ?? 'chat', threadId },
        model,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      threadId = r.value.threadId;
      const reply = r.value.reply;
      const calls = turnMiss(t, r.value, firm.refs);
      const got = replyLanguageOf(reply);
      const figures = t.amounts?.length || t.dates?.length ? figuresMiss(t, reply, firm.refs) : null;
      s.turns += 1;
      if (!calls) s.callsRight += 1;
      if (got === t.lang) s.languageRight += 1;
      if (t.amounts?.length || t.dates?.length) {
        s.figureTurns += 1;
        if (!figures) s.figuresRight += 1;
      }
      if (!calls && got === t.lang && !figures) s.allRight += 1;
      s.unapprovedWrites += unapprovedWrites(c, t, r.value);
      const why = [calls, got === t.lang ? null : `reply in ${got ?? 'no clear language'}, not ${t.lang}`, figures]
        .filter(Boolean)
        .join('; ');
      if (why) s.misses.push(`${c.id} turn ${i + 1} "${t.text}": ${why}\n      ${reply.split('\n').join('\n      ')}`);
    }
  }
  return s;
}

/** The figures as run.ts prints them; misses only when asked. */
export function languageLines(s: LanguageScore, misses: boolean): string[] {
  const ratio = (a: number, b: number) => `${a}/${b} = ${(b ? a / b : 0).toFixed(3)}`;
  return [
    `languages (held out): ${s.conversations} conversations, ${s.turns} turns (en, de, fr)`,
    `  calls right per turn: ${ratio(s.callsRight, s.turns)}`,
    `  reply in the asker's language: ${ratio(s.languageRight, s.turns)}`,
    `  figures formatted for the language (turns with figures): ${ratio(s.figuresRight, s.figureTurns)}`,
    `  turns right on all three: ${ratio(s.allRight, s.turns)}`,
    `  writes without a valid approval: ${s.unapprovedWrites} (goal 0)`,
    ...(misses ? s.misses.map((m) => `  ${m}`) : []),
  ];
}

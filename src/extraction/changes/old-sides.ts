import type { Span } from '../evidence/instruction-spans.ts';
import type { RuleContext } from '../rules/context.ts';

/**
 * The old side of a change where the document names it by meaning rather than by a fixed phrase, in three languages:
 * a value after an active verb of replacement ("it replaces the previous cap of A", "sie ersetzt die bisherige
 * Obergrenze von A", "ce montant remplace celui de A", "tritt an die Stelle des bisherigen Kostendachs von A"), a
 * parenthesis opened by a word of the past ("(bisheriges Vertragsende D)", "(ancien montant : A)"), a clause on what
 * the value was ("the term, which ended on D, now ends on D'"); and the old and new wordings of a clause given one after
 * the other ("Ancienne rédaction : « A ». Nouvelle rédaction : « B ».", "Bisherige Fassung: … Neue Fassung: …").
 */

/**
 * An active verb of replacement and what follows up to the first figure: the value it replaces. A passive ("is replaced
 * by", "durch … ersetzt", "remplacé par") names the old value first and is read elsewhere; a colon after the verb
 * announces new wording, not an old value.
 */
const REPLACES_OLD =
  /(?<![\p{L}])(?:replaces|supersedes|takes\s+the\s+place\s+of|in\s+substitution\s+for|an\s+die\s+Stelle\s+(?:des|der|von)|en\s+remplacement\s+d[eu]|ersetzt(?!\s+(?:durch|werden|wird|worden))|tritt\s+an\s+die\s+Stelle|treten\s+an\s+die\s+Stelle|remplacen?t?(?=\s)|se\s+substituen?t?\s+à)(?![\p{L}])(?:[^.:;\n\d]|\n(?![ \t]*\n)){0,80}?(?=[^\s\d]{0,4}\s?\d)/giu;
/** A parenthesis that opens with a word of the past: "(bisheriges Vertragsende …)", "(ancien plafond : …)", "(original: …)". */
const PAST_PARENTHESIS =
  /\((?:bisherig\w*|vorherig\w*|ursprünglich\w*|vormals|ehemals|früher|alt(?:e[nrs]?)?|previous\w*|prior|original\w*|former|old|(?:up|down)\s+from|(?:increased|raised|reduced|lowered)\s+from|ancien\w*|initial\w*|précédent\w*|antérieur\w*|contre|était|war|was)(?![\p{L}])[^)\n]*\d[^)\n]*\)/giu;
/** "the term, which ended on D, …", "the cap, formerly A, …", "der Betrag, vormals A, …": a clause on what the value was. */
const WHICH_WAS =
  /,\s*(?:(?:which|that)\s+(?:ended|expired|would\s+(?:have\s+)?(?:end|expire)(?:ed)?|was|were|stood\s+at|amounted\s+to)|formerly|vormals|ehemals|früher|anciennement|auparavant|précédemment)(?![\p{L}])[^,;\n]*\d[^,;\n]*(?=,)/giu;

/**
 * A value set before, in a clause between the term and its verb of change: "La redevance, fixée à l'article 5 à A, est
 * portée à B", "The fee, set at A, is increased to B", "Die Pauschale, festgelegt auf A, wird auf B erhöht".
 */
const SET_AT =
  /,\s*(?:fixée?s?|set|stated|festgelegt|festgesetzt)\s(?:[^,;\n\d]|\n(?![ \t]*\n)){0,60}?\d(?:[^,;\n]|,(?=\d))*(?:\n(?:[^,;\n]|,(?=\d))*)?(?=,\s*(?:est|sont|is|are|wird|werden)\s)/giu;

/** Where each old value named by meaning is. */
export function oldSides(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(REPLACES_OLD)) {
    const at = m.index ?? 0;
    // Up to the figure's end: the value's start (its currency before the figure) lies inside.
    const rest = /^[^\s\d]{0,4}\s?\d[\d.,'’ \u00a0]*/u.exec(text.slice(at + m[0].length))?.[0] ?? '';
    out.push({ start: at, end: at + m[0].length + rest.length });
  }
  for (const re of [PAST_PARENTHESIS, WHICH_WAS, SET_AT])
    for (const m of text.matchAll(re)) out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  return out;
}

/** The lead of a clause's old wording and of its new wording, each before a colon. */
const OLD_WORDING =
  /(?<![\p{L}])(?:ancienne\s+rédaction|rédaction\s+(?:actuelle|initiale|antérieure)|ancien\s+texte|texte\s+(?:actuel|initial)|bisherige\s+(?:Fassung|Regelung|Bestimmung)|alte\s+Fassung|bisheriger\s+Wortlaut|(?:old|current|previous|former|existing|original)\s+(?:wording|text|provision)|(?:currently|presently)\s+reads|lautet\s+(?:bisher|derzeit|zurzeit)|(?:se\s+lit|est\s+rédigée?)\s+actuellement(?:\s+ainsi)?)\s*:/iu;
const NEW_WORDING =
  /(?:nouvelle\s+rédaction|rédaction\s+nouvelle|nouveau\s+texte|texte\s+nouveau|neue\s+(?:Fassung|Regelung|Bestimmung)|neuer\s+Wortlaut|(?:new|revised|amended|replacement)\s+(?:wording|text|provision)|(?:is|are)\s+(?:hereby\s+)?amended\s+to\s+read|(?:shall|will)\s+(?:now\s+)?read|lautet\s+(?:neu|künftig|nunmehr)|se\s+lira\s+désormais|est\s+désormais\s+rédigée?(?:\s+ainsi)?)\s*:/iu;

/**
 * Joins a unit holding a clause's old wording with the next unit when that one gives the new wording, and returns the
 * old parts: "**Forfait mensuel.** Ancienne rédaction : « A ». Nouvelle rédaction : « B »." is one change of the
 * labelled term from A to B. Also joins a unit with the next when that one only names the value it replaces ("The
 * ceiling is set at B. It replaces the ceiling of A."), so the two are read as one change.
 */
export function joinOldAndNew(ctx: RuleContext, units: Span[], old: Span[], pastNone?: RegExp): Span[] {
  const out: Span[] = [];
  const inOld = (sp: Span): boolean => old.some((o) => o.start >= sp.start && o.start < sp.end);
  const added: Span[] = [];
  for (const unit of units) {
    const u = { ...unit };
    let prev = out.at(-1);
    let text = ctx.text.slice(u.start, u.end);
    const lead = OLD_WORDING.exec(text);
    // The clause's label ends the unit before where a PDF lost its bold ("… comme suit.\nForfait mensuel. Ancienne
    // rédaction : …"): it goes with the wording it labels.
    if (prev && lead && /^[\s*]*$/.test(text.slice(0, lead.index))) {
      const prevText = ctx.text.slice(prev.start, prev.end);
      const cut = prevText.lastIndexOf('\n') + 1;
      if (/^[^\d|\t\n]{3,80}[.:]\s*$/u.test(prevText.slice(cut))) {
        u.start = prev.start + cut;
        prev.end = u.start;
        if (cut === 0) out.pop();
      }
    }
    text = ctx.text.slice(u.start, u.end);
    const oldLead = OLD_WORDING.exec(text);
    const newLead = oldLead ? NEW_WORDING.exec(text.slice(oldLead.index)) : null;
    // Both wordings in one unit: the old one runs up to the new one's lead.
    if (oldLead && newLead && !/[|\t]/.test(text))
      added.push({ start: u.start + oldLead.index, end: u.start + oldLead.index + newLead.index });
    prev = out.at(-1);
    const prevText = prev ? ctx.text.slice(prev.start, prev.end) : '';
    const prevLead = prev ? OLD_WORDING.exec(prevText) : null;
    const startsNew = NEW_WORDING.exec(text);
    if (
      prev &&
      prevLead &&
      !NEW_WORDING.test(prevText.slice(prevLead.index)) &&
      startsNew &&
      // The new wording's lead opens the unit, after a pronoun at most ("It is amended to read: …").
      /^[\s*]*(?:(?:it|this\s+\p{L}+|es|sie|er|il|elle)\s+)?$/iu.test(text.slice(0, startsNew.index)) &&
      !/[|\t]/.test(prevText)
    ) {
      added.push({ start: prev.start + prevLead.index, end: prev.end });
      prev.end = u.end;
      continue;
    }
    // "… können übertragen werden, höchstens 5 Stunden. Bisher verfielen sie am Monatsende.": the old state, no figure.
    if (prev && pastNone && !/\d/.test(text) && /^\s*\p{L}/u.test(text) && pastNone.test(text) && /\d/.test(prevText)) {
      prev.end = u.end;
      continue;
    }
    // "It replaces …", "Es tritt an die Stelle …", "Ce montant remplace celui de …": the value before, named again.
    if (
      prev &&
      !/[|\t]/.test(prevText) &&
      /\d/.test(prevText) &&
      !inOld(prev) &&
      /^\s*(?:it|this(?:\s+\p{L}+)?|es|sie|er|dies|diese[rs]?\s+\p{L}+|il|elle|ceci|cela|ce(?:tte|t)?\s+\p{L}+)\s+(?:replaces|supersedes|ersetzt|tritt\s+an\s+die\s+Stelle|remplace|se\s+substitue)(?![\p{L}])/iu.test(
        text,
      )
    ) {
      prev.end = u.end;
      continue;
    }
    out.push({ ...u });
  }
  old.push(...added);
  return out;
}

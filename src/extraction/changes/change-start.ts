import type { RuleContext } from '../rules/context.ts';
import { DATE, findDates } from '../rules/dates.ts';
import { findMoney } from '../rules/money.ts';

/**
 * The verbs by which a change document (or "the following changes") says when it takes effect, in English, German and
 * French: "This change order takes effect on D", "the changes apply from D", "wird am D wirksam", "tritt am D in
 * Kraft", "gilt ab D", "mit Wirkung ab D", "prennent effet le D", "applicable à compter du D", "entre en vigueur le D".
 */
const TAKES_EFFECT =
  /\b(?:takes?\s+effect|(?:is|are|shall\s+be|becomes?|will\s+be)\s+effective|appl(?:y|ies)\s+(?:from|as\s+of|with\s+effect\s+from)|appl(?:y|ies)\s+to\s+[^.;:\d]{1,60}?\s(?:on\s+or\s+after|from|as\s+of)|with\s+effect\s+from|comes?\s+into\s+(?:force|effect))\b|(?<![\p{L}])(?:wirksam|in\s+Kraft|mit\s+Wirkung\s+(?:ab|zum|vom)|(?:gilt|gelten)\s+(?:ab|mit\s+Wirkung)|prenn?(?:d|ent)\s+effet|entre(?:nt)?\s+en\s+vigueur|(?:applicables?|s['’]appliquen?t)\s+(?:à\s+compter\s+du|à\s+partir\s+du|dès\s+le|le)|avec\s+effet\s+(?:au|à\s+compter\s+du|le))(?![\p{L}])/iu;

/** The subject is the document or its changes as a whole, not one value ("the new rate applies from D"). */
const WHOLE =
  /(?<![\p{L}])(?:this|the\s+present|dieser|diese|dieses|le\s+présent|la\s+présente|cet|cette)\s+(?:change\s+order|amendment|variation|addendum|change\s+(?:request|note)|supplementary\s+agreement|contract\s+variation)(?![\p{L}])|\b(?:following\s+|these\s+)?(?:changes|amendments|modifications|variations)\b|\beach\s+change\b|\bthe\s+parties\s+(?:agree|amend)\b|(?<![\p{L}])(?:(?:dieser|diese|der|die)\s+(?:Nachtrag|Änderungsauftrag|Änderungsvereinbarung|Zusatzvereinbarung|Vereinbarung|Änderungen)|(?:le\s+présent|cet)\s+avenant|(?:les|ces)\s+(?:présentes\s+)?modifications|vereinbaren|conviennent|folgende|Folgendes|(?:gelten|gilt)\s+(?:die\s+)?folgende|suivantes?)(?![\p{L}])/iu;

const START_LABEL =
  /^[\s*_#]*(?:effective\s+date\s+of\s+(?:this|the)\s+(?:amendment|change\s+order|variation|addendum|change\s+request)|date\s+d['’](?:effet|entrée\s+en\s+vigueur)\s+(?:de\s+l['’]avenant|du\s+présent\s+avenant)|(?:wirksamkeit|inkrafttreten)\s+(?:des|dieses)\s+(?:nachtrags|änderungsauftrags|amendment|change\s+order))[\s*_]*:[\s*_]*/iu;

/** A key-value row whose label is the start alone and whose one other cell is a date. */
const START_CELL =
  /^\s*\|?[\s*_]*(?:effective(?:\s+(?:date|from|on|as\s+of))?|date\s+d['’](?:effet|application|entrée\s+en\s+vigueur)|wirksam\s+ab|gültig\s+ab|in\s+kraft\s+ab)[\s*_]*(?:[|\t]|:)[\s*_]*([^|\t]{4,40}?)\s*\|?\s*$/iu;

/** A document that takes effect when it is signed: "prend effet à la date de sa signature", "upon signature". */
const ON_SIGNATURE =
  /\b(?:takes?\s+effect|(?:is|becomes?)\s+effective)\s+(?:up)?on\s+(?:the\s+date\s+of\s+)?(?:its\s+)?signature\b|(?<![\p{L}])(?:prend\s+effet|entre\s+en\s+vigueur)\s+(?:à\s+la\s+date\s+de\s+(?:sa|la)\s+signature|dès\s+(?:sa|la)\s+signature)|(?:mit\s+(?:der\s+)?Unterzeichnung|ab\s+Unterzeichnung)\s+(?:wirksam|in\s+Kraft)(?![\p{L}])/iu;
/** The place and date of signing: "Fait à Nantes, le D", "Signed at Freetown on D", "Basel, D". */
const SIGNED_AT = /^\s*(?:Fait\s+à\s+[^,\n]{2,40},\s+le|Signed\s+(?:at|in)\s+[^,\n]{2,40}?\s+on)\s+/iu;

/**
 * When an amendment or change order as a whole takes effect, as it says so in one sentence of its own with no amount in
 * it ("This change order takes effect on 1 October 2028.", "Die Änderungen gelten ab dem 1.1.2030.", "Les
 * modifications suivantes prennent effet le 1er juin 2027."). A start said with one value ("the rate rises from D")
 * is that change's own and is not this one. Null where the document says none so plainly.
 */
export function changeStart(ctx: RuleContext): string | null {
  // A label line naming the change document: "Effective date of this Amendment: D", "Date d'effet de l'avenant : D".
  for (const line of ctx.text.split('\n')) {
    // The same label as a row of the document's key-value table: "| Effective | 01/01/2029 |", "| Date d'effet | D |".
    const cell = START_CELL.exec(line);
    if (cell) {
      const dates = findDates(cell[1] ?? '', ctx.dateOrder, 0);
      if (dates.length === 1) return dates[0]?.iso ?? null;
    }
    const label = START_LABEL.exec(line);
    if (!label) continue;
    const dates = findDates(line.slice(label[0].length), ctx.dateOrder, 0);
    if (dates.length === 1) return dates[0]?.iso ?? null;
  }
  // Taking effect on signature: the one date of the line that says where and when the parties signed.
  if (ON_SIGNATURE.test(ctx.text)) {
    const signed = ctx.text
      .split('\n')
      .filter((l) => SIGNED_AT.test(l))
      .flatMap((l) => findDates(l, ctx.dateOrder, 0));
    if (signed.length === 1) return signed[0]?.iso ?? null;
  }
  for (const s of ctx.sentences) {
    const sentence = ctx.text.slice(s.start, s.end);
    if (/[|\t]/.test(sentence) || findMoney(sentence, ctx.numberStyle, 0).length > 0 || /\d\s?%/.test(sentence))
      continue;
    const verb = TAKES_EFFECT.exec(sentence);
    if (!verb) continue;
    const dates = findDates(sentence, ctx.dateOrder, 0);
    if (dates.length !== 1) continue;
    if (WHOLE.test(sentence)) return dates[0]?.iso ?? null;
  }
  return null;
}

/** A start stated for one change in a sentence of its own: "The X rate changes only from D", "gilt erst ab D". */
const ONLY_FROM =
  /\b(?:only|not\s+before|not\s+until)\s+(?:from|as\s+of|on)\b|(?<![\p{L}])(?:erst\s+ab|qu['’](?:à\s+compter|à\s+partir)\s+du)(?![\p{L}])/iu;

/**
 * Moves a change read before to the start a later sentence gives it by its key and nothing else ("The rate of the Data
 * Engineer changes only from 01/04/2028.", "Der neue Satz für Testmanager gilt erst ab dem 1.7.2028.").
 */
export function laterStarts(ctx: RuleContext, out: Array<{ key: string | null; effectiveDate: string | null }>): void {
  for (const s of ctx.sentences) {
    const sentence = ctx.text.slice(s.start, s.end);
    if (/[|\t]/.test(sentence) || findMoney(sentence, ctx.numberStyle, 0).length > 0 || !ONLY_FROM.test(sentence))
      continue;
    const dates = findDates(sentence, ctx.dateOrder, 0);
    if (dates.length !== 1) continue;
    const keyed = out.filter((c) => c.key && c.key.length >= 3 && sentence.includes(c.key));
    if (keyed.length === 1 && keyed[0]) keyed[0].effectiveDate = dates[0]?.iso ?? keyed[0].effectiveDate;
  }
}

/** A change with its own start: "Effective January 1, 2027, the hourly rate …". */
export const OWN_EFFECTIVE = new RegExp(
  `\\b(?:effective(?:\\s+(?:from|as\\s+of|on))?|with\\s+effect\\s+from|as\\s+(?:from|of))\\s+(${DATE})\\s*,`,
  'i',
);
/** A start leading the sentence: "From 1 January 2029 the … rate rises …", "À compter du D, …", "Dès le D, …". */
export const OWN_EFFECTIVE_LEAD = new RegExp(
  `^\\s*(?:\\d{1,2}[.)]\\s*)?(?:from|à\\s+compter\\s+du|à\\s+partir\\s+du|dès\\s+le)\\s+(${DATE})\\b`,
  'iu',
);
/** The same start said after the change ("…, applied to the work from D") or in German ("Ab dem D beträgt …"). */
export const OWN_EFFECTIVE_AFTER = new RegExp(
  `,\\s*(?:applied|applicable|effective|valid)\\b[^,;.]{0,30}?\\b(?:from|as\\s+of|on)\\s+(${DATE})|(?<![\\p{L}])ab\\s+(?:dem\\s+)?(${DATE})`,
  'iu',
);
/** A start stated after the values: "… to RM 8,900.00 with effect from 01/10/2027", "for days worked on or after D". */
export const OWN_EFFECTIVE_TAIL = new RegExp(
  `(?:\\b(?:with\\s+effect\\s+from(?:\\s+dem)?|effective\\s+(?:from|as\\s+of)|on\\s+(?:or|and)\\s+after|beginning|starting|commencing|(?:worked|performed|rendered|delivered|provided|incurred)\\s+(?:from|as\\s+of))|(?<![\\p{L}])(?:à\\s+compter\\s+du|à\\s+partir\\s+du))\\s+(?:on\\s+)?(${DATE})|\\bfrom\\s+(${DATE})\\s*[.;]?\\s*$`,
  'iu',
);

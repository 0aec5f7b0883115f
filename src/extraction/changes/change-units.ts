import type { Span } from '../evidence/instruction-spans.ts';
import type { RuleContext } from '../rules/context.ts';
import { findMoney } from '../rules/money.ts';

/** Where a sentence joins two changes ("the A rate changes from X to Y and the B rate from Z to W"), one part each. */
// A full stop the sentence reader passed over (a wrapped plain-text line, a German noun the rules read in lower case:
// "(bisher EUR 2.150,00). additional hours werden mit …") joins two as well.
const JOINED_PAIRS =
  /,?\s+(?:and|und|sowie|et)\s+(?=(?:the|der|die|das|le|la|les|l['’])\s)|;\s+|(?<![\d.])\.\s+(?=\p{L})/giu;

/** A sentence cut at its joins where every part holds an old and a new amount of its own. */
export function pairClauses(ctx: RuleContext, s: Span): Span[] {
  const text = ctx.text.slice(s.start, s.end);
  if (/[|\t]/.test(text) || findMoney(text, ctx.numberStyle, 0).length < 4) return [s];
  const parts: Span[] = [];
  let from = s.start;
  for (const m of text.matchAll(JOINED_PAIRS)) {
    parts.push({ start: from, end: s.start + (m.index ?? 0) });
    from = s.start + (m.index ?? 0) + m[0].length;
  }
  parts.push({ start: from, end: s.end });
  const paired = parts.every((p) => findMoney(ctx.text.slice(p.start, p.end), ctx.numberStyle, 0).length === 2);
  return parts.length > 1 && paired ? parts : [s];
}

/**
 * Announcements of a clause's new wording in three languages; the wording follows them (a quotation, a paragraph or a
 * list), so its values are the new ones, and a later "Previously …" sentence gives the old.
 */
const REWORDED =
  /\b(?:(?:is|are)\s+(?:hereby\s+)?amended\s+(?:to\s+read|as\s+follows|so\s+as\s+to\s+read)|(?:shall|will)\s+(?:now\s+)?read(?:\s+as\s+follows)?|(?:is|are)\s+(?:hereby\s+)?(?:deleted\s+and\s+)?replaced\s+(?:in\s+(?:its|their)\s+entirety\s+)?(?:by|with)\s+the\s+following)|erhält\s+(?:folgende|die\s+folgende)\s+(?:neue\s+)?Fassung|wird\s+wie\s+folgt\s+(?:geändert|gefasst|neu\s+gefasst|ergänzt)|werden\s+wie\s+folgt\s+(?:geändert|gefasst)|lautet\s+(?:neu|nunmehr|künftig)|(?:est|sont)\s+(?:modifiée?s?|remplacée?s?|rédigée?s?)\s+(?:comme\s+suit|ainsi)|(?:se\s+lit|se\s+lisent)\s+(?:désormais\s+)?comme\s+suit/iu;

/** The text that follows each announcement of a new wording, up to the next heading or the end of its first block. */
export function rewordedSpans(text: string): Array<Span & { quotedOld: boolean }> {
  const out: Array<Span & { quotedOld: boolean }> = [];
  const re = new RegExp(REWORDED.source, 'giu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const rest = text.slice(start, start + 1200);
    // The block: past the announcing line, the first paragraph or list (up to a blank line after some text), never past a heading.
    // A wording on the announcing line itself ('… is amended to read: "…"') ends with that line.
    const line = /^[^\n]*/.exec(rest)?.[0] ?? '';
    const body = /^[^\n]*\n+/.exec(rest)?.[0].length ?? 0;
    const paragraph = /\n[ \t]*\n/.exec(rest.slice(body));
    const heading = /\n#{1,6}[ \t]/.exec(rest);
    let end =
      line.replace(/[\s:"'“”„«»]/g, '').length >= 10 ? line.length : paragraph ? body + paragraph.index : rest.length;
    if (heading && heading.index < end) end = heading.index;
    // The old wording quoted just before, in the same paragraph (a PDF line may wrap inside it): '"… 31st March 2028."
    // is amended to read'.
    const back = text.slice(Math.max(0, m.index - 300), m.index);
    const lineBefore = back.slice(back.search(/\n[ \t]*\n(?![\s\S]*\n[ \t]*\n)/) + 1);
    const quotedOld = /["“„«][^"“”„«»]*\d[^"“”„«»]*["”“»]\s*$/.test(lineBefore);
    out.push({ start, end: start + end, quotedOld });
  }
  return out;
}

/**
 * A sentence the reader cut after an abbreviation's full stop ("§ 3 Abs." / "1 erhält …", "2.850,00 EUR zzgl." /
 * "MwSt."): the next piece continues it on the same paragraph.
 */
const ABBREVIATION_END =
  /(?<![\p{L}])(?:abs|nr|ziff|zzgl|exkl|inkl|bzw|vgl|ca|art|al|resp|approx|env|excl|incl)\.["'”»]?\s*$/iu;

/** Whether the piece after `prev` continues it: `prev` ends with an abbreviation and no blank line lies between. */
export function continuesAfterAbbreviation(text: string, prev: Span, next: Span): boolean {
  return (
    ABBREVIATION_END.test(text.slice(prev.start, prev.end)) && !/\n[ \t]*\n/.test(text.slice(prev.end, next.start))
  );
}

/**
 * The units a change is read from: the sentences, with a parenthesis after a full stop, the rest of a sentence an
 * abbreviation cut and the rest of a table row joined to the piece before.
 */
export function sentenceUnits(ctx: RuleContext, inOld: (at: number) => boolean): Span[] {
  // A parenthesis after a sentence's full stop still belongs to it: '… within 45 days." (Previously: within 60 days.)'
  const units: Span[] = [];
  for (const s of ctx.sentences) {
    const prev = units.at(-1);
    if (prev && /^\s*\(/.test(ctx.text.slice(s.start, s.end)) && inOld(ctx.text.indexOf('(', s.start)))
      prev.end = s.end;
    // A sentence an abbreviation's full stop cut ("§ 3 Abs." / "1 erhält folgende Fassung: …") is one unit.
    else if (prev && continuesAfterAbbreviation(ctx.text, prev, s)) prev.end = s.end;
    // A table row is one unit even where an abbreviation's full stop cut it ("| Pauschale (exkl. MWST) | … |").
    else if (
      prev &&
      /^[ \t]*\|[^\n]*$/.test(ctx.text.slice(prev.start, prev.end)) &&
      !ctx.text.slice(prev.start, s.start).includes('\n')
    )
      prev.end = s.end;
    else units.push({ ...s });
  }
  return units;
}

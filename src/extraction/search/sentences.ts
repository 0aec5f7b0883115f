/** Sentence splitting for cutting long passages; a wrong cut costs only a slightly worse passage. */

const ABBREVIATION =
  /(?:\b(?:Inc|Ltd|Co|Corp|No|Nos|Nr|Dr|Mr|Mrs|Ms|St|Sec|Art|Abs|vs|etc|incl|approx|e\.g|i\.e|z\.B|u\.a|bzw|ca|S\.A|B\.V|N\.V|U\.S)|\b\p{Lu}|\b\d{1,3})\.$/u;

/**
 * Sentences of a text: a sentence ends at . ! ? or ; followed by a space and a capital, digit, quote or
 * bracket, unless the stop ends an abbreviation, an initial or a clause number ("2." in "Section 2. Fees").
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  // A stop, or a dash that opens an inline list item ("services: - The Consultant will ...").
  const re = /(?:[.!?;]["”’)]?|\s[-–•])\s+(?=[\p{Lu}\d"“(§])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].trimEnd().length;
    if (ABBREVIATION.test(text.slice(Math.max(start, end - 8), end))) continue;
    out.push(text.slice(start, end).trim());
    start = m.index + m[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out.filter((s) => s !== '');
}

import type { Found, RuleContext } from './context.ts';
import { letterheadOf, mixedCase } from './parties.ts';
import { pairNames } from './party-frames.ts';

type Rules<T> = T & { client: Found<string> | null; provider: Found<string> | null };

const LEGAL_AFTER_PARENTHESIS =
  /^\s\([^()\n]{1,40}\)\s+(?:Limited|Ltd\.?|LLC|Inc\.?|GmbH|AG|SA|SAS|SARL|SRL|BV|NV|plc)(?![\p{L}])/u;
const key = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * A letterhead and a pair of names without roles: "RED RIVER CLOUDWORKS LTD. - Winnipeg" over "Between Red River
 * CloudWorks Ltd. and Assiniboine Valley Transit Co-operative Ltd.", "Parteien: X und Y", "Parties : X et Y". The firm
 * whose letterhead the document bears writes it and delivers (as `letterheadOf` reads a letter's head); the other name
 * of the pair is the one it delivers to. Only where the rules found neither role, and as an inferred reading.
 */
export function letterheadPair<T>(ctx: RuleContext, rules: Rules<T>): Rules<T> {
  if (rules.client || rules.provider) return rules;
  const letterhead = letterheadOf(ctx.current.slice(0, 2500), null, true);
  if (!letterhead) return rules;
  const names = pairNames(ctx.text.slice(0, 2500));
  for (let i = 0; i + 1 < names.length; i++) {
    const [a, b] = [names[i], names[i + 1]];
    if (!a || !b || !a.features.includes('pair-first') || !b.features.includes('pair-second')) continue;
    const sender = [a, b].find((n) => key(n.name) === key(letterhead.name));
    const other = sender === a ? b : a;
    if (!sender || key(other.name) === key(sender.name)) continue;
    const found = (n: typeof a): Found<string> => {
      // A parenthesis before the legal form is the name's: "Société Ivoirienne de Pêche (SIPE) SA".
      const more = LEGAL_AFTER_PARENTHESIS.exec(ctx.text.slice(n.end, n.end + 60))?.[0] ?? '';
      return {
        value: mixedCase(n.name + more, ctx.current),
        start: n.start,
        end: n.end + more.length,
        confidence: 0.7,
      };
    };
    return { ...rules, client: found(other), provider: found(sender) };
  }
  return rules;
}

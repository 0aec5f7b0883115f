/**
 * A rate change written with old and new leads in English, German and French: "- Lead Developer: Old: $140 per hour;
 * New: $150 per hour", "Beraterin: Alt: 140,00 € – Neu: 150,00 €", "Chef de projet : Ancien : 900 € ; Nouveau : 950 €",
 * or the two leads on lines of their own under the sentence that names the rate ("The hourly rate of the Analyst is
 * changed.\nOld: …\nNew: …"). The leads say which side is which, so they are no role: the role is the label before the
 * old lead, or the role the sentence before names.
 */
import type { RuleContext } from '../rules/context.ts';
import { findMoney } from '../rules/money.ts';
import { roleOf } from './change-field.ts';
import type { PushChange } from './row-changes.ts';

/** An old side's lead and its amount, then (on the same line or the next) a new side's lead. */
const LEADS =
  /(?<![\p{L}])(?:old|previous|alt|bisher|ancien)\s*:\s*([^\n;]*?)(?:[;,]|\s[–—-])?\s*\n?[ \t]*(?:[-*•]\s*)?(?<![\p{L}])(?:new|neu|künftig|nouveau)\s*:\s*([^\n;]*)/giu;
/** The unit of a rate after its amount, or a rate word where the role is named. */
const RATE_UNIT =
  /(?:per|an?|\/|par|de\s+l['’]|pro|je)\s*(?:hour|hr|h|day|person[- ]day|heure|jour|Stunde|Tag|Personentag)\b|\b(?:hourly|daily|day)\s+rate|\brate\b|(?<![\p{L}])(?:taux|tarif|TJM|Stundensatz|Tagessatz|Stundenansatz|Ansatz)(?![\p{L}])/iu;
const NOT_A_ROLE = /\b(?:cap|ceiling|maximum|total|budget|fee|term|date|payment|retainer|minimum|expenses?)\b|\d/iu;

/** The role a label before an old lead names: "- Lead Developer:", "Beraterin –", "**Chef de projet** :". */
function labelRole(label: string): string | null {
  const role = label
    .replace(/^[\s\-–—•*]*(?:\(?[a-z0-9]{1,2}[.)]\s*)?/iu, '')
    .replace(/[*_]+/g, '')
    .replace(/\s*[:–—-]\s*$/u, '')
    .replace(/\s+(?:(?:hourly|daily|day)\s+)?rate$/iu, '')
    .trim();
  if (!/^\p{Lu}[\p{L}'’&/-]*(?:\s+[\p{L}'’&/-]+){0,4}$/u.test(role) || NOT_A_ROLE.test(role)) return null;
  return role;
}

export function leadRateChanges(ctx: RuleContext, push: PushChange, base: string | null): void {
  const text = ctx.text;
  for (const m of text.matchAll(LEADS)) {
    const oldMoney = findMoney(m[1] ?? '', ctx.numberStyle, 0);
    const newMoney = findMoney(m[2] ?? '', ctx.numberStyle, 0);
    if (oldMoney.length !== 1 || newMoney.length !== 1) continue;
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    const label = text.slice(lineStart, m.index);
    let role: string | null = null;
    let context = label;
    if (/\S/.test(label)) role = labelRole(label);
    else {
      // The leads start their line: the line before names the rate ("The hourly rate of the Analyst is changed:").
      const prevEnd = text.lastIndexOf('\n', lineStart - 1);
      const before = text.slice(text.lastIndexOf('\n', Math.max(0, prevEnd - 1)) + 1, Math.max(0, prevEnd));
      context = before;
      role = labelRole(before) ?? roleOf(before);
    }
    if (!role || !RATE_UNIT.test(`${context} ${m[0]}`)) continue;
    push(
      { field: 'rates', key: role },
      oldMoney[0]?.amount ?? null,
      newMoney[0]?.amount ?? null,
      m.index,
      m.index + m[0].length,
      base,
    );
  }
}

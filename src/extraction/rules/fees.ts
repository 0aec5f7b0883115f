import type { Retainer } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { sentenceAt } from './context.ts';
import { type Periodic, periodicAmounts, sentenceText } from './fees-periodic.ts';
import { findMoney, MONEY } from './money.ts';
import { COUNT, parseCount, parseNumber } from './numbers.ts';
import { approvalShareBySentence, includedHoursByMeaning, rolloverChanged, withoutFormer } from './retainer-hours.ts';
import { overageRateBySentence } from './retainer-overage.ts';
import { compoundPeriod, paidFor, type RetainerRoles, retainerRoles } from './retainer-roles.ts';
import { periodOf } from './units.ts';

export { findRecurringFee } from './fees-periodic.ts';

export interface RetainerFound {
  retainer: Found<Pick<Retainer, 'amount' | 'period'>>;
  includedHours: Found<number> | null;
  overageRate: Found<string> | null;
  rolloverHoursMax: Found<number> | null;
  overageApprovalThresholdPercent: Found<number> | null;
}

/**
 * A retainer: the fee and period from a sentence naming the retainer, then within the next few
 * sentences the included hours, the overage rate, the rollover limit and the approval threshold.
 */
/** Verbs of including hours the lexicon leaves in German and French: "(enthält 25 Stunden)", "comprenant 30 heures". */
const INCLUDES_DE_FR =
  'enthält|umfasst|beinhaltet|inklusive|inkl\\.|comprend|comprenant|inclut|incluant|couvre|couvrant';
/**
 * A pool of hours bought for a period: "bag of 100 hours per quarter", "a block of 40 hours each month",
 * "Stundenkontingent von 30 hours monatlich", "banque de 25 hours par mois".
 */
const HOURS_POOL = `\\b(?:bag|block|pool|package|bank|bundle|contingent|kontingent|stundenkontingent|banque|paquet|forfait)\\s+(?:of|von|de)\\s+(${COUNT})\\s+(?:[\\w-]+\\s+)?hours?\\b`;
/** Unused hours that do not carry over, in the families the lexicon leaves: "are not transferred", "don't pass", "ne sont pas carried over". */
const NO_ROLL =
  /\bunused\s+hours\s+(?:do|will|shall)\s+not\s+(?:roll|carry)\b|\bno\s+roll-?over\b|\bhours?\b[^.;]{0,60}?\b(?:will\s+be\s+lost|are\s+lost|be\s+lost|are\s+forfeited|forfeit|lapse|fall\s+away|falls\s+away|expire|expires|cannot\s+be\s+carried|not\s+be\s+carried)\b|\bhours?\b[^.;]{0,80}?\b(?:not|ne\s+sont\s+pas|ne\s+seront\s+pas|nicht|don't|do\s+not|does\s+not|cannot|will\s+not|shall\s+not)\s+(?:be\s+)?(?:carried|carry|roll\w*|transferr?\w*|pass\w*|moved)\b/i;

/** Words that bound a count from above, in English, German and French: "never exceed", "höchstens jedoch", "dans la limite de". */
const AT_MOST =
  "(?:up\\s+to|(?:a\\s+)?maximum(?:\\s+of)?|max\\.?|at\\s+most|(?:not|no|never)\\s+more\\s+than|(?:not|never)\\s+(?:[\\p{L}]+\\s+){0,2}?(?:exceed|more\\s+than)|limited\\s+to|capped\\s+at|höchstens(?:\\s+(?:jedoch|aber))?|maximal(?:\\s+(?:jedoch|aber))?|bis\\s+zu|dans\\s+la\\s+limite\\s+(?:de|d')|(?:jusqu'\\s?)?à\\s+concurrence\\s+(?:de|d')|jusqu'à|au\\s+plus|plafonnée?s?\\s+à)(?:,?\\s+(?:jedoch|aber|however|toutefois|cependant),?)?";
/**
 * Carried-over hours bounded within the carry-over's own sentence, in either order: "carried into the next month, but
 * the carried balance may never exceed 12 hours", "the bank may never hold more than 15 hours", "not more than 6 hours
 * may be carried", "übertragen, höchstens jedoch 9 Stunden", "reportées … dans la limite de 6 heures".
 */
/** Carrying hours over, also German "Übertrag" and hours moved into the next period ("moved to the following quarter"). */
const CARRY =
  '(?:carr(?:y|ies|ied|ying)|roll(?:s|ed)?|roll-?over|banked|transferr(?:ed|ing)|übertrag\\p{L}*|(?:moved|shifted|transferred)\\s+(?:forward\\s+)?(?:in)?to\\s+the\\s+(?:next|following|subsequent))';
const ROLL_BOUND = new RegExp(
  `(?<![\\p{L}])${CARRY}(?![\\p{L}])[^.;]{0,120}?${AT_MOST}\\s+(${COUNT})\\s+(?:[\\p{L}-]+\\s+)?hours?(?![\\p{L}])|${AT_MOST}\\s+(${COUNT})\\s+(?:[\\p{L}-]+\\s+)?hours?(?![\\p{L}])[^.;]{0,60}?(?<![\\p{L}])${CARRY}(?![\\p{L}])`,
  'iu',
);

/**
 * Hours beyond those included, in the words the lexicon leaves in German and French: "über das Kontingent
 * hinausgehende Stunden", "Mehrstunden", "les heures effectuées au-delà", "heures supplémentaires", "dépassement".
 */
const BEYOND_DE_FR =
  '(?<![\\p{L}])(?:hinausgehend\\p{L}*|hinaus|mehrstunden|au-del[àa]|suppl[ée]mentaires?|exc[ée]dentaires?|d[ée]passements?)(?![\\p{L}])';
/**
 * An overrun above a share of the included hours that needs the client's prior consent, in the consent words the
 * lexicon leaves: "Tout dépassement supérieur à 40 % … est soumis à l'accord préalable", "Mehrstunden über 30 % bedürfen
 * der Zustimmung".
 */
const OVERRUN_CONSENT = new RegExp(
  `${BEYOND_DE_FR}[^.;]{0,60}?(\\d{1,3}(?:[.,]\\d+)?)\\s?%[^.;]{0,100}?(?<![\\p{L}])(?:accord|autorisation|consentement|zustimmung|genehmigung|freigabe)(?![\\p{L}])`,
  'iu',
);
/**
 * The consent named before the share it guards: "your written approval before working more than 20% above the included
 * hours", "l'approbation écrite … avant que les heures excédentaires ne dépassent 20 %", "Freigabe, bevor … über 25 %".
 */
const CONSENT_BEFORE_SHARE = new RegExp(
  `(?<![\\p{L}])(?:approv\\p{L}*|approbation|accord|autorisation|consentement|zustimmung|genehmigung|freigabe)(?![\\p{L}])[^.;]{0,120}?(?<![\\p{L}])(?:more\\s+than|above|beyond|over|exceed\\p{L}*|in\\s+excess\\s+of|d[ée]pass\\p{L}*|sup[ée]rieure?s?\\s+[àa]|plus\\s+de|über|mehr\\s+als|überschreit\\p{L}*)\\s+(\\d{1,3}(?:[.,]\\d+)?)\\s?%`,
  'iu',
);
/** Hours a fee includes: "covers 20 hours", "24 hours included", "a bag of 100 hours". */
const INCLUDED = new RegExp(
  `\\b(?:covers?|includes?|including|comprises?|${INCLUDES_DE_FR})(?![\\p{L}])[^.;\\d]{0,40}?(${COUNT})\\s+(?:[\\w-]+\\s+){0,2}?(?:hours|hrs)\\b|\\b(?<![\\d.,'])(${COUNT})\\s+(?:[\\w-]+\\s+){0,2}?hours?\\b[^.;\\d]{0,40}?\\b(?:included|covered|abgegolten|enthalten|inclus\\w*|compris\\w*)(?![\\p{L}])|${HOURS_POOL}`,
  'iu',
);

/** A label naming the hours a fee includes, its count in the cells after it: "Heures comprises par mois\t18\t22". */
const HOURS_INCLUDED_LABEL =
  /(?<![\p{L}])(?:hours|heures|stunden)\s+(?:comprises|incluses|included|inclus|enthalten|inbegriffen)(?![\p{L}])/iu;

export function findRetainer(ctx: RuleContext): RetainerFound | null {
  const near = (x: Periodic): string => {
    const s = sentenceAt(ctx, x.start);
    return ctx.current.slice(s.start, Math.min(ctx.current.length, s.end + 200));
  };
  // A retainer says so, or is a periodic fee that includes hours ("forfait mensuel … couvrant 30 heures").
  const p = periodicAmounts(ctx).find(
    (x) =>
      /\bretainer\b/i.test(sentenceText(ctx, x.start)) ||
      INCLUDED.test(near(x)) ||
      HOURS_INCLUDED_LABEL.test(near(x)) ||
      includedHoursByMeaning(near(x)) !== null,
  );
  if (p) return retainerAt(ctx, { amount: p.money.amount, period: p.period, start: p.start, end: p.end });
  // A fee for a pool of hours whose period the hours name, not the amount: "erhält monatlich 18 Stunden … zum
  // Pauschalbetrag von € 2.640,00", "receives 20 hours each month for a flat amount of $3,000".
  for (const s of ctx.sentences) {
    const sentence = ctx.current.slice(s.start, s.end);
    if (!(POOL_FEE.test(sentence) || paidFor(sentence)) || !includedHoursByMeaning(sentence)) continue;
    const moneys = findMoney(sentence, ctx.numberStyle, s.start);
    const period = periodOf(sentence) ?? compoundPeriod(sentence);
    const money = moneys[0];
    if (moneys.length !== 1 || !money || !period) continue;
    return retainerAt(ctx, { amount: money.amount, period, start: money.start, end: money.end });
  }
  return null;
}

/** Words naming a fee for a pool of hours, in English, German and French. */
const POOL_FEE =
  /(?<![\p{L}])(?:pauschal\p{L}*|flat|fixed\s+(?:fee|amount|charge)|forfait\p{L}*|montant\s+forfaitaire)(?![\p{L}])/iu;

/**
 * A retainer's details read around its fee: within the fee's sentence and the next few, the included hours, the
 * overage rate, the rollover limit and the approval threshold. Also used for a fee the value ranker read as a
 * retainer, so its details are read as the rules' are.
 */
/** The span of a match in the text before a retainer's fee, where it names a change from one value to another. */
function changedBefore(
  ctx: RuleContext,
  m: RegExpExecArray | null,
  offset: number,
): { start: number; end: number } | null {
  if (!m) return null;
  const span = { start: offset + m.index, end: offset + m.index + m[0].length };
  return /(?<![\p{L}])(?:from|de|von)\s[^.;]*?(?<![\p{L}])(?:to|à|auf)\s/iu.test(m[0]) ||
    replacedOnLine(ctx, span.start)
    ? span
    : null;
}

/** Whether the line at an offset had a value the change replaced masked: "charged at $185.00 an hour instead of $175.00". */
function replacedOnLine(ctx: RuleContext, offset: number): boolean {
  const start = ctx.current.lastIndexOf('\n', offset) + 1;
  const end = ctx.current.indexOf('\n', offset);
  const stop = end < 0 ? ctx.current.length : end;
  return ctx.current.slice(start, stop) !== ctx.text.slice(start, stop);
}

export function retainerAt(
  ctx: RuleContext,
  p: { amount: string; period: Periodic['period']; start: number; end: number },
): RetainerFound {
  const sentence = sentenceAt(ctx, p.start);
  const windowEnd = Math.min(ctx.current.length, sentence.end + 900);
  // A clause stating what a value was before an amendment ("Bisher …", "Previously …") states no detail.
  const region = withoutFormer(ctx.current.slice(sentence.start, windowEnd));
  // An amendment may list the changed overage rate or carry-over before restating the unchanged fee.
  const beforeStart = Math.max(0, sentence.start - 600);
  const before = withoutFormer(ctx.current.slice(beforeStart, sentence.start));
  const at = (m: RegExpExecArray | null): { start: number; end: number } | null =>
    m ? { start: sentence.start + m.index, end: sentence.start + m.index + m[0].length } : null;

  const inc =
    new RegExp(
      `\\b(?:covers?|includes?|including|for|comprises?|${INCLUDES_DE_FR})(?![\\p{L}])\\s+(?:up\\s+to\\s+|a\\s+maximum\\s+of\\s+)?(${COUNT})\\s+(?:hours|hrs)\\b`,
      'iu',
    ).exec(region) ?? INCLUDED.exec(region);
  const pool = inc ? null : new RegExp(HOURS_POOL, 'i').exec(region);
  // A label, a changed count or a verb of entitlement: "Included hours: 40", "go from 40 to 46", "holds 40 hours".
  const meant = inc || pool ? null : includedHoursByMeaning(region);
  const overFirst = new RegExp(
    `(?:\\b(?:in\\s+excess|beyond|above|over|exceed\\w*|(?:additional|extra)\\s+hours?|overage)\\b|${BEYOND_DE_FR})(?:[^.;]|\\.(?=\\d)){0,100}?(${MONEY})\\s*(?:\\w+\\s+)?(?:per|par|pro|je|\\/|an|l')\\s*(?:hours?|hr|h|stunde|heure)\\b`,
    'iu',
  );
  const over =
    overFirst.exec(region) ??
    new RegExp(
      `(${MONEY})\\s*(?:per|\\/|an)\\s*(?:hour|hr|h)\\b[^.;\\n]{0,40}?\\b(?:additional|above|beyond|overage|in\\s+excess)\\b`,
      'i',
    ).exec(region) ??
    // The unit before the amount, as in a price table's row: "| Additional hours per hour | EUR 128,00 |".
    new RegExp(
      `\\b(?:additional\\s+hours?|overage|extra\\s+hours?)\\b[^.;\\n]{0,40}?\\bper\\s+hour\\b[^.;\\n\\d]{0,20}?(${MONEY})`,
      'i',
    ).exec(region) ??
    // A row priced by the hour it names: "| Each additional hour | £165.00 |".
    new RegExp(`\\b(?:each|every|per)\\s+(?:additional|extra)\\s+hour\\b[ \\t]*\\|[ \\t]*(${MONEY})`, 'i').exec(region);
  const roll = new RegExp(
    `\\bup\\s+to\\s+(${COUNT})\\s+(?:unused\\s+)?hours?\\b[^.;]{0,60}?\\b(?:carried|carry|roll\\w*)\\b|\\b(?:carr(?:y|ied)|roll\\w*)\\b[^.;]{0,50}?\\b(?:up\\s+to|maximum\\s+of|max\\.?|not\\s+to\\s+exceed)\\s+(${COUNT})\\s+hours?|\\bno\\s+more\\s+than\\s+(${COUNT})\\s+hours?\\b[^.;]{0,40}?\\b(?:carried|carry|roll\\w*)|\\b(?:not\\s+to\\s+exceed|maximum\\s+of)\\s+(${COUNT})\\s+hours?\\b[^.;]{0,40}?\\b(?:carried|carry|roll\\w*)`,
    'i',
  ).exec(region);
  const bounded = roll ? null : ROLL_BOUND.exec(region);
  // A carry-over limit changed from one count to another: "le report … est porté de 5 à 8 heures au maximum".
  const rollChange = roll || bounded ? null : rolloverChanged(region);
  const noRoll = NO_ROLL.exec(region);
  const appr =
    /\bapprov\w*\b[^.;]{0,100}?\b(?:overage|exceed\w*)\b[^.;]{0,60}?(\d{1,3}(?:\.\d+)?)\s?%|\b(?:additional\s+hours|overage|extra\s+hours)\b[^.;]{0,40}?(\d{1,3}(?:[.,]\d+)?)\s?%[^.;]{0,100}?\bapprov\w*|\b(?:overage|exceed\w*|excess|beyond|more\s+than|above)\b[^.;]{0,60}?(\d{1,3}(?:[.,]\d+)?)\s?%[^.;]{0,80}?\bapprov\w*/i.exec(
      region,
    ) ??
    OVERRUN_CONSENT.exec(region) ??
    CONSENT_BEFORE_SHARE.exec(region);
  // Else one sentence naming the consent, the overrun and a single share, in any order.
  const share = appr ? null : approvalShareBySentence(region);
  // Before the fee, a share an amendment changed: "our approval point moves from 20% to 25% of the included hours".
  const shareBack = appr || share ? null : approvalShareBySentence(before, true);

  // Before the fee, only a changed value counts: "le taux des heures excédentaires passe de 52 000 FCFA à 56 000 FCFA".
  const overBack = over ? null : changedBefore(ctx, overFirst.exec(before), beforeStart);
  // Else one sentence pricing the hours beyond the included ones: "the additional hours cost MNT 310,000.00 each".
  const priced = over || overBack ? null : overageRateBySentence(region, ctx.numberStyle, sentence.start);
  const pricedBack = over || overBack || priced ? null : overageRateBySentence(before, ctx.numberStyle, beforeStart);
  const pricedAny = priced ?? (pricedBack && replacedOnLine(ctx, pricedBack.start) ? pricedBack : null);
  const rollBack = roll || bounded || rollChange ? null : rolloverChanged(before);
  // The amount priced per hour: the last of a changed rate ("passe de 52 000 FCFA à 56 000 FCFA l'heure").
  const overText = over?.[0] ?? (overBack ? ctx.current.slice(overBack.start, overBack.end) : '');
  const overMoneys = findMoney(overText, ctx.numberStyle);
  const overMoney = /(?:per|par|pro|je|\/|an|l')\s*(?:hours?|hr|h|stunde|heure)\s*$/iu.test(overText)
    ? overMoneys.at(-1)
    : overMoneys[0];
  const incSpan =
    at(inc ?? pool) ??
    (meant ? { start: sentence.start + meant.index, end: sentence.start + meant.index + meant.length } : null);
  const overSpan = at(over) ?? overBack;
  const rollSpan =
    at(roll) ??
    at(bounded) ??
    (rollChange
      ? { start: sentence.start + rollChange.index, end: sentence.start + rollChange.index + rollChange.length }
      : null) ??
    (rollBack ? { start: beforeStart + rollBack.index, end: beforeStart + rollBack.index + rollBack.length } : null) ??
    at(noRoll);
  const apprSpan =
    at(appr) ??
    (share ? { start: sentence.start + share.index, end: sentence.start + share.index + share.length } : null) ??
    (shareBack
      ? { start: beforeStart + shareBack.index, end: beforeStart + shareBack.index + shareBack.length }
      : null);
  const includedHours = meant
    ? meant.value
    : incSpan
      ? parseCount(inc ? (inc[1] ?? inc[2] ?? inc[3] ?? '') : (pool?.[1] ?? ''))
      : null;
  const rolloverHoursMax = roll
    ? parseCount(roll[1] ?? roll[2] ?? roll[3] ?? roll[4] ?? '')
    : bounded
      ? parseCount(bounded[1] ?? bounded[2] ?? '')
      : rollChange
        ? rollChange.value
        : rollBack
          ? rollBack.value
          : noRoll
            ? 0
            : null;
  const threshold = appr ? parseNumber(appr[1] ?? appr[2] ?? appr[3] ?? '') : ((share ?? shareBack)?.value ?? null);
  // What the phrase rules left empty, read from the role of each clause or table row after the fee.
  const roles = retainerRoles(region, ctx.numberStyle, sentence.start);
  const rolesBefore = retainerRoles(before, ctx.numberStyle, beforeStart);
  return withRoles(
    rolesBefore,
    withRoles(roles, {
      retainer: { value: { amount: p.amount, period: p.period }, start: p.start, end: p.end },
      includedHours: includedHours && incSpan ? { value: includedHours, ...incSpan } : null,
      overageRate:
        overMoney && overSpan
          ? { value: overMoney.amount, ...overSpan }
          : pricedAny
            ? { value: pricedAny.amount, start: pricedAny.start, end: pricedAny.end }
            : null,
      rolloverHoursMax: rolloverHoursMax !== null && rollSpan ? { value: rolloverHoursMax, ...rollSpan } : null,
      overageApprovalThresholdPercent: threshold !== null && apprSpan ? { value: threshold, ...apprSpan } : null,
    }),
  );
}

/** The details found by phrase, each empty one filled from the clause roles. */
function withRoles(roles: RetainerRoles, r: RetainerFound): RetainerFound {
  const included = r.includedHours ?? roles.includedHours;
  const hours = roles.approvalHours;
  // An approval point in hours beyond the included ones is that share of them: 6 hours beyond 24 included is 25%.
  const share = hours && included && hours.value < included.value ? (hours.value / included.value) * 100 : null;
  const fromHours =
    hours && share !== null && Math.abs(share - Math.round(share)) < 1e-9
      ? { value: Math.round(share), start: hours.start, end: hours.end }
      : null;
  return {
    ...r,
    includedHours: r.includedHours ?? roles.includedHours,
    overageRate: r.overageRate ?? roles.overageRate,
    rolloverHoursMax: r.rolloverHoursMax ?? roles.rolloverHoursMax,
    overageApprovalThresholdPercent: r.overageApprovalThresholdPercent ?? roles.approvalPercent ?? fromHours,
  };
}

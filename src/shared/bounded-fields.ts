import { z } from 'zod';
import {
  AMOUNT_MAX_INTEGER_DIGITS,
  checkAmount,
  checkDateInWindow,
  checkDecimal,
  checkPeriodInWindow,
  DECIMAL_BOUNDS,
  LIST_MAX,
  TEXT_MAX,
  type BoundCode,
  type DecimalKind,
  type TextKind,
} from './bounds.ts';
import { isKnownCurrency } from './currency.ts';
import { isIsoDate, isPeriod } from './dates.ts';

/** Zod fields that carry the bounds of bounds.ts, for every boundary schema (API bodies, imports, agent tools). */

/** Text of a kind, at most TEXT_MAX[kind] characters. */
export const boundedText = (kind: TextKind) => z.string().max(TEXT_MAX[kind], `at most ${TEXT_MAX[kind]} characters`);

/** A list of a kind, at most LIST_MAX[kind] items. */
export const boundedList = <T extends z.ZodType>(item: T, kind: keyof typeof LIST_MAX) =>
  z.array(item).max(LIST_MAX[kind], `at most ${LIST_MAX[kind]} items`);

/** A short code: letters, digits, dot, dash or underscore, at most TEXT_MAX.code characters. */
export const codeField = () =>
  z
    .string()
    .min(1)
    .max(TEXT_MAX.code, `at most ${TEXT_MAX.code} characters`)
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');

/** An e-mail address of at most 254 characters. */
export const emailField = () => z.string().max(TEXT_MAX.email, `at most ${TEXT_MAX.email} characters`).email();

const issue = (ctx: z.RefinementCtx, code: BoundCode, message: string, path: PropertyKey[] = []) =>
  ctx.addIssue({ code: 'custom', message, path, params: { code } });

/** A calendar date YYYY-MM-DD inside the configured date window (bounds.ts dateWindow). */
export const dateField = () =>
  z.string().superRefine((s, ctx) => {
    if (!isIsoDate(s)) return void ctx.addIssue({ code: 'custom', message: 'a date YYYY-MM-DD' });
    const outside = checkDateInWindow(s);
    if (outside) issue(ctx, 'DATE_OUT_OF_WINDOW', outside);
  });

/** A billing period YYYY-MM whose month meets the date window. */
export const periodField = () =>
  z.string().superRefine((s, ctx) => {
    if (!isPeriod(s)) return void ctx.addIssue({ code: 'custom', message: 'a period YYYY-MM' });
    const outside = checkPeriodInWindow(s);
    if (outside) issue(ctx, 'DATE_OUT_OF_WINDOW', outside);
  });

const NON_NEGATIVE = /^\d+(\.\d+)?$/;

/** A non-negative decimal string within the bound of its kind (rate, percent, hours, quantity, fx rate). */
export const decimalField = (kind: DecimalKind) =>
  z.string().superRefine((s, ctx) => {
    if (!NON_NEGATIVE.test(s))
      return void ctx.addIssue({ code: 'custom', message: 'a non-negative decimal string such as "185.00"' });
    const why = checkDecimal(s, kind);
    if (why) issue(ctx, DECIMAL_BOUNDS[kind].code, why);
  });

/**
 * A non-negative amount whose currency is checked where it is known (refineAmount); alone it only
 * refuses what no currency allows (more than 15 integer digits or 3 decimals).
 */
export const amountField = () =>
  z.string().superRefine((s, ctx) => {
    if (!NON_NEGATIVE.test(s))
      return void ctx.addIssue({ code: 'custom', message: 'a non-negative decimal string such as "1250.00"' });
    const broken = anyCurrencyBound(s);
    if (broken) issue(ctx, broken.code, broken.message);
  });

/** What no currency allows in a non-negative decimal string: more than 15 integer digits or 3 decimals. */
function anyCurrencyBound(s: string): { code: BoundCode; message: string } | null {
  const [int = '', frac = ''] = s.split('.');
  if (int.replace(/^0+/, '').length > AMOUNT_MAX_INTEGER_DIGITS)
    return { code: 'AMOUNT_TOO_LARGE', message: `at most ${AMOUNT_MAX_INTEGER_DIGITS} digits before the point` };
  if (frac.replace(/0+$/, '').length > 3) return { code: 'AMOUNT_TOO_PRECISE', message: 'at most 3 decimals' };
  return null;
}

/**
 * Adds an issue at `path` when an amount breaks its currency's bound (too large, too many
 * decimals); for an object's superRefine, where the currency is a sibling field.
 */
export function refineAmount(
  ctx: z.RefinementCtx,
  amount: string | null | undefined,
  currency: string | null | undefined,
  path: PropertyKey[],
): void {
  // A value amountField already refused gets no second issue.
  if (
    amount == null ||
    currency == null ||
    !isKnownCurrency(currency) ||
    !NON_NEGATIVE.test(amount) ||
    anyCurrencyBound(amount)
  )
    return;
  const broken = checkAmount(amount, currency);
  if (broken) issue(ctx, broken.code, broken.message, path);
}

/**
 * The bound code of a zod issue, for details.issues[].code: what a bound field set, or what its
 * plain zod check means (a string or list too long, a number too large); undefined otherwise.
 */
export function boundCodeOf(i: z.core.$ZodIssue): BoundCode | undefined {
  if (i.code === 'custom') return (i.params as { code?: BoundCode } | undefined)?.code;
  if (i.code !== 'too_big') return undefined;
  if (i.origin === 'string') return 'TEXT_TOO_LONG';
  if (i.origin === 'array') return 'TOO_MANY_ITEMS';
  return 'NUMBER_OUT_OF_RANGE';
}

import { ISO_4217 } from './iso4217.ts';

/**
 * ISO 4217 minor units of every currency Billing Copilot can bill in: every active code of the ISO table
 * (src/shared/iso4217.ts, which the extraction rules read too) except fund codes. Money is stored as an integer
 * count of minor units; this table says how many decimals that integer carries.
 */
export const MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(ISO_4217.filter((c) => !c.fund).map((c) => [c.code, c.minorUnits])),
);

/** True when the code is an ISO 4217 currency this system knows the minor units of. */
export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(MINOR_UNITS, code);
}

/**
 * The number of decimals of a currency's minor unit.
 * @example minorUnits('JPY') // 0; minorUnits('BHD') // 3
 */
export function minorUnits(code: string): number {
  const digits = MINOR_UNITS[code];
  if (digits === undefined) throw new Error(`Unknown currency ${code}`);
  return digits;
}

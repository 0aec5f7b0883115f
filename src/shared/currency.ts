/**
 * ISO 4217 minor units for the currencies Billing Copilot bills in. Money is stored as an integer
 * count of minor units; this table says how many decimals that integer carries.
 */
export const MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  USD: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  CAD: 2,
  AUD: 2,
  NZD: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  CZK: 2,
  HUF: 2,
  SGD: 2,
  HKD: 2,
  CNY: 2,
  INR: 2,
  MXN: 2,
  BRL: 2,
  ZAR: 2,
  AED: 2,
  SAR: 2,
  ILS: 2,
  TRY: 2,
  RON: 2,
  BGN: 2,
  UAH: 2,
  QAR: 2,
  EGP: 2,
  MAD: 2,
  DZD: 2,
  MGA: 2,
  NGN: 2,
  GHS: 2,
  KES: 2,
  TZS: 2,
  ZMW: 2,
  PHP: 2,
  IDR: 2,
  MYR: 2,
  THB: 2,
  TWD: 2,
  PKR: 2,
  BDT: 2,
  LKR: 2,
  COP: 2,
  ARS: 2,
  PEN: 2,
  JPY: 0,
  KRW: 0,
  CLP: 0,
  ISK: 0,
  VND: 0,
  UGX: 0,
  RWF: 0,
  XOF: 0,
  XAF: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
});

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

import { Decimal } from 'decimal.js';

/** Days in one late-fee period: a monthly percent accrues pro rata by day over 30-day months. */
export const LATE_FEE_PERIOD_DAYS = 30;

/** A late fee: the minor units billed and the unrounded amount in minor units, kept for audit. */
export interface LateFee {
  feeMinor: bigint;
  preciseMinor: string;
}

/**
 * The late fee on an open balance: percent per month, pro rata by day over 30-day months, rounded
 * half up once to minor units. Pure; nothing here is a float.
 * @example lateFee(1_000_000n, '1.5', 45) // { feeMinor: 22_500n, ... }: USD 10,000.00 x 1.5% x 45/30 = USD 225.00
 */
export function lateFee(openMinor: bigint, percentMonthly: string, daysOverdue: number): LateFee {
  if (openMinor <= 0n || daysOverdue <= 0) return { feeMinor: 0n, preciseMinor: '0' };
  const precise = new Decimal(openMinor.toString())
    .mul(new Decimal(percentMonthly))
    .div(100)
    .mul(daysOverdue)
    .div(LATE_FEE_PERIOD_DAYS);
  return {
    feeMinor: BigInt(precise.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0)),
    preciseMinor: precise.toString(),
  };
}

/** Whole days from one ISO date to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

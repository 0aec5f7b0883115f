/** The billing core's public surface: domain types and the pure rating functions. */
export type * from './model.ts';
export { rateContract } from './rating/rate-contract.ts';
export { findRate } from './rating/time-and-materials.ts';
export { roundHours, classifyTime } from './rating/time-entries.ts';
export { graduate } from './rating/usage.ts';
export { findFxRate } from './rating/fx.ts';
export { findTaxRate, lineTax } from './rating/tax.ts';
export { computeTotals } from './rating/totals.ts';
export { EXCEPTION_RULES, SLA_HOURS } from './rating/validate.ts';

import type { ArIbmRow } from './ar-ibm.ts';

/** Placeholder until the prioritization replay lands. */
export function rankingReplay(_rows: readonly ArIbmRow[]): void {}

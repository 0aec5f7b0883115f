import { dec } from '../../shared/decimal.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { ExchangeRateInput } from '../../billing/inputs/contract-bundle.ts';
import { rateText } from '../../billing/rating/fx.ts';
import { authorityOf } from '../../policy/permissions.ts';
import type { Role } from '../../policy/roles.ts';
import { appendAudit } from '../stores/audit-store.ts';
import { insertNewRates, rateKey, storedRates } from '../stores/exchange-rate-store.ts';
import { auditEntry, type UseCaseContext, type UseCaseDatabase } from './context.ts';

/** Who loads exchange rates: a rate decides invoice amounts, and missing_fx_rate is the controller's to fix. */
export const FX_RATE_WRITERS: readonly Role[] = ['controller', 'finance_admin'];

export interface ImportExchangeRatesInput {
  rates: readonly ExchangeRateInput[];
  /** The file the rates came from (CLI), for the audit row. */
  file?: string;
}

/** One rate as stored, and whether this call stored it or found it already there. */
export interface RateOutcome {
  base: string;
  quote: string;
  rate: string;
  rateDate: string;
  source: string;
  status: 'inserted' | 'unchanged';
}

export interface ImportExchangeRatesResult {
  inserted: number;
  unchanged: number;
  rates: RateOutcome[];
}

/** Where a request disagrees with a stored rate, or with itself. */
export interface RateConflict {
  index: number;
  base: string;
  quote: string;
  rateDate: string;
  given: string;
  /** The rate stored (FX_RATE_CONFLICT) or given by an earlier item (FX_RATES_CONTRADICT). */
  existing: string;
  existingIndex?: number;
}

export type ImportExchangeRatesError =
  | { code: 'FORBIDDEN'; message: string }
  | { code: 'ENTITY_OUT_OF_SCOPE'; message: string }
  | { code: 'FX_RATES_CONTRADICT'; message: string; conflicts: RateConflict[] }
  | { code: 'FX_RATE_CONFLICT'; message: string; conflicts: RateConflict[] };

/**
 * Loads dated exchange rates by currency pair, all or none, in one audited transaction. The same
 * rate again for a pair and date is a replay (reported unchanged, nothing written); another rate
 * for a stored pair and date is FX_RATE_CONFLICT and nothing of the request is written: a rate
 * invoices may already have used is not silently replaced. Rates are firm-wide, so the actor needs
 * every legal entity.
 * @example [{ base: 'EUR', quote: 'USD', rate: '1.0920', rateDate: '2026-10-14' }] → { inserted: 1, unchanged: 0 }
 */
export async function importExchangeRates(database: UseCaseDatabase, ctx: UseCaseContext, input: ImportExchangeRatesInput): Promise<Result<ImportExchangeRatesResult, ImportExchangeRatesError>> {
  const authority = authorityOf(ctx.actor);
  if (!authority.roles.some((r) => FX_RATE_WRITERS.includes(r))) {
    return err({ code: 'FORBIDDEN', message: `loading exchange rates needs one of the roles ${FX_RATE_WRITERS.join(', ')}` });
  }
  if (authority.entityIds !== null) return err({ code: 'ENTITY_OUT_OF_SCOPE', message: 'exchange rates are firm-wide; your access is limited to some legal entities' });

  // One rate per pair and date: a repeat of the same rate is dropped, another rate is the request contradicting itself.
  const first = new Map<string, number>();
  const contradictions: RateConflict[] = [];
  const rates: ExchangeRateInput[] = [];
  input.rates.forEach((r, index) => {
    const seen = first.get(rateKey(r));
    if (seen === undefined) {
      first.set(rateKey(r), index);
      rates.push(r);
    } else if (!dec(input.rates[seen]!.rate).eq(dec(r.rate))) {
      contradictions.push({ index, base: r.base, quote: r.quote, rateDate: r.rateDate, given: r.rate, existing: input.rates[seen]!.rate, existingIndex: seen });
    }
  });
  if (contradictions.length) {
    return err({ code: 'FX_RATES_CONTRADICT', message: `${contradictions.length} item${contradictions.length === 1 ? ' gives' : 's give'} a second, different rate for a pair and date; nothing was written`, conflicts: contradictions });
  }

  try {
    return await database.db.transaction(async (tx) => {
      const inserted = await insertNewRates(tx, rates);
      const existing = await storedRates(tx, rates.filter((r) => !inserted.has(rateKey(r))));
      const conflicts = rates.flatMap((r): RateConflict[] => {
        const stored = existing.get(rateKey(r));
        return stored && !dec(stored.rate).eq(dec(r.rate))
          ? [{ index: first.get(rateKey(r))!, base: r.base, quote: r.quote, rateDate: r.rateDate, given: r.rate, existing: rateText(dec(stored.rate)) }]
          : [];
      });
      if (conflicts.length) throw new Refused(conflicts);
      const outcomes = rates.map((r): RateOutcome => {
        const stored = existing.get(rateKey(r));
        return {
          base: r.base, quote: r.quote, rate: rateText(dec(stored?.rate ?? r.rate)), rateDate: r.rateDate, source: stored?.source ?? r.source,
          status: inserted.has(rateKey(r)) ? 'inserted' : 'unchanged',
        };
      });
      const added = outcomes.filter((o) => o.status === 'inserted');
      if (added.length) {
        await appendAudit(tx, auditEntry(ctx, {
          action: 'exchange_rates.import', targetType: 'exchange_rates',
          targetId: added.length === 1 ? rateKey(added[0]!) : `${added.length} rates`, before: null,
          after: {
            inserted: added.length <= 100 ? added.map(({ status: _s, ...r }) => r) : added.length,
            unchanged: outcomes.length - added.length, ...(input.file ? { file: input.file } : {}),
          },
          decision: null,
        }));
      }
      return ok({ inserted: added.length, unchanged: outcomes.length - added.length, rates: outcomes });
    });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return err({
      code: 'FX_RATE_CONFLICT',
      message: `${e.conflicts.length} rate${e.conflicts.length === 1 ? ' differs' : 's differ'} from the one stored for the same pair and date; nothing was written (a stored rate is not replaced)`,
      conflicts: e.conflicts,
    });
  }
}

/** Rolls the transaction back: rates that differ from stored ones. */
class Refused extends Error {
  constructor(readonly conflicts: RateConflict[]) {
    super('exchange rates conflict with stored ones');
  }
}

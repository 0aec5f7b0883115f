import { z } from 'zod';
import { dec } from '../../shared/decimal.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import { exchangeRatesImportSchema, type ExchangeRateInput } from '../../billing/inputs/contract-bundle.ts';
import { rateText } from '../../billing/rating/fx.ts';
import type { ActionOf } from '../../policy/actions.ts';
import type { PolicyFacts } from '../../policy/facts.ts';
import { authorityOf } from '../../policy/permissions.ts';
import type { Role } from '../../policy/roles.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { insertNewRates, rateKey, storedRates } from '../../db/stores/exchange-rate-store.ts';
import { passGate, type GateError } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry, type UseCaseContext, type UseCaseDatabase } from '../policy-gate/context.ts';
import { defineTool } from '../define-tool.ts';

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
  | GateError
  | { code: 'FORBIDDEN'; message: string }
  | { code: 'ENTITY_OUT_OF_SCOPE'; message: string }
  | { code: 'FX_RATES_CONTRADICT'; message: string; conflicts: RateConflict[] }
  | { code: 'FX_RATE_CONFLICT'; message: string; conflicts: RateConflict[] };

/**
 * Loads dated exchange rates by currency pair, all or none, in one audited transaction. The same
 * rate again for a pair and date is a replay (reported unchanged, nothing written); another rate
 * for a stored pair and date is FX_RATE_CONFLICT and nothing of the request is written: a rate
 * invoices may already have used is not silently replaced. Rates are firm-wide, so the actor needs
 * every legal entity. The rates it adds are the policy action exchange_rates.import, checked against
 * the matrix in force and its approvals right before the audit row (the bundled matrix asks none);
 * a refusal rolls the rates back, and a missing approval's request is opened on its own.
 * @example [{ base: 'EUR', quote: 'USD', rate: '1.0920', rateDate: '2026-10-14' }] → { inserted: 1, unchanged: 0 }
 */
export async function importExchangeRates(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ImportExchangeRatesInput,
): Promise<Result<ImportExchangeRatesResult, ImportExchangeRatesError>> {
  const authority = authorityOf(ctx.actor);
  if (!authority.roles.some((r) => FX_RATE_WRITERS.includes(r))) {
    return err({
      code: 'FORBIDDEN',
      message: `loading exchange rates needs one of the roles ${FX_RATE_WRITERS.join(', ')}`,
    });
  }
  if (authority.entityIds !== null)
    return err({
      code: 'ENTITY_OUT_OF_SCOPE',
      message: 'exchange rates are firm-wide; your access is limited to some legal entities',
    });

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
      contradictions.push({
        index,
        base: r.base,
        quote: r.quote,
        rateDate: r.rateDate,
        given: r.rate,
        existing: input.rates[seen]!.rate,
        existingIndex: seen,
      });
    }
  });
  if (contradictions.length) {
    return err({
      code: 'FX_RATES_CONTRADICT',
      message: `${contradictions.length} item${contradictions.length === 1 ? ' gives' : 's give'} a second, different rate for a pair and date; nothing was written`,
      conflicts: contradictions,
    });
  }

  try {
    return await database.db.transaction(async (tx) => {
      const inserted = await insertNewRates(tx, rates);
      const existing = await storedRates(
        tx,
        rates.filter((r) => !inserted.has(rateKey(r))),
      );
      const conflicts = rates.flatMap((r): RateConflict[] => {
        const stored = existing.get(rateKey(r));
        return stored && !dec(stored.rate).eq(dec(r.rate))
          ? [
              {
                index: first.get(rateKey(r))!,
                base: r.base,
                quote: r.quote,
                rateDate: r.rateDate,
                given: r.rate,
                existing: rateText(dec(stored.rate)),
              },
            ]
          : [];
      });
      if (conflicts.length) throw new Refused(conflicts);
      const outcomes = rates.map((r): RateOutcome => {
        const stored = existing.get(rateKey(r));
        return {
          base: r.base,
          quote: r.quote,
          rate: rateText(dec(stored?.rate ?? r.rate)),
          rateDate: r.rateDate,
          source: stored?.source ?? r.source,
          status: inserted.has(rateKey(r)) ? 'inserted' : 'unchanged',
        };
      });
      const added = outcomes.filter((o) => o.status === 'inserted');
      if (added.length) {
        const action = importAction(added);
        const gate = await passGate(tx, ctx, action, FACTS);
        if (!gate.ok) throw new GateRefused(gate.error, action);
        await appendAudit(
          tx,
          auditEntry(ctx, {
            action: 'exchange_rates.import',
            targetType: 'exchange_rates',
            targetId: added.length === 1 ? rateKey(added[0]!) : `${added.length} rates`,
            before: null,
            after: {
              inserted: added.length <= 100 ? added.map(({ status: _s, ...r }) => r) : added.length,
              unchanged: outcomes.length - added.length,
              ...(input.file ? { file: input.file } : {}),
            },
            decision: toJsonValue(gate.value.decision),
            approvalRef: approvalRef(gate.value.approvals),
          }),
        );
      }
      return ok({ inserted: added.length, unchanged: outcomes.length - added.length, rates: outcomes });
    });
  } catch (e) {
    if (e instanceof GateRefused) {
      const r = e.refusal;
      if (r.code !== 'APPROVAL_REQUIRED' && r.code !== 'ARGS_CHANGED') return err(r);
      const opened = await passGate(database.db, ctx, e.action, FACTS);
      return err(opened.ok ? r : opened.error);
    }
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

/** Exchange rates are firm-wide. */
const FACTS: PolicyFacts = { entityId: null };

/** The action of the rates an import adds: each pair, date and rate, sorted, so an approval covers exactly these. */
const importAction = (added: readonly RateOutcome[]): ActionOf<'exchange_rates.import'> => ({
  type: 'exchange_rates.import',
  target: { kind: 'exchange_rates', id: 'firm' },
  args: { rates: added.map((r) => `${r.base}/${r.quote} ${r.rateDate} ${r.rate}`).sort() },
});

/** Rolls the transaction back: policy refused the rates or they need approvals they lack. */
class GateRefused extends Error {
  constructor(
    readonly refusal: GateError,
    readonly action: ActionOf<'exchange_rates.import'>,
  ) {
    super(refusal.message);
  }
}

export const importExchangeRatesInputSchema = z.object({
  rates: exchangeRatesImportSchema.describe('The rates: quote units per one base unit on a date'),
  file: z.string().max(255).optional().describe('The file the rates came from, for the audit row'),
});

const rateOutcomeSchema = z.object({
  base: z.string(),
  quote: z.string(),
  rate: z.string(),
  rateDate: z.string(),
  source: z.string(),
  status: z
    .enum(['inserted', 'unchanged'])
    .describe('inserted: stored by this call; unchanged: the same rate was stored already'),
});

export const importExchangeRatesOutputSchema = z
  .object({
    inserted: z.number().int(),
    unchanged: z.number().int(),
    rates: z.array(rateOutcomeSchema),
  })
  .describe('Counts and each rate with status inserted or unchanged');

export const exchangeRatesImport = defineTool({
  name: 'exchange_rates_import',
  description:
    'Loads dated exchange rates by currency pair (quote units per one base unit), all or none. The same rate again for a pair and date ' +
    'is a replay (unchanged); another rate for a stored pair and date is FX_RATE_CONFLICT and nothing is written. Firm-wide: controllers and ' +
    'finance admins with every legal entity.',
  input: importExchangeRatesInputSchema,
  output: importExchangeRatesOutputSchema,
  risk: 'write',
  policyAction: 'exchange_rates.import',
  handler: (ctx, input) => importExchangeRates(ctx, ctx, input),
});

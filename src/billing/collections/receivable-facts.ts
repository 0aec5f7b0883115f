/**
 * What the prioritization knows about each open receivable on its date, from the ledger as it stood
 * then: the risk model's late score and reasons, days past due, dispute status, the client's credit
 * exposure and relationship. Pure, so the nightly run, the ranking replay of `eval:risk` and the
 * benchmark run the same code; the tool only reads the rows and writes the worklist.
 */
import { dayNumber, type RiskInvoice } from '../risk/features.ts';
import type { RiskModel } from '../risk/model.ts';
import { type LateRisk, scoreOpen } from '../risk/score.ts';
import { minorUnits } from '../../shared/currency.ts';
import { format, money } from '../../shared/money.ts';
import { exposureIn, type ExposureInCurrency, type RateOf } from '../receivables/credit-exposure.ts';
import { decideDunning, type PolicyStep, stepsFor } from './dunning.ts';
import { promiseState, type ReceivableFacts } from './prioritize.ts';

/** The history as known on `asOf`: invoices issued by then, with outcomes that came later not known yet. */
export function historyAsOf<T extends RiskInvoice>(history: readonly T[], asOf: string): T[] {
  return history
    .filter((i) => i.issueDate <= asOf)
    .map((i) => ({
      ...i,
      settledDate: i.settledDate !== null && i.settledDate <= asOf ? i.settledDate : null,
      disputeKnownOn: i.disputeKnownOn !== null && i.disputeKnownOn <= asOf ? i.disputeKnownOn : null,
    }));
}

/** An invoice open on the date (from `historyAsOf`), with what it still owes then. */
export interface OpenReceivable extends RiskInvoice {
  currency: string;
  openMinor: bigint;
}

/** Per client: what the priority reads beside the ledger. */
export interface ClientCollectionTerms {
  /** The client's code: a `client:<code>` dunning sequence wins over its segment's. */
  code?: string;
  segment: string;
  creditLimitMinor: bigint | null;
  creditLimitCurrency: string | null;
  activeProjects: number;
}

/** The facts of one receivable, with the dispute probability its late score used (stored beside it). */
export interface ScoredReceivable {
  facts: ReceivableFacts;
  disputeProbability: number;
}

/** The latest promise to pay on an invoice, as recorded: what was open then and what was promised. */
export interface PromiseOnRecord {
  /** The promise's id (what the dunning run closes as kept or broken). */
  id?: string;
  /** Open on the date (not closed by then); absent: open. Dunning reads only an open one. */
  open?: boolean;
  promisedFor: string;
  amountMinor: bigint;
  openAtRecordMinor: bigint;
  currency: string;
}

/**
 * What the dunning run reads besides the ledger (send-reminders.ts reads the same, with the same rules):
 * the stored sequences by scope, the pauses active on the date, the step keys in the outbox by then.
 */
export interface DunningContext {
  policies: ReadonlyMap<string, readonly PolicyStep[]>;
  pauses: { invoices: ReadonlyMap<string, string>; clients: ReadonlyMap<string, string> };
  sent: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * How the ranking makes open amounts of different currencies comparable: `factor(c)` is what one major
 * unit of currency `c` is worth in major units of `currency` on the run's date (1 for `currency`
 * itself, and for a currency with no rate, which then ranks unconverted). For scoring only: money
 * stays bigint in its own currency everywhere else.
 */
export interface RankingFx {
  currency: string;
  factor(currency: string): number;
  /**
   * Exact rates between any two currencies on the run's date (findFxRate over the stored rates), for credit
   * exposure in a limit's currency; absent: exposure counts the limit's currency only.
   */
  rateOf?: RateOf;
}

/** No conversion: every amount ranks in its own currency (a firm that bills in one). */
export const NO_FX: RankingFx = { currency: '', factor: () => 1 };

/** No stored sequence, pause or outbox row: the default sequence for everyone. */
export const NO_DUNNING: DunningContext = {
  policies: new Map(),
  pauses: { invoices: new Map(), clients: new Map() },
  sent: new Map(),
};
const NOTHING_SENT: ReadonlySet<string> = new Set();

/**
 * Scores every receivable open on `asOf`. `perClient` is each client's history as known on the date
 * (`historyAsOf`); the receivables of a client must all be in `open` (credit exposure adds them up),
 * so a caller working in batches splits by client. `score` is scoreOpen, or scoreOpenLean (the
 * same result, faster) in the nightly run. Each receivable's dunning decision (`decideDunning`, what
 * the dunning run of the night sends) comes from `dunning`. Open amounts are compared in `fx.currency`.
 */
export function receivableFacts(
  model: RiskModel,
  asOf: string,
  open: readonly OpenReceivable[],
  perClient: ReadonlyMap<string, readonly RiskInvoice[]>,
  disputed: ReadonlySet<string>,
  clients: ReadonlyMap<string, ClientCollectionTerms>,
  promises: ReadonlyMap<string, PromiseOnRecord> = new Map(),
  score: typeof scoreOpen = scoreOpen,
  dunning: DunningContext = NO_DUNNING,
  fx: RankingFx = NO_FX,
): ScoredReceivable[] {
  const exposures = clientExposures(open, clients, fx.rateOf ?? null);
  // A client's sequence looked up once per client rather than per receivable (two keys built, two map reads);
  // decideDunning finds its step keys by the sequence (sequenceKeys: by array, checked against its value).
  const stepsOf = new Map<string, readonly PolicyStep[]>();
  return open.map((i) => {
    const c = clients.get(i.clientId);
    let steps = stepsOf.get(i.clientId);
    if (steps === undefined) {
      steps = stepsFor(dunning.policies, c?.code ?? '', c?.segment ?? 'standard');
      stepsOf.set(i.clientId, steps);
    }
    const s: LateRisk = score(model, i, perClient.get(i.clientId) ?? [], asOf, disputed.has(i.id));
    const scale = 10 ** minorUnits(i.currency);
    const limit = c?.creditLimitMinor ?? null;
    const p = promises.get(i.id);
    const state = p ? promiseState(p, i.openMinor, asOf) : null;
    const daysPastDue = dayNumber(asOf) - dayNumber(i.dueDate);
    const decision = decideDunning(
      {
        invoiceId: i.id,
        daysPastDue,
        openMinor: i.openMinor,
        disputeOpen: disputed.has(i.id),
        paused: dunning.pauses.invoices.get(i.id) ?? dunning.pauses.clients.get(i.clientId) ?? null,
        promise: p && p.open !== false ? { ...p, id: p.id ?? '' } : null,
        sent: dunning.sent.get(i.id) ?? NOTHING_SENT,
        steps,
      },
      asOf,
    );
    return {
      disputeProbability: s.disputeProbability,
      facts: {
        invoiceId: i.id,
        clientId: i.clientId,
        openAmount: (Number(i.openMinor) / scale) * fx.factor(i.currency),
        daysPastDue,
        disputeOpen: disputed.has(i.id),
        lateProbability: s.lateProbability,
        expectedDaysLate: s.expectedDaysLate,
        riskReasons: s.reasons,
        exposure: exposureFact(exposures.get(i.clientId), limit, i.currency, fx.rateOf !== undefined),
        activeProjects: c?.activeProjects ?? 0,
        segment: c?.segment ?? 'standard',
        promise:
          p && state
            ? { state, promisedFor: p.promisedFor, amount: `${format(money(p.amountMinor, p.currency))} ${p.currency}` }
            : null,
        dunning: decision,
      },
    };
  });
}

/**
 * Each client's open amount in its limit's currency (exposureIn): with `rateOf`, every currency it owes in,
 * converted at the newest rate by the date; without, the limit's currency only (as before rates were read).
 */
function clientExposures(
  open: readonly OpenReceivable[],
  clients: ReadonlyMap<string, ClientCollectionTerms>,
  rateOf: RateOf | null,
): Map<string, ExposureInCurrency> {
  const owed = new Map<string, Map<string, bigint>>();
  for (const i of open) {
    const c = clients.get(i.clientId);
    if (c?.creditLimitMinor === null || c?.creditLimitMinor === undefined || !c.creditLimitCurrency) continue;
    if (!rateOf && c.creditLimitCurrency !== i.currency) continue;
    const byCurrency = owed.get(i.clientId) ?? new Map<string, bigint>();
    byCurrency.set(i.currency, (byCurrency.get(i.currency) ?? 0n) + i.openMinor);
    owed.set(i.clientId, byCurrency);
  }
  const out = new Map<string, ExposureInCurrency>();
  for (const [clientId, byCurrency] of owed)
    out.set(clientId, exposureIn(clients.get(clientId)!.creditLimitCurrency!, byCurrency, rateOf));
  return out;
}

/** An amount in words, "300.00 EUR" (module level: a helper made per call is also renamed under tsx, per receivable). */
const m = (minor: bigint, c: string): string => `${format(money(minor, c))} ${c}`;

/**
 * The exposure a receivable ranks with: its client's, on every invoice of the client when amounts are converted,
 * else on the invoices in the limit's currency only; with what was converted and what had no rate, in words.
 */
function exposureFact(
  e: ExposureInCurrency | undefined,
  limit: bigint | null,
  currency: string,
  converting: boolean,
): ReceivableFacts['exposure'] {
  if (!e || limit === null || (!converting && e.currency !== currency)) return null;
  return {
    open: money(e.exposureMinor, e.currency),
    limit: money(limit, e.currency),
    ...(e.converted.length
      ? { converted: e.converted.map((x) => `${m(x.openMinor, x.currency)} at ${x.rate} of ${x.rateDate}`) }
      : {}),
    ...(e.unconverted.length ? { notCounted: e.unconverted.map((x) => m(x.openMinor, x.currency)) } : {}),
  };
}

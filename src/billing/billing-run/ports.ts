import type { HoldRules } from '../invoices/hold-rules.ts';
import type {
  ClientTerms,
  ContractTerms,
  DraftInvoice,
  ExchangeRate,
  Expense,
  TaxRate,
  TimeEntry,
  UsageRecord,
} from '../model.ts';

/** Unbilled inputs of a batch of contracts for one period, as the store loads them. */
export interface ContractBatch {
  contracts: Map<string, { terms: ContractTerms; client: ClientTerms }>;
  timeEntries: Map<string, TimeEntry[]>;
  expenses: Map<string, Expense[]>;
  usage: Map<string, UsageRecord[]>;
  /** Rollover hours carried out of the latest earlier retainer period. */
  retainerRollover: Map<string, string>;
  /** Fees already counted against the not-to-exceed cap, work currency. */
  billedToDate: Map<string, bigint>;
  /** This period's invoice per contract, if one exists. */
  existing: Map<string, { id: string; status: string }>;
  /** Resolved exceptions of this period per contract: dedupe key -> resolution code. */
  resolutions: Map<string, Map<string, string>>;
  /**
   * The held amount each releasing resolution let onto the invoice (invoice currency, minor units, from its audit
   * row), per contract: dedupe key -> amount. A release binds that amount; a re-rated line that grew is held again.
   */
  releasedAmounts?: Map<string, Map<string, bigint>>;
}

export interface WriteDraftInput {
  runId: string;
  period: string;
  draft: DraftInvoice;
  /** This period's draft for the contract, regenerated in place; null to insert a new one. */
  existingDraftId: string | null;
  nteConsumedMinor: bigint;
  retainer: { rolloverIn: string; rolloverOut: string } | null;
  /** The person who started the run (a user id), or the scheduler service identity (SYSTEM_PREPARER); a regenerated draft takes the latest run's. */
  preparedBy: string;
  now: Date;
  /** Resolved exceptions to open again: their release covered less than the re-rated line now holds. */
  reopenExceptions?: readonly string[];
}

export type WriteDraftOutcome =
  | { kind: 'written'; invoiceId: string | null; lines: number; exceptions: number }
  /** Another run billed (some of) the same work first; this contract was rolled back whole. */
  | { kind: 'conflict'; reason: string };

/** What the billing run needs from storage. Each writeDraft is one transaction. */
export interface BillingRunPorts {
  /** Drafts written at once; each is its own transaction (PostgreSQL: a few; PGlite: one connection). */
  writeConcurrency?: number;
  startRun(period: string, trigger: string): Promise<string>;
  /** The run's progress so far, after every batch: also its heartbeat, which tells a live run from a dead one. */
  progress?(runId: string, stats: Record<string, unknown>): Promise<void>;
  finishRun(
    runId: string,
    status: 'completed' | 'failed',
    stats: Record<string, unknown>,
    error?: string,
  ): Promise<void>;
  listContractIds(periodEnd: string): Promise<string[]>;
  /** Rates, and the hold rules of the approval matrix in force (DEFAULT_HOLD_RULES when absent). */
  loadReference(): Promise<{ exchangeRates: ExchangeRate[]; taxRates: TaxRate[]; holdRules?: HoldRules }>;
  loadBatch(ids: string[], period: string, periodStart: string, periodEnd: string): Promise<ContractBatch>;
  writeDraft(input: WriteDraftInput): Promise<WriteDraftOutcome>;
}

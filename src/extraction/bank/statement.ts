import type { ErrorCodeOf } from '../../shared/error-codes.ts';

/** One booked entry of a bank statement, money in minor units (never a float). */
export interface StatementLine {
  /** 1-based position in the file (after splitting a batch entry into its transactions). */
  lineNo: number;
  /** The bank's reference of the transaction: the line's (and its payment's) identity in the legal entity. */
  bankReference: string;
  direction: 'credit' | 'debit';
  /** Positive; the direction says which way it went. */
  amountMinor: bigint;
  currency: string;
  bookedOn: string;
  valueOn: string | null;
  counterpartyName: string | null;
  /** The payer's (or payee's) account: IBAN or other id. */
  counterpartyAccount: string | null;
  /** Remittance information: unstructured lines joined, structured creditor references, the entry's additional info. */
  remittance: string | null;
  /** The payer's end-to-end id (camt.053 Refs/EndToEndId), which a return of the payment quotes again. */
  endToEndId?: string | null;
  /**
   * Set when the line returns or reverses an earlier booking (camt.053 RvslInd true, or return
   * information RtrInf): the bank's reason code (ISO 20022 external return reason, e.g. AC04) and text.
   */
  returnInfo?: { reversal: boolean; reasonCode: string | null; reason: string | null } | null;
}

/** A statement as read from a file: whose account, and its lines. */
export interface ParsedStatement {
  format: 'camt053' | 'csv';
  /** The statement's own id when the file has one (camt.053 Stmt/Id). */
  statementId: string | null;
  account: string | null;
  lines: StatementLine[];
}

/** Why a file could not be read as a statement: the code, a sentence, and where. */
export interface StatementReadError {
  code: ErrorCodeOf<'BANK_STATEMENT_UNREADABLE' | 'BANK_CSV_MAPPING_INVALID'>;
  message: string;
  /** The CSV row or camt.053 entry the problem is in (1-based), when there is one. */
  at?: number;
}

/** The most lines one statement may hold; more is refused before anything is stored. */
export const MAX_STATEMENT_LINES = 20_000;

import { approvalsInboxList } from './approvals/approvals-inbox.ts';
import { approvalsGrant } from './approvals/grant-approval.ts';
import { approvalsReject } from './approvals/reject-approval.ts';
import { bankStatementsImport } from './bank-statements/import-bank-statement.ts';
import { bankStatementsShow } from './bank-statements/show-bank-statement.ts';
import type { AnyTool } from './define-tool.ts';
import { exceptionsAssign } from './exceptions/assign-exception.ts';
import { exceptionsList } from './exceptions/list-exceptions.ts';
import { exceptionsResolve } from './exceptions/resolve-exception.ts';
import { invoicesApprove } from './invoices/approve-invoice.ts';
import { invoicesCredit } from './invoices/credit-invoice.ts';
import { invoicesDeliver } from './invoices/deliver-invoice.ts';
import { invoicesDispute } from './invoices/dispute-invoice.ts';
import { invoicesPost } from './invoices/post-invoice.ts';
import { invoicesReject } from './invoices/reject-invoice.ts';
import { invoicesResolveDispute } from './invoices/resolve-dispute.ts';
import { invoicesSubmit } from './invoices/submit-invoice.ts';
import { invoicesVoid } from './invoices/void-invoice.ts';
import { invoicesWriteOff } from './invoices/write-off-invoice.ts';
import { paymentsApply } from './payments/apply-payment.ts';
import { paymentsList } from './payments/list-payments.ts';
import { paymentsRecord } from './payments/record-payment.ts';
import { paymentsReverse } from './payments/reverse-payment.ts';
import { paymentsShow } from './payments/show-payment.ts';
import { receivablesReport } from './receivables/receivables-report.ts';

/**
 * Every catalogue entry, by aggregate. Routes, CLI commands, the agent and jobs call these through
 * callTool; the catalogue test (src/tools/catalogue.int.test.ts) walks this list.
 */
export const CATALOGUE = {
  approvals: [approvalsInboxList, approvalsGrant, approvalsReject],
  exceptions: [exceptionsList, exceptionsAssign, exceptionsResolve],
  invoices: [invoicesSubmit, invoicesApprove, invoicesReject, invoicesPost, invoicesDeliver, invoicesVoid, invoicesCredit, invoicesWriteOff, invoicesDispute, invoicesResolveDispute],
  payments: [paymentsList, paymentsShow, paymentsRecord, paymentsApply, paymentsReverse],
  bankStatements: [bankStatementsImport, bankStatementsShow],
  receivables: [receivablesReport],
} as const satisfies Record<string, readonly AnyTool[]>;

/** Every entry, flat. */
export const ALL_TOOLS: readonly AnyTool[] = Object.values(CATALOGUE).flat() as AnyTool[];

const BY_NAME = new Map(ALL_TOOLS.map((t) => [t.name, t]));
if (BY_NAME.size !== ALL_TOOLS.length) throw new Error('two catalogue entries share a name');

/** The entry of this name; throws for an unknown name (a bug in the caller, not bad input). */
export function toolNamed(name: string): AnyTool {
  const t = BY_NAME.get(name);
  if (!t) throw new Error(`no catalogue entry ${name}`);
  return t;
}

import { approvalsInboxList } from './approvals/approvals-inbox.ts';
import { approvalNoticesList, approvalNoticesMarkRead } from './approvals/approval-notices.ts';
import { approvalNoticesDeliver } from './approvals/deliver-decision-notices.ts';
import { approvalsGrant } from './approvals/grant-approval.ts';
import { approvalsReject } from './approvals/reject-approval.ts';
import { billingRunsList } from './billing-runs/list-billing-runs.ts';
import { billingRunsShow } from './billing-runs/show-billing-run.ts';
import { billingRunsStart } from './billing-runs/start-billing-run.ts';
import { agentCheckpointsPrune } from './agent/prune-checkpoints.ts';
import { agentTurnsList } from './agent/turn-log.ts';
import { bankStatementsImport } from './bank-statements/import-bank-statement.ts';
import { bankStatementsShow } from './bank-statements/show-bank-statement.ts';
import type { AnyTool } from './define-tool.ts';
import { documentsApplyTerms } from './documents/apply-terms.ts';
import { documentsPreviewTerms } from './documents/preview-terms.ts';
import { documentsSummarise } from './documents/summarise-document.ts';
import { documentsUpload } from './documents/upload-document.ts';
import { expensesApprove } from './expenses/approve-expenses.ts';
import { expensesImport } from './expenses/import-expenses.ts';
import { expensesRecord } from './expenses/record-expense.ts';
import { clientsAssignCollector } from './collections/assign-collector.ts';
import { collectionsSummary } from './collections/collections-summary.ts';
import { collectionsWorklistList } from './collections/collections-worklist.ts';
import { collectionsPrioritize } from './collections/prioritize-collections.ts';
import { remindersDeliver } from './collections/deliver-reminders.ts';
import { collectionsEmailDigest } from './collections/email-digest.ts';
import { remindersRecordBounce } from './collections/record-bounce.ts';
import { collectionsPauseDunning } from './collections/pause-dunning.ts';
import { collectionsRecordPromise } from './collections/record-promise.ts';
import { promisesList } from './collections/list-promises.ts';
import { remindersList } from './collections/list-reminders.ts';
import { dunningPolicySet, dunningPolicyShow } from './collections/dunning-policy.ts';
import { collectionsSendReminders } from './collections/send-reminders.ts';
import { riskModelsTrain } from './collections/train-risk-models.ts';
import { riskScoresBackfill } from './collections/backfill-dispute-scores.ts';
import { exceptionsAssign } from './exceptions/assign-exception.ts';
import { exceptionsList } from './exceptions/list-exceptions.ts';
import { exceptionsResolve } from './exceptions/resolve-exception.ts';
import { exceptionsRecordIncoming } from './exceptions/record-incoming.ts';
import { exceptionsTriage } from './exceptions/triage-incoming.ts';
import { invoicesApprove } from './invoices/approve-invoice.ts';
import { invoicesCredit } from './invoices/credit-invoice.ts';
import { invoicesApplyLateFee } from './invoices/apply-late-fee.ts';
import { invoicesDeliver } from './invoices/deliver-invoice.ts';
import { invoicesExplainLine } from './invoices/explain-line.ts';
import { invoicesList } from './invoices/list-invoices.ts';
import { invoicesShow } from './invoices/show-invoice.ts';
import { invoicesRecommendReviewer } from './invoices/recommend-reviewer.ts';
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
import { paymentsSuggestApplication } from './payments/suggest-application.ts';
import { clientsList } from './clients/list-clients.ts';
import { clientsShow } from './clients/show-client.ts';
import { clientsUpsert } from './clients/upsert-client.ts';
import { legalEntitiesChangeBankAccount } from './legal-entities/change-bank-account.ts';
import { projectsList } from './projects/list-projects.ts';
import { projectsShow } from './projects/show-project.ts';
import { projectsUpsert } from './projects/upsert-project.ts';
import { peopleList } from './people/list-people.ts';
import { peopleShow } from './people/show-person.ts';
import { peopleUpsert } from './people/upsert-person.ts';
import { contractsList } from './contracts/list-contracts.ts';
import { contractsShow } from './contracts/show-contract.ts';
import { contractsUpsert } from './contracts/upsert-contract.ts';
import { approvalMatrixChange } from './approval-matrix/change-approval-matrix.ts';
import { exchangeRatesImport } from './exchange-rates/import-exchange-rates.ts';
import { exchangeRatesList } from './exchange-rates/list-exchange-rates.ts';
import {
  approvalMatrixShow,
  approvalMatrixShowProposal,
  approvalMatrixShowVersion,
  approvalMatrixVersions,
} from './approval-matrix/read-approval-matrix.ts';
import { milestonesAccept } from './milestones/accept-milestone.ts';
import { milestonesComplete } from './milestones/complete-milestone.ts';
import { usageReport } from './usage/report-usage.ts';
import { timeEntriesApprove } from './time/approve-time-entries.ts';
import { timeEntriesImport } from './time/import-time-entries.ts';
import { receivablesReport } from './receivables/receivables-report.ts';
import { expensesList } from './expenses/list-expenses.ts';
import { usageList } from './usage/list-usage.ts';
import { milestonesList } from './milestones/list-milestones.ts';
import { timeEntriesList } from './time/list-time-entries.ts';
import { billingKpisShow } from './kpis/show-billing-kpis.ts';
import { disputesList } from './disputes/list-disputes.ts';
import { disputesUpdate } from './disputes/update-dispute.ts';
import { auditList } from './audit/list-audit.ts';
import { jobFailuresList } from './jobs/list-job-failures.ts';
import { documentsShow } from './documents/show-document.ts';
import { documentsSearch } from './documents/search-documents.ts';
import { invoicesDisputeRisk } from './invoices/dispute-risk.ts';
import { usersCreate } from './users/create-user.ts';
import { usersIssueKey } from './users/issue-key.ts';
import { usersRevokeKey } from './users/revoke-key.ts';
import { usersLinkChat, usersUnlinkChat } from './users/link-chat.ts';
import { usersChatLinksList, usersList } from './users/list-users.ts';
import { masterDataImport } from './master-data/import-bundle.ts';
import { timeEntriesImportFile } from './time/import-time-file.ts';
import { chatEventsPrune } from './chat/prune-chat-events.ts';

/**
 * Every catalogue entry, by aggregate. Routes, CLI commands, the agent and jobs call these through
 * callTool; the catalogue test (src/tools/catalogue.int.test.ts) walks this list.
 */
export const CATALOGUE = {
  // The copilot's turn log, and the retention of its checkpoints (the agent.checkpoints.prune job).
  agent: [agentTurnsList, agentCheckpointsPrune],
  approvals: [
    approvalsInboxList,
    approvalsGrant,
    approvalsReject,
    approvalNoticesList,
    approvalNoticesMarkRead,
    approvalNoticesDeliver,
  ],
  documents: [documentsUpload, documentsPreviewTerms, documentsApplyTerms, documentsSummarise],
  collections: [
    collectionsPrioritize,
    collectionsWorklistList,
    collectionsSummary,
    clientsAssignCollector,
    riskModelsTrain,
    riskScoresBackfill,
    collectionsSendReminders,
    remindersDeliver,
    collectionsEmailDigest,
    remindersRecordBounce,
    collectionsRecordPromise,
    collectionsPauseDunning,
    promisesList,
    remindersList,
    dunningPolicyShow,
    dunningPolicySet,
  ],
  exceptions: [exceptionsList, exceptionsAssign, exceptionsResolve, exceptionsTriage, exceptionsRecordIncoming],
  invoices: [
    invoicesList,
    invoicesShow,
    invoicesExplainLine,
    invoicesRecommendReviewer,
    invoicesSubmit,
    invoicesApprove,
    invoicesReject,
    invoicesPost,
    invoicesDeliver,
    invoicesVoid,
    invoicesCredit,
    invoicesApplyLateFee,
    invoicesWriteOff,
    invoicesDispute,
    invoicesResolveDispute,
  ],
  payments: [paymentsList, paymentsShow, paymentsSuggestApplication, paymentsRecord, paymentsApply, paymentsReverse],
  clients: [clientsList, clientsShow, clientsUpsert],
  // Where clients pay: always a second person's approval (the bundle cannot change it).
  legalEntities: [legalEntitiesChangeBankAccount],
  projects: [projectsList, projectsShow, projectsUpsert],
  people: [peopleList, peopleShow, peopleUpsert],
  contracts: [contractsList, contractsShow, contractsUpsert],
  exchangeRates: [exchangeRatesList, exchangeRatesImport],
  approvalMatrix: [
    approvalMatrixShow,
    approvalMatrixVersions,
    approvalMatrixShowVersion,
    approvalMatrixShowProposal,
    approvalMatrixChange,
  ],
  billingRuns: [billingRunsList, billingRunsShow, billingRunsStart],
  expenses: [expensesRecord, expensesImport, expensesApprove],
  usage: [usageReport],
  milestones: [milestonesComplete, milestonesAccept],
  time: [timeEntriesImport, timeEntriesApprove],
  bankStatements: [bankStatementsImport, bankStatementsShow],
  receivables: [receivablesReport],
  // Lists of recorded work (GET /expenses, /usage, /milestones, /time-entries).
  workLists: [expensesList, usageList, milestonesList, timeEntriesList],
  kpis: [billingKpisShow],
  disputes: [disputesList, disputesUpdate],
  // Reads that were routes of their own (GET /audit, /jobs/failures, /documents/:id, /documents/search, /invoices/:ref/dispute-risk).
  audit: [auditList],
  jobs: [jobFailuresList],
  documentReads: [documentsShow, documentsSearch],
  risk: [invoicesDisputeRisk],
  // Access (users, keys, chat links), the master-data bundle and the timesheet file: setting a firm up.
  users: [usersList, usersChatLinksList, usersCreate, usersIssueKey, usersRevokeKey, usersLinkChat, usersUnlinkChat],
  masterData: [masterDataImport],
  timeFiles: [timeEntriesImportFile],
  // Retention of the chat adapters' inbound records (the chat.events.prune job).
  chatEvents: [chatEventsPrune],
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

/**
 * Every error code the product returns, each with its kind. The kind alone decides the HTTP status
 * (httpStatusOf), the CLI exit code (cliExitOf) and what the agent is told (agentGuidanceOf), so a
 * code cannot get a status of its own. A code not in this table is a compile error wherever errors
 * are built (err(), sendError, InputError) and fails test/error-codes.test.ts when found in src.
 * docs/api.md lists the table (`npx tsx scripts/error-codes-doc.ts` rewrites that section).
 */
import { httpStatusOf, type ErrorHttpStatus, type ErrorKind } from './error-kinds.ts';

// The kinds and what each becomes live beside the table; callers import either from here.
export * from './error-kinds.ts';

/** The table: code -> kind. Grouped by where the codes come from; sorted within each group. */
export const ERROR_CODES = {
  // HTTP edge: authentication, request shape, idempotency (src/api)
  UNAUTHENTICATED: 'unauthenticated',
  SLACK_SIGNATURE_INVALID: 'unauthenticated',
  AGENT_CANNOT_DECIDE: 'forbidden',
  DELEGATION_NOT_ALLOWED: 'forbidden',
  ENTITY_OUT_OF_SCOPE: 'forbidden',
  FORBIDDEN: 'forbidden',
  ON_BEHALF_OF_INVALID: 'forbidden',
  ON_BEHALF_OF_REQUIRED: 'forbidden',
  BAD_REQUEST: 'invalid',
  INVALID_IDEMPOTENCY_KEY: 'invalid',
  INVALID_VALUE: 'invalid',
  MALFORMED_JSON: 'invalid',
  MALFORMED_MULTIPART: 'invalid',
  UNKNOWN_FILTER: 'invalid',
  UNKNOWN_LEGAL_ENTITY: 'invalid',
  VALIDATION_FAILED: 'invalid',
  IDEMPOTENCY_KEY_REUSED: 'unprocessable',
  IDEMPOTENCY_IN_PROGRESS: 'busy',
  PAYLOAD_TOO_LARGE: 'too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported',
  NOT_FOUND: 'not_found',
  INTERNAL: 'internal',

  // Value bounds (src/shared/bounds.ts): named in VALIDATION_FAILED's issues; AMOUNT_TOO_PRECISE also alone
  AMOUNT_TOO_LARGE: 'invalid',
  AMOUNT_TOO_PRECISE: 'invalid',
  DATE_OUT_OF_WINDOW: 'invalid',
  HOURS_OUT_OF_RANGE: 'invalid',
  IBAN_INVALID: 'invalid',
  NUMBER_OUT_OF_RANGE: 'invalid',
  PERCENT_OUT_OF_RANGE: 'invalid',
  QUANTITY_TOO_LARGE: 'invalid',
  RATE_TOO_LARGE: 'invalid',
  TEXT_TOO_LONG: 'invalid',
  TOO_MANY_ITEMS: 'invalid',
  TOO_PRECISE: 'invalid',

  // Not found
  APPROVAL_MATRIX_PROPOSAL_NOT_FOUND: 'not_found',
  APPROVAL_MATRIX_VERSION_NOT_FOUND: 'not_found',
  APPROVAL_REQUEST_NOT_FOUND: 'not_found',
  BILLING_RUN_NOT_FOUND: 'not_found',
  CHANGE_NOT_FOUND: 'not_found',
  CLIENT_NOT_FOUND: 'not_found',
  CONTRACT_NOT_FOUND: 'not_found',
  DOCUMENT_NOT_FOUND: 'not_found',
  EXCEPTION_NOT_FOUND: 'not_found',
  EXPENSES_NOT_FOUND: 'not_found',
  INVOICE_NOT_FOUND: 'not_found',
  LEGAL_ENTITY_NOT_FOUND: 'not_found',
  MILESTONE_NOT_FOUND: 'not_found',
  PAYMENT_NOT_FOUND: 'not_found',
  PERSON_NOT_FOUND: 'not_found',
  PROJECT_NOT_FOUND: 'not_found',
  TIME_ENTRIES_NOT_FOUND: 'not_found',

  // Policy (src/policy): deny codes, alone (approve-time), as details.policyCode or as an inbox item's `blocked`
  AGENT_CANNOT_CHANGE_POLICY: 'forbidden',
  AGENT_WITHOUT_PRINCIPAL: 'forbidden',
  APPROVAL_OUT_OF_ORDER: 'forbidden',
  APPROVAL_STEP_UNKNOWN: 'forbidden',
  APPROVER_LACKS_ROLE: 'forbidden',
  CURRENCY_NOT_IN_MATRIX: 'forbidden',
  ROLE_NOT_PERMITTED: 'forbidden',
  SERVICE_CANNOT_DECIDE: 'forbidden',
  SOD_APPROVER_CANNOT_EXECUTE: 'forbidden',
  SOD_INITIATOR_CANNOT_APPROVE: 'forbidden',
  SOD_ONE_LEVEL_PER_APPROVER: 'forbidden',
  SOD_OWN_EXPENSES: 'forbidden',
  SOD_OWN_ACCESS: 'forbidden',
  NOT_OWN_NOTICES: 'forbidden',
  OPERATOR_AFTER_SETUP: 'forbidden',
  SOD_OWN_TIME_ENTRIES: 'forbidden',
  SOD_PREPARER_CANNOT_APPROVE: 'forbidden',
  SOD_VIOLATION: 'forbidden',
  APPROVAL_REQUIRED: 'approval_required',
  ARGS_CHANGED: 'approval_required',
  APPROVAL_REJECTED: 'conflict',
  // What the model reads of a paused copilot call whose request ended (expired, withdrawn) without running it.
  NOT_RUN: 'conflict',
  APPROVAL_MATRIX_INVALID: 'unprocessable',
  APPROVAL_MATRIX_VERSION_CONFLICT: 'conflict',
  NOTHING_TO_REJECT: 'conflict',
  REQUEST_NOT_PENDING: 'conflict',
  // policy's approval check (src/policy/approvals.ts): the use cases turn these into the codes above before they leave
  ACTION_DENIED: 'forbidden',
  APPROVAL_ARGS_CHANGED: 'approval_required',
  APPROVAL_EXPIRED: 'approval_required',
  APPROVAL_MISSING: 'approval_required',
  APPROVER_EXECUTES: 'forbidden',
  APPROVER_REUSED: 'approval_required',

  // Master data and work imports (src/api/routes, src/billing/inputs, src/db/stores)
  // A bundle that would set, change or remove an existing entity's bank account (tools/master-data/import-bundle.ts)
  BANK_ACCOUNT_NEEDS_APPROVAL: 'unprocessable',
  // A bundle that would move an existing client to another legal entity (tools/master-data/import-bundle.ts)
  CLIENT_MOVE_NEEDS_APPROVAL: 'unprocessable',
  // A bundle that would change an existing client's billing contacts, delivery channel, credit limit or account manager
  CLIENT_BILLING_DETAILS_NEED_APPROVAL: 'unprocessable',
  // A contract or a bundle that would change an existing project's status (tools/master-data/project-status-changes.ts)
  PROJECT_STATUS_NEEDS_POLICY: 'unprocessable',
  // A contract or a bundle that would change a milestone's progress (status, completedOn, acceptedOn, acceptedBy) or
  // add one to an existing contract already completed or accepted (tools/master-data/milestone-progress-changes.ts):
  // the milestone routes do, under milestone.complete / milestone.accept
  MILESTONE_PROGRESS_NEEDS_POLICY: 'unprocessable',
  // A bundle that would change an existing contract's terms or a person's cost rate the importer's policy does not
  // allow outright (tools/master-data/terms-changes.ts): contracts_upsert or people_upsert, under their approvals
  CONTRACT_TERMS_NEED_POLICY: 'unprocessable',
  COST_RATE_NEEDS_POLICY: 'unprocessable',
  // A contract that exists given a client of another legal entity (contracts_upsert, the bundle): tools/master-data/contract-moves.ts
  CONTRACT_MOVE_REFUSED: 'unprocessable',
  DAILY_HOURS_EXCEEDED: 'unprocessable',
  EXTERNAL_ID_TAKEN: 'conflict',
  IMPORT_REJECTED: 'unprocessable',
  MILESTONE_STATE_CONFLICT: 'conflict',
  UNKNOWN_REFERENCE: 'unprocessable',
  FX_RATE_CONFLICT: 'conflict',
  FX_RATES_CONTRADICT: 'unprocessable',

  // Billing runs, invoices, exceptions (src/billing, src/tools/invoices/lifecycle)
  ALREADY_DELIVERED: 'conflict',
  ASSIGNEE_NOT_FOUND: 'unprocessable',
  EXCEPTION_ALREADY_RESOLVED: 'conflict',
  FX_RATE_MISSING: 'unprocessable',
  INVALID_PERIOD: 'invalid',
  INVALID_TRANSITION: 'conflict',
  INVOICE_HELD: 'conflict',
  LINE_ALREADY_CREDITED: 'conflict',
  LINE_NOT_ON_INVOICE: 'unprocessable',
  NOTHING_TO_CREDIT: 'conflict',
  NOTHING_TO_WRITE_OFF: 'conflict',
  OPEN_BLOCKING_EXCEPTIONS: 'conflict',
  RESOLUTION_NOT_APPLICABLE: 'unprocessable',

  // Payments and disputes (src/billing/payments, src/tools/invoices/lifecycle)
  ALLOCATIONS_EXCEED_PAYMENT: 'unprocessable',
  ALLOCATION_NOT_POSITIVE: 'unprocessable',
  CURRENCY_MISMATCH: 'unprocessable',
  DISPUTED_AMOUNT_INVALID: 'unprocessable',
  DUPLICATE_ALLOCATION: 'unprocessable',
  EXCEEDS_UNAPPLIED: 'unprocessable',
  INVOICE_OF_ANOTHER_CLIENT: 'unprocessable',
  NO_OPEN_DISPUTE: 'conflict',
  NO_UNAPPLIED_CASH: 'conflict',
  NOTHING_TO_DISPUTE: 'conflict',
  OVERPAYMENT: 'unprocessable',
  PAYMENT_ALREADY_REVERSED: 'conflict',
  PAYMENT_MIXES_ENTITIES: 'unprocessable',
  PAYMENT_NOT_POSITIVE: 'unprocessable',
  PAYMENT_REFERENCE_CONFLICT: 'conflict',
  RECEIVED_IN_FUTURE: 'unprocessable',
  UNKNOWN_CLIENT: 'unprocessable',
  UNKNOWN_INVOICE: 'unprocessable',

  // Documents: upload and reading (src/extraction/text, src/extraction/documents)
  CORRUPT_DOCUMENT: 'unprocessable',
  EMPTY_DOCUMENT: 'unprocessable',
  ENCRYPTED_DOCUMENT: 'unprocessable',
  IMAGE_ONLY_DOCUMENT: 'unprocessable',
  DOCUMENT_TEXT_TOO_LONG: 'too_large',
  DOCUMENT_TIMEOUT: 'too_large',
  DOCUMENT_TOO_COMPLEX: 'too_large',
  DOCUMENT_TOO_LARGE: 'too_large',
  DOCUMENT_UNZIPPED_TOO_LARGE: 'too_large',
  TOO_MANY_PAGES: 'too_large',
  UNSUPPORTED_DOCUMENT_TYPE: 'unsupported',
  CONTRACT_OF_OTHER_CLIENT: 'unprocessable',
  UNKNOWN_CONTRACT: 'unprocessable',
  EXTRACTION_FAILED: 'internal',

  // Applying a document's terms to its contract (src/extraction/documents)
  CHANGE_NOT_APPLICABLE: 'unprocessable',
  CURRENCY_LOCKED: 'conflict',
  CURRENCY_MINOR_UNITS_DIFFER: 'unprocessable',
  DOCUMENT_NOT_PROCESSED: 'conflict',
  DOCUMENT_OF_OTHER_CONTRACT: 'unprocessable',
  FIELDS_UNCHANGED: 'unprocessable',
  INVALID_CONTRACT_DATES: 'unprocessable',
  INVALID_SELECTION: 'unprocessable',
  MILESTONE_ALREADY_BILLED: 'conflict',
  NO_CONTRACT_LINKED: 'unprocessable',
  NOTHING_TO_APPLY: 'conflict',
  RATE_ALREADY_INVOICED: 'conflict',
  VALUE_NOT_STORABLE: 'unprocessable',

  // Users, keys and chat links (src/tools/users; the CLI's `users`)
  CHAT_ID_TAKEN: 'conflict',
  CHAT_LINK_NOT_FOUND: 'not_found',
  EMAIL_TAKEN: 'conflict',
  KEY_ALREADY_REVOKED: 'conflict',
  KEY_NOT_FOUND: 'not_found',
  USER_NOT_FOUND: 'not_found',

  // Audit trail verification (src/billing/audit; the CLI's `audit verify`)
  AUDIT_CHAIN_BROKEN: 'integrity',
  AUDIT_CHECKPOINT_MISMATCH: 'integrity',
  AUDIT_TAIL_CUT: 'integrity',

  // Bank statements and cash application (src/extraction/bank, src/tools/bank-statements)
  BANK_CSV_MAPPING_INVALID: 'unprocessable',
  BANK_STATEMENT_NOT_FOUND: 'not_found',
  BANK_STATEMENT_TOO_LARGE: 'too_large',
  BANK_STATEMENT_UNREADABLE: 'unprocessable',

  // CLI only (src/cli/commands/extract.ts)
  FILE_NOT_FOUND: 'not_found',
  FILE_UNREADABLE: 'not_found',
  LLM_NOT_CONFIGURED: 'invalid',

  // The copilot agent (src/agent, src/tools/agent, src/tools/invoices reads; POST /agent/messages, `billing-copilot chat`)
  INVOICE_LINE_NOT_FOUND: 'not_found',
  AGENT_THREAD_NOT_FOUND: 'not_found',
  AGENT_TOOL_NOT_ALLOWED: 'forbidden',
  AGENT_UNTRUSTED_SOURCE: 'forbidden',
  // Held lines carried to a supplementary invoice (src/tools/exceptions/resolve-exception.ts)
  HELD_LINE_NOT_CARRIABLE: 'conflict',
  // Voiding an invoice a supplementary invoice still refers to (src/tools/invoices/lifecycle/void-invoice.ts)
  INVOICE_HAS_SUPPLEMENT: 'conflict',
  // Collections: worklist runs, dunning, promises to pay, reminders (src/tools/collections, src/billing/collections)
  INVOICE_NOT_OPEN: 'conflict',
  NOTHING_PAUSED: 'conflict',
  PROMISE_EXCEEDS_OPEN: 'unprocessable',
  WORKLIST_RUN_NOT_FOUND: 'not_found',
  // The Microsoft Teams bot endpoint (src/api/teams; POST /teams/messages)
  TEAMS_KEYS_UNAVAILABLE: 'internal',
  TEAMS_TOKEN_INVALID: 'unauthenticated',
  // Reminder e-mail bounces and the payment-provider webhook (src/tools/collections/record-bounce.ts, src/tools/payments/payment-webhook.ts)
  BOUNCE_NOT_RECOGNIZED: 'unprocessable',
  BOUNCE_UNMATCHED: 'not_found',
  WEBHOOK_EVENT_INVALID: 'unprocessable',
  WEBHOOK_NOT_CONFIGURED: 'not_found',
  WEBHOOK_SIGNATURE_INVALID: 'unauthenticated',
  // Disputes and dunning policies (src/tools/disputes, src/tools/collections)
  DISPUTE_EVIDENCE_NOT_FOUND: 'unprocessable',
  DISPUTE_OWNER_INVALID: 'unprocessable',
  CREDIT_NOTE_NOT_FOR_INVOICE: 'unprocessable',
  CORRECTION_INVALID: 'unprocessable',
  DUNNING_POLICY_INVALID: 'unprocessable',
  DUNNING_POLICY_CHANGED: 'conflict',
  // Late fees on overdue invoices (src/tools/invoices/apply-late-fee.ts)
  INVOICE_NOT_OVERDUE: 'conflict',
  INVOICE_DISPUTED: 'conflict',
  DUNNING_PAUSED: 'conflict',
  CONTRACT_HAS_NO_LATE_FEE: 'unprocessable',
  LATE_FEE_STEP_INVALID: 'unprocessable',
  LATE_FEE_ALREADY_BILLED: 'conflict',
} as const satisfies Record<string, ErrorKind>;

/** An error code of the product: any other string is a compile error where errors are built. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** A union of codes, each checked against the table: `ErrorCodeOf<'A' | 'TYPO'>` does not compile. */
export type ErrorCodeOf<C extends ErrorCode> = C;

/** Whether a string is one of the product's error codes. */
export const isErrorCode = (s: string): s is ErrorCode => Object.hasOwn(ERROR_CODES, s);

/** The kind of a code. @example errorKindOf('INVOICE_NOT_FOUND') // 'not_found' */
export const errorKindOf = (code: ErrorCode): ErrorKind => ERROR_CODES[code];

/** The HTTP status of a code. @example httpStatusOfCode('APPROVAL_REQUIRED') // 409 */
export const httpStatusOfCode = (code: ErrorCode): ErrorHttpStatus => httpStatusOf(ERROR_CODES[code]);

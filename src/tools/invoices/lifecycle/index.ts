/**
 * The bodies of the invoice lifecycle entries (src/tools/invoices/*.ts): each takes (database, ctx, input),
 * validates nothing itself (the entry parses input with the exported schema), and returns a Result whose
 * error codes are a closed union per use case. The entries, the demo seed and scenario tests call these.
 */
export type {
  UseCaseContext,
  UseCaseDatabase,
  PolicyRefusal,
  ApprovalRequired,
  ArgsChanged,
  InvoiceNotFound,
  MoneyView,
} from '../../policy-gate/context.ts';
export type { ApprovalRejected, GateError } from '../../policy-gate/approval-gate.ts';
export {
  submitInvoice,
  submitInvoiceSchema,
  type SubmitInvoiceInput,
  type SubmitInvoiceResult,
  type SubmitInvoiceError,
} from './submit-invoice.ts';
export {
  approveInvoice,
  approveInvoiceSchema,
  type ApproveInvoiceInput,
  type ApproveInvoiceResult,
  type ApproveInvoiceError,
} from './approve-invoice.ts';
export {
  rejectInvoice,
  rejectInvoiceSchema,
  type RejectInvoiceInput,
  type RejectInvoiceResult,
  type RejectInvoiceError,
} from './reject-invoice.ts';
export {
  postInvoice,
  postInvoiceSchema,
  type PostInvoiceInput,
  type PostInvoiceResult,
  type PostInvoiceError,
} from './post-invoice.ts';
export {
  markDelivered,
  markDeliveredSchema,
  type MarkDeliveredInput,
  type MarkDeliveredResult,
  type MarkDeliveredError,
} from './mark-delivered.ts';
export {
  voidInvoice,
  voidInvoiceSchema,
  type VoidInvoiceInput,
  type VoidInvoiceResult,
  type VoidInvoiceError,
} from './void-invoice.ts';
export {
  createCreditNote,
  createCreditNoteSchema,
  type CreateCreditNoteInput,
  type CreateCreditNoteResult,
  type CreateCreditNoteError,
} from './create-credit-note.ts';
export {
  writeOffInvoice,
  writeOffInvoiceSchema,
  type WriteOffInvoiceInput,
  type WriteOffInvoiceResult,
  type WriteOffInvoiceError,
} from './write-off-invoice.ts';
export {
  disputeInvoice,
  disputeInvoiceSchema,
  type DisputeInvoiceInput,
  type DisputeInvoiceResult,
  type DisputeInvoiceError,
} from './dispute-invoice.ts';
export {
  resolveDispute,
  resolveDisputeSchema,
  type ResolveDisputeInput,
  type ResolveDisputeResult,
  type ResolveDisputeError,
} from './resolve-dispute.ts';

import type { Role } from '../../policy/roles.ts';

import { TRIAGE_CLASSES, type TriageClass } from '../../billing/incoming/incoming-rules.ts';

export { TRIAGE_CLASSES, type TriageClass };

export const isTriageClass = (v: unknown): v is TriageClass =>
  typeof v === 'string' && (TRIAGE_CLASSES as readonly string[]).includes(v);

/** What a person should do next: never done by triage itself, only proposed. */
export interface NextAction {
  /** A stable code, e.g. `request_po`. */
  code: string;
  /** Who usually does it. */
  owner: Role;
  description: string;
  /** True when doing it is a write that the policy layer sends for approval (void, credit note, where invoices go). */
  needsApproval: boolean;
}

/**
 * The next action of each class: a fixed table, so what is proposed never depends on the words of
 * the message (or on a model). The descriptions name the product's own paths.
 */
export const NEXT_ACTIONS: Record<TriageClass, NextAction> = {
  missing_po: {
    code: 'request_po',
    owner: 'billing_clerk',
    needsApproval: false,
    description:
      "Ask the client's requester or AP team for a valid, open purchase order, record it on the contract (poNumber), then reissue or resubmit the invoice with it.",
  },
  rate_mismatch: {
    code: 'check_rate_card',
    owner: 'billing_clerk',
    needsApproval: true,
    description:
      "Compare the billed rates with the contract's rate card and the PO; if the client is right, issue a credit note and a corrected invoice (approval under the matrix), otherwise send the client the clause that sets the rate.",
  },
  missing_approval: {
    code: 'obtain_client_approval',
    owner: 'project_manager',
    needsApproval: false,
    description:
      "Get the client's sign-off (timesheet approval, service entry sheet, goods receipt or milestone acceptance) and resubmit the invoice with its reference.",
  },
  cap_exceeded: {
    code: 'review_cap',
    owner: 'account_manager',
    needsApproval: true,
    description:
      "Check the contract's cap or the PO's remaining amount against what was billed; agree a change order with the client or credit the part above the cap (approval under the matrix).",
  },
  retainer_overage: {
    code: 'explain_retainer_overage',
    owner: 'account_manager',
    needsApproval: false,
    description:
      'Send the client the retainer statement (hours included, used, rolled over and the overage rate from the contract) and agree the overage before anything is credited.',
  },
  missing_fx_rate: {
    code: 'load_fx_rate',
    owner: 'controller',
    needsApproval: false,
    description:
      'Load the exchange rate for the invoice date (POST /exchange-rates or `import exchange-rates`), re-run billing for the period, and send the client the rate and its date.',
  },
  tax_setup: {
    code: 'fix_tax_setup',
    owner: 'controller',
    needsApproval: true,
    description:
      "Check the client's tax ID, tax jurisdiction and exemption on record and the contract's tax treatment (reverse charge, exemption); correct them and reissue the invoice (credit note and new invoice, under approval).",
  },
  delivery_failure: {
    code: 'verify_billing_contact',
    owner: 'billing_clerk',
    needsApproval: true,
    description:
      "Confirm the client's invoice address or portal with the client; changing where invoices go needs approval; then resend the invoice. A temporary failure (4.x.x) is retried by the mail server first.",
  },
  duplicate: {
    code: 'check_duplicate',
    owner: 'billing_clerk',
    needsApproval: true,
    description:
      'Look up the earlier invoice and its payments; if the work is billed twice, void or credit the later one (under approval); if not, tell the client how the two differ.',
  },
  other: {
    code: 'route_to_person',
    owner: 'billing_clerk',
    needsApproval: false,
    description:
      'No billing exception: a person reads it and files or answers it (payment notice, auto-reply, question, change of contact).',
  },
};

/** Below this confidence the proposed action is a person's review, whatever the class. */
export const REVIEW_BELOW = 0.5;

export const MANUAL_REVIEW: NextAction = {
  code: 'manual_review',
  owner: 'billing_clerk',
  needsApproval: false,
  description:
    'The class is uncertain: a person reads the message and picks the class; the suggested class is only a hint.',
};

import type { ExceptionType, OwnerRole, Severity } from '../model.ts';

/** The classes a message from outside (ERP or procurement-network rejection, bounce, client e-mail) is triaged into. */
export const TRIAGE_CLASSES = [
  'missing_po',
  'rate_mismatch',
  'missing_approval',
  'cap_exceeded',
  'retainer_overage',
  'missing_fx_rate',
  'tax_setup',
  'delivery_failure',
  'duplicate',
  'other',
] as const;
export type TriageClass = (typeof TRIAGE_CLASSES)[number];

/** Where a message from outside came in: the channels of POST /agent/messages that carry such text. */
export const INCOMING_CHANNELS = ['erp_error', 'client_email'] as const;
export type IncomingChannel = (typeof INCOMING_CHANNELS)[number];

/** The billing exception a triaged message is recorded as. */
export interface IncomingRule {
  type: ExceptionType;
  severity: Severity;
  ownerRole: OwnerRole;
}

/**
 * The one thing a message from outside may cause: a billing exception of this type, severity and owner
 * (or its attachment to the open one it concerns). Never blocking: text from outside holds no draft and
 * no line; the owner is the role that does the class's next action. Nothing else follows from the
 * words of the message (no approval, void, credit or resend), whatever they say.
 */
export const INCOMING_RULES: Readonly<Record<TriageClass, IncomingRule>> = Object.freeze({
  missing_po: { type: 'missing_po', severity: 'warning', ownerRole: 'billing_clerk' },
  rate_mismatch: { type: 'rate_mismatch', severity: 'warning', ownerRole: 'billing_clerk' },
  missing_approval: { type: 'missing_client_approval', severity: 'warning', ownerRole: 'project_manager' },
  cap_exceeded: { type: 'cap_exceeded', severity: 'warning', ownerRole: 'account_manager' },
  retainer_overage: { type: 'retainer_overage', severity: 'warning', ownerRole: 'account_manager' },
  missing_fx_rate: { type: 'missing_fx_rate', severity: 'warning', ownerRole: 'controller' },
  tax_setup: { type: 'missing_tax_setup', severity: 'warning', ownerRole: 'controller' },
  delivery_failure: { type: 'delivery_failure', severity: 'warning', ownerRole: 'billing_clerk' },
  duplicate: { type: 'duplicate_billing', severity: 'warning', ownerRole: 'billing_clerk' },
  other: { type: 'incoming_message', severity: 'info', ownerRole: 'billing_clerk' },
});

/** When triage was unsure (its proposal is a person's review): a person reads the message first. */
export const UNSURE_RULE: IncomingRule = Object.freeze({
  type: 'incoming_message',
  severity: 'warning',
  ownerRole: 'billing_clerk',
});

/**
 * The exception a triaged message is recorded as: the class's rule, or UNSURE_RULE when triage proposed
 * a person's review (confidence below its threshold).
 * @example incomingRule('missing_po', false) // { type: 'missing_po', severity: 'warning', ownerRole: 'billing_clerk' }
 */
export function incomingRule(cls: TriageClass, unsure: boolean): IncomingRule {
  return unsure ? UNSURE_RULE : INCOMING_RULES[cls];
}

import type { TriageClass } from './classes.ts';

/**
 * Rules that decide the class outright, for text whose form is fixed by the system that wrote it:
 * a mail server's bounce, an auto-reply, and the closed reason lists of procurement networks
 * ("Reason: Duplicate Invoice"). Anything else is left to the classifier.
 */
export interface DecisiveRule {
  id: string;
  label: TriageClass;
  pattern: RegExp;
  why: string;
}

/** A procurement network's reason field: "Reason: X", "Reason code: X", "Dispute reason: X", "Rejection reason: X". */
const reason = (values: string) => new RegExp(`\\b(?:Dispute |Rejection )?Reason(?: code)?:\\s*(?:${values})\\b`, 'i');

export const DECISIVE_RULES: readonly DecisiveRule[] = [
  {
    id: 'dsn_bounce',
    label: 'delivery_failure',
    pattern:
      /^\s*(?:Delivery Status Notification \((?:Failure|Delay)\)|Undeliverable:|Undelivered Mail Returned to Sender|Mail delivery failed|Returned mail:|Unzustellbar:?|Message not delivered)|^Final-Recipient:[^\n]*\n(?:[^\n]*\n)*?Action: (?:failed|delayed)/im,
    why: "the text is a mail server's delivery status notification (bounce)",
  },
  {
    id: 'auto_reply',
    label: 'other',
    pattern: /^\s*(?:Automatic reply|Automatische Antwort|Auto-?Reply|Out of office|Abwesenheitsnotiz)\b/i,
    why: 'the text is an automatic reply',
  },
  {
    id: 'reason_missing_po',
    label: 'missing_po',
    pattern: reason('PO Number Required|Missing PO|Invalid PO|PO_NOT_FOUND|PO required'),
    why: 'the reason field names a missing or invalid PO',
  },
  {
    id: 'reason_price',
    label: 'rate_mismatch',
    pattern: reason('Price Incorrect|Unit Price Variance|Price Variance'),
    why: 'the reason field names a wrong price',
  },
  {
    id: 'reason_receipt',
    label: 'missing_approval',
    pattern: reason('Receipt Required|Missing approval'),
    why: 'the reason field names a missing receipt or approval',
  },
  {
    id: 'reason_amount',
    label: 'cap_exceeded',
    pattern: reason('Amount exceeds PO|Over budget'),
    why: 'the reason field names an amount above the PO or budget',
  },
  {
    id: 'reason_tax',
    label: 'tax_setup',
    pattern: reason('Tax Incorrect'),
    why: 'the reason field names incorrect tax',
  },
  {
    id: 'reason_duplicate',
    label: 'duplicate',
    pattern: reason('Duplicate(?: Invoice)?'),
    why: 'the reason field names a duplicate',
  },
];

/** The one class the decisive rules give, or null when none matches or they disagree. */
export function decisiveRule(text: string): DecisiveRule | null {
  const hits = DECISIVE_RULES.filter((r) => r.pattern.test(text));
  if (hits.length === 0) return null;
  return hits.every((h) => h.label === hits[0]!.label) ? hits[0]! : null;
}

/** Invoice and PO references and an SMTP status found in a message, for the person who acts on it. */
export interface References {
  invoices: string[];
  purchaseOrders: string[];
  /** The enhanced status code of a bounce (5.1.1 permanent, 4.4.7 temporary), when there is one. */
  smtpStatus: string | null;
}

const INVOICE =
  /\b(?:(?:INV|RE|RET|NWUS|NWEU|DRAFT)-[A-Z0-9][A-Z0-9-]*\d|(?<=\b(?:invoice|Rechnung|bill)\s+(?:no\.?\s*|number\s+|nr\.?\s*|#\s*)?)\d{2,}[\d-]*\d)\b/gi;
const PURCHASE_ORDER =
  /(?<=\b(?:PO|P\.O\.|purchase order|order|Bestellung|Bestellnummer)\s+(?:no\.?\s*|number\s+|nr\.?\s*|#\s*)?)(?:PO-)?\d[\d-]{3,}\d\b|\bPO-\d{3,}\b|\b45\d{8}\b/gi;
const SMTP_STATUS = /\b[245]\.\d{1,3}\.\d{1,3}\b/;

const unique = (xs: Iterable<string>): string[] => [...new Set(xs)].slice(0, 10);

/** The references in a text (at most ten of each). */
export function findReferences(text: string, bounce: boolean): References {
  return {
    invoices: unique(text.match(INVOICE) ?? []),
    purchaseOrders: unique(text.match(PURCHASE_ORDER) ?? []),
    smtpStatus: bounce ? (text.match(SMTP_STATUS)?.[0] ?? null) : null,
  };
}

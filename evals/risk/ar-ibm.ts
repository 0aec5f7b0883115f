import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RiskInvoice } from '../../src/billing/risk/features.ts';

/** An ar-ibm row as a RiskInvoice plus its outcomes (the labels; never features). */
export interface ArIbmRow {
  invoice: RiskInvoice;
  disputed: boolean;
  daysLate: number;
}

export const AR_IBM_DIR = path.resolve(import.meta.dirname, '../../../shared/data/ar-ibm');
/** The README's temporal split: train on InvoiceDate before this date, test on the rest. */
export const TEST_FROM = '2013-07-01';

const iso = (mdY: string): string => {
  const [m, d, y] = mdY.split('/');
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** Reads ar_ibm.csv; null (with the reason) when ../shared is absent. */
export function loadArIbm(dir = AR_IBM_DIR): ArIbmRow[] | null {
  const file = path.join(dir, 'ar_ibm.csv');
  if (!existsSync(file)) return null;
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, cast: false }) as Record<
    string,
    string
  >[];
  return rows.map((r) => {
    const settled = iso(r.SettledDate as string);
    const disputed = r.Disputed === 'Yes';
    return {
      invoice: {
        id: r.invoiceNumber as string,
        clientId: r.customerID as string,
        group: r.countryCode as string,
        paperless: r.PaperlessBill === 'Electronic',
        amount: Number(r.InvoiceAmount),
        issueDate: iso(r.InvoiceDate as string),
        dueDate: iso(r.DueDate as string),
        settledDate: settled,
        // The data gives no date a dispute was raised: it counts as known once the invoice settled (the README's rule).
        disputeKnownOn: disputed ? settled : null,
      },
      disputed,
      daysLate: Number(r.DaysLate),
    };
  });
}

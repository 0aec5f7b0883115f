/** Tax rates and exchange rates for the demo firm (rates as published, rounded; demo data, not advice). */

export const DEMO_TAX_RATES: {
  jurisdiction: string;
  category: 'standard' | 'reduced' | 'zero' | 'exempt' | 'reverse_charge';
  ratePercent: string;
  note: string;
}[] = [
  {
    jurisdiction: 'US',
    category: 'standard',
    ratePercent: '0',
    note: 'Professional services not subject to sales tax in the seller state',
  },
  { jurisdiction: 'US', category: 'exempt', ratePercent: '0', note: 'Exempt organisation' },
  { jurisdiction: 'NL', category: 'standard', ratePercent: '21', note: 'BTW standard rate' },
  { jurisdiction: 'NL', category: 'reduced', ratePercent: '9', note: 'BTW reduced rate' },
  { jurisdiction: 'NL', category: 'exempt', ratePercent: '0', note: 'Exempt supply (art. 11 Wet OB)' },
  {
    jurisdiction: 'NL',
    category: 'reverse_charge',
    ratePercent: '0',
    note: 'VAT reverse-charged to the EU business customer (art. 196 VAT Directive)',
  },
  { jurisdiction: 'NL', category: 'zero', ratePercent: '0', note: 'Export of services outside the EU' },
  { jurisdiction: 'DE', category: 'standard', ratePercent: '19', note: 'USt standard rate' },
  { jurisdiction: 'GB', category: 'standard', ratePercent: '20', note: 'UK VAT standard rate' },
  { jurisdiction: 'CA', category: 'standard', ratePercent: '5', note: 'GST' },
  { jurisdiction: 'JP', category: 'standard', ratePercent: '10', note: 'Consumption tax' },
];

/** Month-end reference rates: quote units per 1 base unit. */
const MONTHLY: Record<string, Record<string, string>> = {
  // base USD
  'USD/EUR': {
    '2026-06': '0.9210',
    '2026-07': '0.9185',
    '2026-08': '0.9142',
    '2026-09': '0.9168',
    '2026-10': '0.9203',
    '2026-11': '0.9231',
  },
  'USD/GBP': {
    '2026-06': '0.7874',
    '2026-07': '0.7861',
    '2026-08': '0.7832',
    '2026-09': '0.7855',
    '2026-10': '0.7890',
    '2026-11': '0.7902',
  },
  'USD/JPY': {
    '2026-06': '151.42',
    '2026-07': '152.10',
    '2026-08': '149.87',
    '2026-09': '150.33',
    '2026-10': '151.95',
    '2026-11': '152.48',
  },
  'USD/CAD': {
    '2026-06': '1.3612',
    '2026-07': '1.3655',
    '2026-08': '1.3701',
    '2026-09': '1.3644',
    '2026-10': '1.3689',
    '2026-11': '1.3720',
  },
  'EUR/GBP': {
    '2026-06': '0.8549',
    '2026-07': '0.8558',
    '2026-08': '0.8567',
    '2026-09': '0.8568',
    '2026-10': '0.8573',
    '2026-11': '0.8560',
  },
};

/** The demo exchange rates as rows (no CHF on purpose: a CHF invoice raises a missing-rate exception). */
export function demoExchangeRates(): { base: string; quote: string; rate: string; rateDate: string; source: string }[] {
  const out = [];
  for (const [pair, months] of Object.entries(MONTHLY)) {
    const [base, quote] = pair.split('/') as [string, string];
    for (const [month, rate] of Object.entries(months)) {
      const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate();
      out.push({
        base,
        quote,
        rate,
        rateDate: `${month}-${String(last).padStart(2, '0')}`,
        source: 'demo month-end reference',
      });
    }
  }
  return out;
}

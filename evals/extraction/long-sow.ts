/** A long statement of work for benchmarks: a rate card, a milestone table and many pages of clauses. */
export function longSowMarkdown(pages = 50): string {
  const clause = (n: number): string =>
    `${n}. Clause ${n}. The Supplier shall perform the services described in this section with due skill, care and diligence, in accordance with good industry practice and the Client's reasonable instructions. Any deliverable under this section is subject to acceptance testing as described in Annex B, and the Client shall notify any material defect in writing within ten (10) working days of delivery. Confidential information received under this section shall be used only for the purposes of this Statement of Work.`;
  const parts = [
    '# STATEMENT OF WORK SOW-BENCH-0050',
    'Between Northwind Traders Ltd ("Client") and Contoso Consulting LLP ("Supplier"). This SOW is effective as of 1 March 2026 and ends on 28 February 2027.',
    'Services are provided on a time and materials basis at the following rates (GBP, excluding VAT):',
    '| Role | Day rate | Hourly rate |\n|---|---|---|\n| Partner | £1,800.00 | £240.00 |\n| Senior Manager | £1,350.00 | £180.00 |\n| Consultant | £900.00 | £120.00 |\n| Analyst | £600.00 | £80.00 |',
    'Total fees shall not exceed £1,250,000. Travel expenses are capped at 5% of the fees invoiced.',
    'The Supplier invoices monthly in arrears. Payment is due within 30 days of the invoice date. VAT at 20% is added. Invoices must quote purchase order number 4500998877. Late payments bear interest at 1.5% per month.',
  ];
  // About 12 clauses fill an A4 page at the fixture font size.
  for (let p = 1; p < pages; p++) {
    parts.push('<!-- pagebreak -->');
    for (let c = 0; c < 5; c++) parts.push(clause(p * 10 + c));
  }
  return parts.join('\n\n');
}

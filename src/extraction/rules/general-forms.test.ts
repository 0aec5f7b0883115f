import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';
import { columnMeaning } from './columns.ts';
import { detectLanguage, rewriteLabels } from './lexicon.ts';

const terms = (text: string) => extractWithRules(text).terms;

describe('columns by header meaning', () => {
  it('tells amount, share, date, deliverable and bounds apart in three languages', () => {
    expect(['Amount (CHF)', 'Betrag', 'Montant HT'].map(columnMeaning)).toEqual(['amount', 'amount', 'amount']);
    expect(['Share', 'Anteil', '%'].map(columnMeaning)).toEqual(['percent', 'percent', 'percent']);
    expect(['Target date', 'Termin', 'Date prévue'].map(columnMeaning)).toEqual(['date', 'date', 'date']);
    expect(['From user', 'bis', 'Price per page'].map(columnMeaning)).toEqual(['from', 'to', 'price']);
  });

  it('reads usage tiers whose price column comes first and whose bounds are separate columns', () => {
    const t = terms(
      `Seats are billed per month.\n\n| Price per user | From | To |\n|---|---|---|\n| £6.50 | 1 | 250 |\n| £5.25 | 251 | 1,000 |\n| £4.00 | 1,001 | no limit |\n`,
    );
    expect(t.usageTiers.map((x) => [x.from, x.upTo, x.unitPrice])).toEqual([
      [1, 250, '6.50'],
      [251, 1000, '5.25'],
      [1001, null, '4.00'],
    ]);
  });
});

describe('German and French wording', () => {
  it('detects the language and maps rewritten offsets back to the document', () => {
    const doc =
      'Der Leistungsschein tritt am 01.04.2026 in Kraft und endet am 31.12.2026. Die Rechnungen sind innerhalb von 30 Tagen nach Rechnungseingang zahlbar.';
    expect(detectLanguage(doc)).toBe('de');
    const r = rewriteLabels(doc);
    const at = r.text.indexOf('31.12.2026');
    expect(doc.slice(r.toOriginal(at), r.toOriginal(at + 10))).toBe('31.12.2026');
  });

  it('extracts term dates and payment terms from a German statement of work, quoting the German text', () => {
    const t = terms(
      'Der Leistungsschein tritt am 01.04.2026 in Kraft und endet am 31.12.2026. Die Rechnungen sind innerhalb von 30 Tagen nach Rechnungseingang zahlbar. Es gilt die Umsatzsteuer von 19 %.',
    );
    expect([t.effectiveDate, t.endDate, t.paymentTerms.netDays, t.paymentTerms.basis, t.taxRatePercent]).toEqual([
      '2026-04-01',
      '2026-12-31',
      30,
      'receipt',
      19,
    ]);
    expect(t.evidence.find((e) => e.field === 'endDate')?.quote).toContain('endet am 31.12.2026');
  });

  it('reads French month names and payment at N days end of month', () => {
    const t = terms(
      'Le contrat entre en vigueur le 1er juin 2026 et se termine le 31 mai 2027. Les factures sont payables à 45 jours fin de mois.',
    );
    expect([t.effectiveDate, t.endDate, t.paymentTerms.netDays, t.paymentTerms.basis]).toEqual([
      '2026-06-01',
      '2027-05-31',
      45,
      'end_of_month',
    ]);
  });
});

describe('labels before and after values', () => {
  it('reads a date labelled after it and a period range', () => {
    expect(
      terms('Laufzeit\n\n01.05.2026 (Leistungsbeginn)\n30.04.2028 (Vertragsende)\n\nDie Vergütung erfolgt monatlich.')
        .effectiveDate,
    ).toBe('2026-05-01');
    const r = terms('Period of performance: 2026-07-01 through 2027-06-30');
    expect([r.effectiveDate, r.endDate]).toEqual(['2026-07-01', '2027-06-30']);
  });

  it('finds a monthly minimum commitment stated as a floor sentence', () => {
    expect(
      terms('**Monthly minimum commitment.** Customer commits to usage fees of at least $3,500.00 per month.')
        .minimumCommitment,
    ).toEqual({ amount: '3500.00', period: 'month' });
    expect(
      terms('The Customer commits to a minimum spend of EUR 9.000,00 per calendar quarter.').minimumCommitment,
    ).toEqual({ amount: '9000.00', period: 'quarter' });
  });

  it('finds parties from label lines with dot leaders and in two-column tables', () => {
    const t = terms('Client ............ Evergreen Mutual Bank\nProvider .......... Cirrus Lane Security, Inc.\n');
    expect(t.parties).toEqual({ client: 'Evergreen Mutual Bank', provider: 'Cirrus Lane Security, Inc.' });
  });
});

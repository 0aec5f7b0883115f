import { afterAll, describe, expect, it } from 'vitest';
import { extractWithRules } from '../../src/extraction/rules/extract-rules.ts';
import { emptySowTerms, type SowTerms } from '../../src/extraction/sow-terms.ts';
import { textDocument, type DocumentText } from '../../src/extraction/text/document-text.ts';
import { analyse, startStubModels, type StubRun } from './llm-stub-eval.ts';
import { stubMode } from './llm-stub-mode.ts';
import { overall, scoreTerms } from './score.ts';

/**
 * The eval's scripted-model mode on a two-document mini split whose values are written in the forms
 * the verifier used to miss: space-grouped amounts, French and German dates, a day-month-year with a
 * month abbreviation, a reverse-charge tax of 0, and a milestone whose sentence crosses a page break.
 */

const FR = `CONTRAT DE PRESTATION N° WAL-CR-2027-12
Entre : Limmat Rückversicherung AG (le « Client ») et Mungo Tech SARL (le « Prestataire »).
Date d'effet : 1er mars 2028
Vertragsende: 15. Jänner 2029
Tous les montants sont en DZD, en régie au taux journalier.

| Profil | Prix journalier |
| Chef de projet | 45 000,00 DA |
| Ingénieur | 1'234.50 DA |

Le montant total du contrat ne saurait dépasser 4 800 000,00 DA HT.
Autoliquidation : la TVA est due par le preneur (reverse charge).
Facturation mensuelle. Paiement à trente (30) jours fin de mois.
Bon de commande : FM-PO-77120`;

const EN = `STATEMENT OF WORK SOW-2027-221
Between Oakmont Logistics, Inc. ("Client") and Redwood Peak Consulting LLC ("Consultant").
Term: 15-Jul-2027 to 14-Jan-2028. All amounts in USD.
Payment schedule (milestone billing):
| Milestone | Share | Amount | Due |
| Design signed off | 60% | USD 72,000.00 | 30 September 2027 |
The go-live payment of 40%, USD 48,000.00, falls due\f
on 14 January 2028, on acceptance of the go-live.
Payment terms: Net 30 from the invoice date. Late payments bear interest of 1.5% per month.`;

const truth = (t: Partial<SowTerms>): Record<string, unknown> => {
  const { evidence: _e, ...rest } = { ...emptySowTerms('sow'), ...t };
  return rest;
};

const DOCS = [
  {
    id: 'mini-fr',
    text: textDocument(FR),
    truth: truth({
      reference: 'WAL-CR-2027-12',
      parties: { client: 'Limmat Rückversicherung AG', provider: 'Mungo Tech SARL' },
      effectiveDate: '2028-03-01',
      endDate: '2029-01-15',
      billingModel: 'time_and_materials',
      currency: 'DZD',
      rates: [
        { role: 'Chef de projet', amount: '45000.00', unit: 'day', currency: null, effectiveFrom: null },
        { role: 'Ingénieur', amount: '1234.50', unit: 'day', currency: null, effectiveFrom: null },
      ],
      caps: [{ kind: 'not_to_exceed', amount: '4800000.00', period: null, percentOfFees: null }],
      taxRatePercent: 0,
      paymentTerms: { netDays: 30, basis: 'end_of_month' },
      invoiceFrequency: 'monthly',
      poNumber: 'FM-PO-77120',
    }),
  },
  {
    id: 'mini-en',
    text: textDocument(EN),
    truth: truth({
      reference: 'SOW-2027-221',
      parties: { client: 'Oakmont Logistics, Inc.', provider: 'Redwood Peak Consulting LLC' },
      effectiveDate: '2027-07-15',
      endDate: '2028-01-14',
      billingModel: 'milestone',
      currency: 'USD',
      milestones: [
        { name: 'Design signed off', amount: '72000.00', percent: 60, dueDate: '2027-09-30' },
        { name: 'Go-live', amount: '48000.00', percent: 40, dueDate: '2028-01-14' },
      ],
      paymentTerms: { netDays: 30, basis: 'invoice_date' },
      lateFee: { percent: 1.5, period: 'month' },
    }),
  },
];

const memo = new Map<DocumentText, SowTerms>();
const builtin = (doc: DocumentText): SowTerms => {
  if (!memo.has(doc)) memo.set(doc, extractWithRules(doc).terms);
  return memo.get(doc) as SowTerms;
};

let runs: StubRun[] = [];
afterAll(async () => {
  for (const r of runs) await r.server.close();
});

async function run(model: 'oracle' | 'noisy' | 'silent') {
  const [r] = await startStubModels([model], {
    builtin,
    // More noise than the eval's default, so two documents carry a dozen wrong values.
    script: { noiseShare: 0.6, invalidShare: 0, seed: 'mini' },
  });
  runs.push(r as StubRun);
  const results = [];
  for (const d of DOCS) results.push(await (r as StubRun).extract(d, d.text));
  return { results, analysis: analyse(r as StubRun) };
}

describe('the eval with scripted models (--model-stub)', () => {
  it('oracle: every true value survives verification, chunking and merging', async () => {
    const { results, analysis } = await run('oracle');
    expect(analysis.quotableDropped).toEqual([]);
    expect(analysis.unquotable).toBe(0);
    expect(analysis.quotable).toBeGreaterThan(25);
    DOCS.forEach((d, i) => {
      const r = results[i];
      expect(overall(scoreTerms(r?.llmTerms as never, d.truth)).f1).toBe(1);
      // Gaps are filled by the built-in result, including its mistakes where the model said nothing.
      const merged = overall(scoreTerms(r?.terms as never, d.truth)).f1;
      expect(merged).toBeGreaterThanOrEqual(overall(scoreTerms(builtin(d.text) as never, d.truth)).f1);
    });
    // The milestone whose sentence crosses the page break keeps its quote, cited on the page it starts on.
    const ev = results[1]?.llmTerms.evidence.find((e) => e.field === 'milestones[1]');
    expect(ev?.quote).toContain('\f');
    expect(ev?.page).toBe(1);
  });

  it('noisy: every wrong number, date or string and every invented value is dropped', async () => {
    const { analysis } = await run('noisy');
    expect(analysis.noise.injected).toBeGreaterThanOrEqual(8);
    expect(analysis.noise.survivors).toEqual([]);
    expect(analysis.noise.dropped).toBe(analysis.noise.injected);
    expect(analysis.invented.dropped).toBe(analysis.invented.injected);
    expect(analysis.quotableDropped).toEqual([]);
  });

  it('silent: the result is the built-in one', async () => {
    const { results } = await run('silent');
    DOCS.forEach((d, i) =>
      expect({ ...results[i]?.terms, evidence: [] }).toEqual({ ...builtin(d.text), evidence: [] }),
    );
  });

  it('refuses a split that is not spent', async () => {
    await expect(stubMode('oracle', 'v21-blind', builtin)).rejects.toThrow(/spent split/); // the next split, unwritten: blind until scored
    await expect(stubMode('oracle', null, builtin)).rejects.toThrow(/spent split/);
    await expect(stubMode('genius', 'v12-blind', builtin)).rejects.toThrow(/--model-stub takes/);
  });
});

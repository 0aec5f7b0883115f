import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

const type = (text: string): string | null => extractWithRules(text).terms.documentType;

describe('document types named by their title', () => {
  it('reads change notes and notices as change orders', () => {
    expect(type('# Change Control Note 4\n\nThe parties agree the following change.\n')).toBe('change_order');
    expect(type('# Change Notice CN-12\n\nThe end date moves.\n')).toBe('change_order');
    expect(type('# Demande de modification n° 7\n\nLe contrat est modifié comme suit.\n')).toBe('change_order');
    expect(type('# Änderungsantrag 3\n\nDer Vertrag wird wie folgt geändert.\n')).toBe('change_order');
  });
  it('reads an addendum to an agreement as an amendment, and a free-standing addendum by its terms', () => {
    expect(type('# Addendum No. 2 to the Support Agreement\n\nThis Addendum amends the Support Agreement.\n')).toBe(
      'amendment',
    );
    expect(
      type(
        '# Archive Addendum\n\nThis Addendum to the Master Agreement orders a migration for a fixed price of $12,000.00.\n',
      ),
    ).toBe('sow');
    expect(type('# Hosting Services Addendum No. H-7\n\nThe hosting fee is USD 1,200.00 per month.\n')).toBe('sow');
  });
  it('reads an addendum whose title names the agreement on the next line as an amendment', () => {
    // The inferred fee of an amendment does not decide its billing model, so the type decides the model too.
    const doc = [
      '# Addendum HX-220-A2',
      '',
      '**to the Hosting Agreement HX-220 between Alder Foods Ltd and Birch Cloud Ltd**',
      '',
      'This Addendum amends the Agreement as follows.',
      '',
      '| New value | Term | Previous value |',
      '|---|---|---|',
      '| GBP 3,100.00 | Hosting fee per month | GBP 2,800.00 |',
    ].join('\n');
    const t = extractWithRules(doc).terms;
    expect(t.documentType).toBe('amendment');
    expect(t.billingModel).toBeNull();
  });
  it('reads an addendum whose "to …" is on the next line, or that rewrites a clause, as an amendment', () => {
    expect(
      type('# Addendum KL-77-A2\n\n**to the Hosting Agreement KL-77**\n\nThe hosting fee is amended to USD 900.00.\n'),
    ).toBe('amendment');
    expect(
      type(
        '# ADDENDUM No. 3\n\n**Order Ref:** WO-55\n\n1. The schedule in the Statement of Work is deleted and replaced by the table below.\n',
      ),
    ).toBe('amendment');
    expect(
      type('# Zusatzvereinbarung Nr. 2\n\nzum Wartungsvertrag WV-9. Die Pauschale beträgt neu 800,00 EUR.\n'),
    ).toBe('amendment');
  });
  it('reads an engagement letter in English or French as a consulting agreement', () => {
    expect(
      type('Harbour Advisory LLP\n\nDear Sir,\n\n**Engagement letter: cost review**\n\nOur fee is $9,000.\n'),
    ).toBe('consulting_agreement');
    expect(type('# Lettre de mission\n\nNos honoraires sont de 9 000,00 EUR HT.\n')).toBe('consulting_agreement');
  });
});

describe('an untitled document that prices the work', () => {
  it('is a statement of work when it states a fixed price', () => {
    expect(type('# Proposal 112: Network review\n\nWe will do the work for a fixed price of £64,800.00.\n')).toBe(
      'sow',
    );
    expect(type('# Auftrag Nr. 5\n\nFür die Leistung wird ein Pauschalpreis von 38.500,00 EUR vereinbart.\n')).toBe(
      'sow',
    );
  });
  it('is not typed when the fixed price has no amount', () => {
    expect(type('# Notes on pricing\n\nA fixed price may be agreed later.\n')).toBe('other');
  });
});

describe('documents that change another contract', () => {
  it('reads supplementary agreements, modifications and memoranda of change as amendments', () => {
    expect(type('# Supplementary Agreement No. 3\n\nThe monthly fee is changed from $100.00 to $120.00.\n')).toBe(
      'amendment',
    );
    expect(type('MODIFICATION OF CONTRACT\n\nMODIFICATION NO.: A0004\nTASK ORDER NO.: 12-XY\n')).toBe('amendment');
    expect(type('# Memorandum of Change\n\nThe end date is changed from 2027/01/31 to 2027/03/31.\n')).toBe(
      'amendment',
    );
  });
  it('reads an addendum that changes a stated value as an amendment', () => {
    expect(
      type('# Addendum 1 to the Hosting Agreement\n\n1. The monthly fee is increased from EUR 900 to EUR 990.\n'),
    ).toBe('amendment');
  });
  it('reads an untitled document that says it changes a contract as an amendment, in en/de/fr', () => {
    expect(
      type('Between A Ltd and B Ltd.\n\nThe Agreement is hereby amended as follows: the end date is 2028.\n'),
    ).toBe('amendment');
    expect(type('Zwischen A GmbH und B AG.\n\nDer Vertrag vom 1. März 2026 wird wie folgt geändert:\n')).toBe(
      'amendment',
    );
    expect(type('Entre A SA et B SARL.\n\nLe contrat du 1er mars 2026 est modifié comme suit :\n')).toBe('amendment');
  });
  it('reads an amending agreement, and an addendum whose values are revised, as amendments', () => {
    expect(type('# AMENDING AGREEMENT No. 3\n\n**Re:** Work Order WO-14\n\n1. Clause 4 is amended.\n')).toBe(
      'amendment',
    );
    expect(
      type(
        '# ADDENDUM No. 2 TO WORK ORDER WO-8\n\n1. The daily rate of the Analyst is revised from USD 600.00 to USD 640.00.\n',
      ),
    ).toBe('amendment');
  });
  it('leaves a contract that may be amended later as it is', () => {
    expect(type('# Statement of Work 7\n\nThis SOW may be amended only in writing.\n')).toBe('sow');
  });

  it('reads an untitled agreement whose fee only the value ranker reads as a statement of work', () => {
    const doc =
      'BACKUP AND RECOVERY SERVICES AGREEMENT\n\nAgreement No. BRS-88\n\nBetween Harbour Foods Ltd ("the Customer") and Tidewater IT Ltd ("the Supplier").\n\n1. Charges\n   Service charge: EUR 2,150.00, invoiced each month in advance.\n   VAT is added at the applicable rate.\n';
    expect(extractWithRules(doc, { valueRanker: false }).terms.recurringFee).toBeNull();
    expect(extractWithRules(doc).terms.recurringFee).toEqual({ amount: '2150.00', period: 'month' });
    expect(type(doc)).toBe('sow');
  });
});

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

import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';
import { isOrganisation } from './parties.ts';

// Round nineteen: parties a letterhead, an article before a role word or a list bullet hides from the rules. Invented
// sentences, not copies of corpus documents; the rules alone (no ranker), so the weights do not matter.
const rules = (text: string) => extractWithRules(text, { partyRanker: false }).terms.parties;

describe('a letterhead over a pair of names without roles', () => {
  it('takes the letterhead firm as the provider and the other name as the client (EN, DE, FR)', () => {
    expect(
      rules(
        'NORTHWIND LEDGER LTD. - Halifax, Nova Scotia\n\nAMENDMENT 2 TO SERVICES ORDER NL-7\n\nBetween Northwind Ledger Ltd. and Bayview Ferry Co-operative Ltd.\n\nThe monthly fee is now CAD 2,100.00.\n',
      ),
    ).toEqual({ client: 'Bayview Ferry Co-operative Ltd.', provider: 'Northwind Ledger Ltd.' });
    expect(
      rules(
        'ISARTAL DATENDIENST GMBH · München · HRB 1234\n\nNachtrag 1 zum Wartungsvertrag ID-4\n\nParteien: Bäckerei Sonnhalde GmbH und Isartal Datendienst GmbH\n\nDas Entgelt beträgt nun EUR 900,00.\n',
      ),
    ).toEqual({ client: 'Bäckerei Sonnhalde GmbH', provider: 'Isartal Datendienst GmbH' });
    expect(
      rules(
        'GARONNE CODE SAS · Toulouse · RCS 123\n\n# Avenant n° 1 au contrat GC-9\n\nEntre la Mutuelle des Pêcheurs du Sud et Garonne Code SAS.\n\nLe forfait passe à 4 000,00 EUR.\n',
      ),
    ).toEqual({ client: 'Mutuelle des Pêcheurs du Sud', provider: 'Garonne Code SAS' });
  });

  it('keeps the first word of a name that begins with "Société" after "entre la"', () => {
    expect(
      rules(
        '# Avenant n° 2\n\nEntre la Société des Thermes du Cap SA (le Client)\net Azur Logiciels SARL (le Prestataire)\n\nLe prix change.\n',
      ),
    ).toEqual({ client: 'Société des Thermes du Cap SA', provider: 'Azur Logiciels SARL' });
  });
});

describe('role words after an article, in a list, with an apostrophe', () => {
  it('reads "The Client:" and "The Supplier:" as role labels', () => {
    expect(
      rules(
        '# Support Retainer\n\nThe Client: **Ramsey Mutual Limited**, Ramsey\nThe Supplier: **Peel Systems Limited**\n\n1. Fees are £900.00 per month.\n',
      ),
    ).toEqual({ client: 'Ramsey Mutual Limited', provider: 'Peel Systems Limited' });
  });

  it('reads a bulleted name followed by its role between dashes', () => {
    expect(
      rules(
        '# Werkvertrag Nr. 5\n\nVertragspartner:\n\n- **Lausitzer Wohnungsbau eG**, Hauptstraße 1, Cottbus\n  – „Bestellerin“ –\n- **Spreewald Software GmbH**, Cottbus – „Unternehmerin“ –\n\n§ 1 Der Festpreis beträgt 10.000,00 €.\n',
      ),
    ).toEqual({ client: 'Lausitzer Wohnungsbau eG', provider: 'Spreewald Software GmbH' });
  });

  it("reads « le Maître d'ouvrage » as the client", () => {
    expect(
      rules(
        "# Contrat\n\n**Entre :** la **Régie des Ports de Sambre SCRL**, représentée par son directeur (« le Maître d'ouvrage »),\n\n**Et :** **Namur Logiciels SRL** (« le Prestataire »).\n\nLe prix est de 10 000,00 EUR.\n",
      ).client,
    ).toBe('Régie des Ports de Sambre SCRL');
  });

  it('reads "Addressed to:" as the addressee and keeps "(Jersey) Limited" in the name', () => {
    expect(
      rules(
        '**Gorey Advisory Limited**\nSt Helier, Jersey\n\n# Letter of Engagement\n\nAddressed to: **Trinity Trustees (Jersey) Limited**, 1 Quay Street\n\nDear Board,\n',
      ),
    ).toEqual({ client: 'Trinity Trustees (Jersey) Limited', provider: 'Gorey Advisory Limited' });
  });
});

describe('two names with their roles on one line', () => {
  it('starts the second name after a dash between them', () => {
    expect(
      rules(
        '# Servicevertrag\n\n**Jura Code AG**, Biel (Auftragnehmerin) – **Seeland Mühle AG**, Lyss (Auftraggeberin)\n\nVertrag 12.\n',
      ),
    ).toEqual({ client: 'Seeland Mühle AG', provider: 'Jura Code AG' });
  });
});

describe('organisation names in capitals', () => {
  it('knows a legal form written in capitals in a capitals letterhead, when asked', () => {
    expect(isOrganisation('MOSEL LOGICIELS SRL', true)).toBe(true);
    expect(isOrganisation('RHÔNE DATA CONSEIL GMBH', true)).toBe(true);
    expect(isOrganisation('RHÔNE DATA CONSEIL GMBH')).toBe(false);
  });
});

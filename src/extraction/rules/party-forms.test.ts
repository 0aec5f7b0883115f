import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';
import { isOrganisation } from './parties.ts';

// Fifth round: parties by where and how a document names them (label dictionaries per language, a letter's or
// quotation's head, a table of roles, articles before a role, the verb that says who provides). Written for the
// mechanism, not copied from any corpus document.
const parties = (text: string) => extractWithRules(text).terms.parties;

describe('organisation names', () => {
  it('knows legal forms of many countries, also in capitals', () => {
    expect(isOrganisation('Kestrel Analytics Pte. Ltd.')).toBe(true);
    expect(isOrganisation('Baobab Routing (Pty) Ltd')).toBe(true);
    expect(isOrganisation('Vistula Code Sp. z o.o.')).toBe(true);
    expect(isOrganisation('Atelier du Lac Sàrl')).toBe(true);
    expect(isOrganisation('OSPREY LEDGER LIMITED')).toBe(true);
    expect(isOrganisation('Maria Lopez')).toBe(false);
    expect(isOrganisation('12 March 2028')).toBe(false);
  });
});

describe('role labels per language', () => {
  it('reads "Ordering Party", "Maître de l\'ouvrage" and "Entrepreneur" as roles', () => {
    expect(
      parties(
        '# Order No. 9\n\n**Ordering Party:** Dunmore Freight B.V., Utrecht\n**Contractor:** Odra Soft Sp. z o.o.\n',
      ),
    ).toEqual({ client: 'Dunmore Freight B.V.', provider: 'Odra Soft Sp. z o.o.' });
    expect(
      parties(
        "# Contrat d'entreprise n° X-1\n\n**Maître de l'ouvrage :** Hôpital du Val SA, rue Haute 2\n**Entrepreneur :** Alpes Câblage Sàrl, route 4\n\nLe prix est forfaitaire.\n",
      ),
    ).toEqual({ client: 'Hôpital du Val SA', provider: 'Alpes Câblage Sàrl' });
  });

  it('reads a French role in parentheses without quotes, and a short name given with an article', () => {
    expect(
      parties(
        '# Contrat\n\nEntre **Garonne Réseaux SAS**, quai 3, 31000 Toulouse (le Prestataire), et la **Régie des Eaux\nde Lisle**, place 1, 31000 Lisle (la Régie).\n\nLe Prestataire assure la maintenance.\n',
      ),
    ).toEqual({ client: 'Régie des Eaux de Lisle', provider: 'Garonne Réseaux SAS' });
  });

  it('reads roles quoted in lower case', () => {
    expect(
      parties(
        '# Agreement\n\n**Between** Polder Ports NV, Kade 1, Gent ("the customer")\n**and** Lys Code BV, Straat 2, Brugge ("the supplier").\n',
      ),
    ).toEqual({ client: 'Polder Ports NV', provider: 'Lys Code BV' });
  });
});

describe('the head of a letter, quotation or order', () => {
  it('takes the letterhead firm as provider when the customer is labelled', () => {
    expect(
      parties(
        '# Service Order SO-3\n\n**Fjord Metrics AS** · Storgata 5, Oslo\n**Customer:** Tromsø Fisk AS\n\nFees below.\n',
      ),
    ).toEqual({ client: 'Tromsø Fisk AS', provider: 'Fjord Metrics AS' });
  });

  it('reads "To:" and "From:" addressed firms, and "An:" in German', () => {
    expect(
      parties('# Quotation\n\n**To:** Hakone Retail Co., Ltd.\n**From:** Kiso Systems Co., Ltd., Nagoya\n'),
    ).toEqual({
      client: 'Hakone Retail Co., Ltd.',
      provider: 'Kiso Systems Co., Ltd.',
    });
    expect(
      parties(
        '# Angebot A-1\n\n**Inntal Software GmbH**, Weg 1, 6020 Innsbruck\n\nAn: **Zillertal Hotels AG**, Platz 2\n\nGuten Tag\n',
      ),
    ).toEqual({ client: 'Zillertal Hotels AG', provider: 'Inntal Software GmbH' });
  });

  it('reads the addressee above "Attn:" and a letterhead in capitals as the document writes it elsewhere', () => {
    expect(
      parties(
        'TASMAN LEDGER LIMITED\nPO Box 9, Nelson\n\n2 May 2028\n\nKaikoura Kayaks Limited\nAttn: Mere Tane\n\nDear Mere,\n\nWe will do the work.\n\nTasman Ledger Limited\n',
      ),
    ).toEqual({ client: 'Kaikoura Kayaks Limited', provider: 'Tasman Ledger Limited' });
  });

  it('does not take a sentence naming a firm for a letterhead', () => {
    const p = parties(
      '# Memo\n\nAgreement between Quill Harbor Partners, LLC and others\n**Client:** Quill Harbor Partners, LLC\n',
    );
    expect(p?.provider ?? null).toBeNull();
  });
});

describe('a table of roles', () => {
  it('reads names under "Customer | Provider" headers, in either column order', () => {
    const table = (a: string, b: string, x: string, y: string) =>
      `# Order Form\n\n| ${a} | ${b} |\n|---|---|\n| ${x} | ${y} |\n| 1 Main St | 2 High St |\n`;
    expect(parties(table('Customer', 'Provider', 'Orchard Bank Inc.', 'Lumen Geo LLC'))).toEqual({
      client: 'Orchard Bank Inc.',
      provider: 'Lumen Geo LLC',
    });
    expect(parties(table('Supplier', 'Buyer', 'Lumen Geo LLC', 'Orchard Bank Inc.'))).toEqual({
      client: 'Orchard Bank Inc.',
      provider: 'Lumen Geo LLC',
    });
  });
});

describe('who provides to whom', () => {
  it('takes the firm that will provide services to the other as the provider', () => {
    expect(
      parties(
        '# Engagement\n\nRiverton Audit LLP, 5 Bay St ("Riverton") will provide review\nservices to Copperleaf Insurance Company ("Copperleaf") as set out below.\n',
      ),
    ).toEqual({ client: 'Copperleaf Insurance Company', provider: 'Riverton Audit LLP' });
  });
});

// Seventeenth round: the trained party ranker (party-ranker.ts) where no frame of the rules names the parties.
describe('parties ranked where the rules read none', () => {
  it('reads "between X and Y" without defined terms (English)', () => {
    expect(
      parties(
        '# Statement of Work No. SC-7\n\nThis Statement of Work is issued under the master contract between Saltmarsh County and Quarry Lane Data LLC and is approved by the Board.\n\n## 1. Scope\n\nThe work covers records.\n',
      ),
    ).toEqual({ client: 'Saltmarsh County', provider: 'Quarry Lane Data LLC' });
  });

  it('reads "zwischen … und …" with roles in typographic quotes (German)', () => {
    expect(
      parties(
        '# Leistungsschein\n\nzwischen der Stadt Hallbrück, Rathausplatz 1 (nachstehend „Auftraggeber“)\nund der Moorfeld IT GmbH, Hafenstraße 3, HRB 4411 (nachstehend „Auftragnehmer“)\n\n## 1. Leistungen\n\nDer Auftragnehmer betreut die Server.\n',
      ),
    ).toEqual({ client: 'Stadt Hallbrück', provider: 'Moorfeld IT GmbH' });
  });

  it('reads a public body named "ci-après « le Pouvoir adjudicateur »" (French)', () => {
    expect(
      parties(
        '# Contrat de prestations\n\nEntre la Commune de Vaubrise, représentée par son maire, ci-après « le Pouvoir adjudicateur »,\net Atelier Rivage SARL, 4 quai Sud, ci-après « le Titulaire ».\n\n## 1. Objet\n\nLe Titulaire assure la maintenance.\n',
      ),
    ).toEqual({ client: 'Commune de Vaubrise', provider: 'Atelier Rivage SARL' });
  });

  it('takes the firm a letterhead names after "Supplied by", without those words', () => {
    expect(
      parties('# Order Form\n\nSupplied by Tidemill Systems Ltd, Company No. 0455120.\n\nThe order covers support.\n')
        ?.provider,
    ).toBe('Tidemill Systems Ltd');
  });
});

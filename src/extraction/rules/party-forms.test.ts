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

// Round fifteen: roles written after the name, bilingual labels, short names without a role, registration numbers
// before a role in parentheses, more legal forms, and the buyer's order number. Written for the mechanism.
describe('roles written after the names they label', () => {
  it('reads a two-column table whose value comes before its label', () => {
    expect(
      parties(
        '# Hosting Order HX-7\n\n| Value | Field |\n|---|---|\n| Tarnwick Rope Works Ltd, Quay Road | Subscriber |\n| Fellgate Hosting Limited | Supplier |\n| 1 May 2029 | Start |\n',
      ),
    ).toEqual({ client: 'Tarnwick Rope Works Ltd', provider: 'Fellgate Hosting Limited' });
  });

  it('reads a role after a dash at the end of the name line, or alone under the name block (German)', () => {
    expect(
      parties(
        '# Wartungsvertrag W-9\n\nOstsee Leitsysteme GmbH, Hafenweg 3, 18055 Rostock — „Auftragnehmerin“\nKlarsee Fischerei eG, Seestraße 1, 17192 Waren — „Auftraggeberin“\n\n1. Laufzeit: 1. Mai 2029 bis 30. April 2030.\n',
      ),
    ).toEqual({ client: 'Klarsee Fischerei eG', provider: 'Ostsee Leitsysteme GmbH' });
    expect(
      parties(
        '# Servicevertrag S-4\n\n**Heidmoor Netze GmbH**, Torstraße 8, 24103 Kiel\n\n– Auftragnehmerin –\n\n**Brunsholm Werft ApS**, Havnevej 2, Sønderborg\n\n– Auftraggeberin –\n\n## § 1 Gegenstand\n',
      ),
    ).toEqual({ client: 'Brunsholm Werft ApS', provider: 'Heidmoor Netze GmbH' });
  });

  it('does not read two name lines run together as one name with the second role', () => {
    const got = parties(
      '# Wartungsvertrag W-10\n\nOstsee Leitsysteme GmbH, Hafenweg 3, Rostock — Auftragnehmerin Klarsee Fischerei eG, Seestraße 1, Waren — Auftraggeberin\n\n1. Laufzeit: 1. Mai 2029 bis 30. April 2030.\n',
    );
    expect(got.client).not.toBe('Ostsee Leitsysteme GmbH');
  });

  it('reads a label written in two languages', () => {
    expect(
      parties(
        '# CONTRAT / VERTRAG\n\n**Prestataire / Auftragnehmer :** Vosges Logiciel SAS, 2 rue Haute, Colmar\n**Client / Auftraggeber :** Schwarzwald Brauhaus eG, Markt 4, Offenburg\n\nArticle 1 — Objet.\n',
      ),
    ).toEqual({ client: 'Schwarzwald Brauhaus eG', provider: 'Vosges Logiciel SAS' });
  });
});

describe('a party named by a short name while the other is named by its role', () => {
  it('takes a French short name from "ci-après « la Mutuelle »" when the other party is the Prestataire', () => {
    expect(
      parties(
        "# CONTRAT D'ASSISTANCE\n\nEntre la **Mutuelle Agricole du Causse**, 4 place du Foirail, Rodez, ci-après « la Mutuelle »,\net **Aveyron Code SARL**, 9 rue Neuve, Rodez, ci-après « le Prestataire ».\n\n**Article 1.** Le Prestataire assiste la Mutuelle.\n",
      ),
    ).toEqual({ client: 'Mutuelle Agricole du Causse', provider: 'Aveyron Code SARL' });
  });

  it("takes a label that is a word of the name as the party's short name", () => {
    expect(
      parties(
        '# Change Order 3\n\n| Item | Detail |\n|---|---|\n| Township | Brookhollow Township |\n| Contractor | Silverpine Records LLC |\n',
      ),
    ).toEqual({ client: 'Brookhollow Township', provider: 'Silverpine Records LLC' });
  });
});

describe('names before a role in parentheses', () => {
  it('skips a tax number the address ends in and keeps the firm (German)', () => {
    expect(
      parties(
        '# Dienstleistungsvertrag D-3\n\nzwischen der\n\n**Ufer Wohnen eG**, Lindenallee 4, 30159 Hannover (nachfolgend „Auftraggeberin")\n\nund der\n\n**Marschland Daten GmbH**, Deichstraße 2, 27472 Cuxhaven, HRB 1234, USt-IdNr. DE 123 456 789\n(nachfolgend „Auftragnehmerin").\n\n### § 1 Gegenstand\n',
      ),
    ).toEqual({ client: 'Ufer Wohnen eG', provider: 'Marschland Daten GmbH' });
  });
});

describe('more legal forms', () => {
  it('knows Gulf, West African and cooperative forms', () => {
    expect(isOrganisation('Dilmun Freight W.L.L.')).toBe(true);
    expect(isOrganisation('Sahel Hébergement SARLU')).toBe(true);
    expect(isOrganisation('Kalahari Code CC')).toBe(true);
    expect(isOrganisation('Bergland Milch eGen')).toBe(true);
  });
});

// Round seventeen: a client named without a role word and without a legal form or firm word, found by its frame.
describe('parties named by a frame, whatever the shape of the name', () => {
  it('takes the first of "zwischen der X und der Y" for the client when X holds no firm word', () => {
    expect(
      parties(
        '# Nachtrag 2 zum Werkvertrag\n\nZwischen der Ostwalder Sparkassenstiftung und der Brenntal Daten AG.\n\nDer Werkpreis bleibt unverändert.\n',
      )?.client,
    ).toBe('Ostwalder Sparkassenstiftung');
  });

  it('takes a public body named in lower case after "Entre" (French)', () => {
    expect(
      parties(
        "# Avenant n° 2\n\nEntre l'Office des eaux de la vallée basse et Brume Logiciels SAS.\n\nLes autres clauses demeurent inchangées.\n",
      ),
    ).toEqual({ client: 'Office des eaux de la vallée basse', provider: 'Brume Logiciels SAS' });
  });
});

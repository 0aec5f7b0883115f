import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

const terms = (text: string) => extractWithRules(text).terms;

describe('document type by meaning, not by a word in a number or a clause', () => {
  it('does not read "MSA" inside the document number as a master agreement', () => {
    const t = terms(
      '# Network Operations Agreement\n\nAgreement No. KTL-MSA-31/007\n\nThe operator is paid EUR 9,400.00 per month for monitoring.\n',
    );
    expect(t.documentType).toBe('sow');
    expect(t.billingModel).toBe('fixed_fee');
  });
  it('reads a framework agreement that itself sets rates as a statement of work', () => {
    const t = terms(
      '# Master Services Agreement\n\n| Role | Daily rate |\n|---|---|\n| Architect | GBP 1,150.00 |\n| Tester | GBP 640.00 |\n',
    );
    expect(t.documentType).toBe('sow');
  });
  it('keeps a master agreement without prices a master agreement', () => {
    expect(
      terms('# Master Services Agreement\n\nOrders are placed by separate statements of work.\n').documentType,
    ).toBe('msa');
  });
  it('does not take change-request work priced in a service contract for a change order', () => {
    const doc = [
      '# Harbour Systems Service Contract HSC-44',
      '',
      'The provider runs the harbour systems for GBP 12,000.00 per month.',
      'Work outside that scope is done on a change request approved by the harbour master and billed hourly:',
      '',
      '| Role | Hourly rate |',
      '|---|---|',
      '| Engineer | GBP 95.00 |',
      '',
      'Change request charges may not exceed GBP 8,000.00 in a month.',
    ].join('\n');
    const t = terms(doc);
    expect(t.documentType).toBe('sow');
    expect(t.billingModel).toBe('blended');
    expect(terms('# Change Request CR-12\n\nThe parties agree the following change.\n').documentType).toBe(
      'change_order',
    );
  });
  it('reads a flat periodic charge or a German service "-pauschale" as a fixed fee', () => {
    const en = terms(
      'FIBRE LINK SCHEDULE No. FL-88\n\nA flat link charge of USD 1,475.00 per month covers the line.\n',
    );
    expect(en.documentType).toBe('sow');
    expect(en.billingModel).toBe('fixed_fee');
    const de = terms(
      "SERVICEVERTRAG Nr. SV-2030-02\n\n1. Dauer\n   Der Vertrag beginnt am 01.01.2031 und endet am 31.12.2032.\n\n2. Vergütung\n   Die Betreuungspauschale beträgt CHF 4'200.00 pro Kalenderquartal. Sie wird jeweils zu Beginn des Quartals im Voraus fakturiert.\n",
    );
    expect(de.documentType).toBe('sow');
    expect(de.billingModel).toBe('fixed_fee');
  });
});

describe('the document number after a German or French kind', () => {
  it('reads "Vertrag No.", "Auftrag" and "Réf." labels', () => {
    expect(terms('# Wartung Stellwerk\n\nVertrag Nr. KB-WS-2031-07 · Chur, 3.2.2031\n').reference).toBe(
      'KB-WS-2031-07',
    );
    expect(terms('# Muster AG\n\n## Auftrag MA-2030-55: Umzug Rechenzentrum\n').reference).toBe('MA-2030-55');
    expect(terms("CONTRAT D'HÉBERGEMENT          Réf. PLX-H-2030-014\n\nClient : Ville de Dole\n").reference).toBe(
      'PLX-H-2030-014',
    );
  });
  it('does not take a tax number wrapped onto its own line for the document number', () => {
    const doc = [
      'ARDOISE CONSEIL SARL',
      '4 rue des Halles, 49100 Angers · SIREN 701 223 448 · TVA intracommunautaire',
      'FR33701223448',
      "Contrat d'assistance No. ARC-AT-2031-05",
    ].join('\n');
    expect(terms(doc).reference).toBe('ARC-AT-2031-05');
  });
  it("takes an amendment's own reference over the contract it amends", () => {
    const doc = '# Avenant n° 2 au contrat RVS-2029-031\n\nRéf. RVS-2029-031-AV2 — entre la Régie et Ouest Logiciel.\n';
    expect(terms(doc).reference).toBe('RVS-2029-031-AV2');
    const titled = '# Amendment No. 1 — Contrat BLM-2030-004\n\nAmendment BLM-2030-004-A1, between the parties.\n';
    expect(terms(titled).reference).toBe('BLM-2030-004-A1');
  });
});

describe('payment terms', () => {
  it('reads French days counted from the bare receipt of the invoice', () => {
    const a = terms('Une facture est émise chaque mois. Paiement à 45 jours après\nréception.\n').paymentTerms;
    expect(a).toEqual({ netDays: 45, basis: 'receipt' });
    const b = terms('Les factures sont payables à 20 jours de leur réception.\n').paymentTerms;
    expect(b).toEqual({ netDays: 20, basis: 'receipt' });
  });
  it('does not read a delivery received as the invoice basis', () => {
    expect(
      terms('Les livrables sont validés à 10 jours après réception des livrables.\n').paymentTerms.netDays,
    ).toBeNull();
  });
  it("reads an amendment table's new payment period, not the column of current wording", () => {
    const en = [
      '# Change Order CO-3',
      '',
      '| Item | Currently | Changed to |',
      '|---|---|---|',
      '| Payment | within 60 days after receipt of invoice | within 40 days after receipt of invoice |',
    ].join('\n');
    expect(terms(en).paymentTerms.netDays).toBe(40);
    const fr = [
      '# Avenant n° 1',
      '',
      '| Article | Texte actuel | Texte modifié |',
      '|---|---|---|',
      '| Délai de paiement | 60 jours date de facture | 40 jours date de facture |',
      '',
      'Les autres articles du contrat ne sont pas modifiés et restent applicables entre les parties.',
    ].join('\n');
    expect(terms(fr).paymentTerms.netDays).toBe(40);
  });
});

describe('start and end dates by meaning', () => {
  it("reads a French change table's end of contract from its new column", () => {
    const doc = [
      '# Avenant n° 3',
      '',
      '| Article | Disposition initiale | Disposition modifiée |',
      '|---|---|---|',
      '| Fin du contrat | 30 juin 2031 | 31 décembre 2031 |',
    ].join('\n');
    expect(terms(doc).endDate).toBe('2031-12-31');
  });
  it('takes the replacing date where a date is replaced by another', () => {
    const doc =
      '# Amendment 2\n\nThis amendment is effective from 1 May 2031.\n\n1. The end date 30 June 2031 is replaced by 30 September 2031.\n';
    expect(terms(doc).endDate).toBe('2031-09-30');
  });
  it("does not read a milestone moved from one date to another as the term's range", () => {
    const doc =
      '# Avenant n° 1\n\nLe présent avenant prend effet le 2 mars 2031.\n\nLe jalon « Recette » est décalé du 5 avril 2031 au 20 mai 2031.\n';
    // The rules leave the term's end out (the date ranker, not retrained here, may still rank a date).
    const ruled = extractWithRules(doc, { dateRanker: false }).terms;
    expect(ruled.endDate).toBeNull();
    expect(terms(doc).effectiveDate).toBe('2031-03-02');
  });
  it('reads a bold label with a colon after "takes effect on", and "applies to … on or after"', () => {
    expect(terms('# Change Order 4\n\n**This change order takes effect on:** 3 March 2031\n').effectiveDate).toBe(
      '2031-03-03',
    );
    expect(
      terms('# Amendment A2\n\nThis amendment applies to transactions settled on or after 1 July 2031.\n')
        .effectiveDate,
    ).toBe('2031-07-01');
  });
  it('reads rows whose label follows the date', () => {
    const doc =
      '# SOW 77\n\n| 2031-STA-4 | SOW number |\n|---|---|\n| 03/02/2031 | Start of services |\n| 09/30/2031 | Completion date |\n';
    const t = terms(doc);
    expect(t.effectiveDate).toBe('2031-03-02');
    expect(t.endDate).toBe('2031-09-30');
  });
  it("reads a PDF's borderless label-after-date rows, a qualifier before start or end", () => {
    const doc = [
      'Licence Order LO-77',
      'Basin Water Board\tLicensee',
      '2 March 2031\tLicence start',
      '1 March 2034\tLicence end',
      'BWB-PO-31-9\tLicensee purchase order',
    ].join('\n');
    const t = terms(doc);
    expect(t.effectiveDate).toBe('2031-03-02');
    expect(t.endDate).toBe('2034-03-01');
    expect(terms('Statement of Work — Archive Scan\n2031-AS-07\tSOW number\nCity of Ely\tClient\n').reference).toBe(
      '2031-AS-07',
    );
  });
  it('reads a French start noun, "Démarrage le"', () => {
    expect(
      terms('# Contrat au forfait\n\nDémarrage le 6 janvier 2031. Fin des prestations : 30 juin 2031.\n').effectiveDate,
    ).toBe('2031-01-06');
  });
});

import { describe, expect, it } from 'vitest';
import { buildContext } from './context.ts';
import { findParties } from './parties.ts';
import { abbreviates, engageFeatures, referencePrefixes, tradeName } from './party-evidence.ts';
import { type PartyCandidate, partyCandidates, sameParty } from './party-ranker.ts';
import { textDocument } from '../text/document-text.ts';

// Role evidence beside the role words (written for the mechanism, not copied from any corpus document).
const candidates = (text: string): PartyCandidate[] => {
  const ctx = buildContext(textDocument(text));
  return partyCandidates(ctx, findParties(ctx));
};
const featuresOf = (cs: PartyCandidate[], name: string): string[] =>
  cs.find((c) => sameParty(c.name, name) && c.name.length >= name.length)?.features ?? [];

describe("the document's own number", () => {
  it('reads the letter prefixes of codes in the head, but not an order number or a document-kind code', () => {
    expect([...referencePrefixes('# Amendment No. 3 to contract QMT-SV-2029-11\n\nRef.: QMT-SV-2029-11/A3')]).toEqual([
      'QMT',
    ]);
    expect([...referencePrefixes('# Change Order No. 4 to HVB/SOW/29-003')]).toEqual(['HVB']);
    expect([...referencePrefixes('Nachtragsnummer ÖSW-WV-29-N1')]).toEqual(['OSW']);
    expect([...referencePrefixes('Purchase order: KLM-2029-0077\nSOW-2029-12')]).toEqual([]);
    expect([...referencePrefixes('Bon de commande n° ABC/BC/29')]).toEqual([]);
  });

  it('matches a prefix to the name it abbreviates: initials, the first word, letters of a compound', () => {
    expect(abbreviates('QMT', 'Quendon Marsh Telemetry Ltd')).toBe(true);
    expect(abbreviates('HVB', 'Harrow Vale Bauwerk GmbH')).toBe(true);
    expect(abbreviates('QUE', 'Quendon Marsh Telemetry Ltd')).toBe(true);
    expect(abbreviates('ODW', 'Oberland Datenwerk AG')).toBe(true);
    expect(abbreviates('RSP', 'Rivière SoftPlan SARL')).toBe(true);
    // Its first letter must be the name's, and its second must continue the first word or start the second.
    expect(abbreviates('QMT', 'Marsh Quendon Telemetry Ltd')).toBe(false);
    expect(abbreviates('QAT', 'Quendon Marsh Telemetry Ltd')).toBe(false);
    expect(abbreviates('QMT', 'Quendon')).toBe(false);
  });

  it('marks the candidate whose name the head number abbreviates, not the other party', () => {
    const cs = candidates(
      '# Amendment No. 1 to Agreement PLW-SA-2029-04\n\nMade between Pelham Wharf Board and Orlov Systems Ltd.\n',
    );
    expect(featuresOf(cs, 'Orlov Systems Ltd')).not.toContain('ref-initials');
    const cs2 = candidates(
      '# Amendment No. 1 to Agreement OSL-SA-2029-04\n\nMade between Pelham Wharf Board and Orlov Systems Ltd.\n',
    );
    expect(featuresOf(cs2, 'Orlov Systems Ltd')).toContain('ref-initials');
    expect(featuresOf(cs2, 'Pelham Wharf Board')).not.toContain('ref-initials');
  });
});

describe('a name that sells the services', () => {
  it('reads trade words in three languages, also inside compounds', () => {
    expect(tradeName('Harrow Vale Informatik GmbH')).toBe(true);
    expect(tradeName('Oberland Datenwerk AG')).toBe(true);
    expect(tradeName('Atelier Logiciel du Lac SARL')).toBe(true);
    expect(tradeName('Kessler Logistik-IT AG')).toBe(true);
    expect(tradeName('Northgate Cloud Partners LLP')).toBe(true);
    expect(tradeName('Pelham Wharf Board')).toBe(false);
    expect(tradeName('Société Fromagère du Jura SA')).toBe(false);
    expect(tradeName('Kitchen Outfitters Ltd')).toBe(false);
    expect(tradeName('Solutions TI Estrie inc.')).toBe(true);
  });

  it('reads a singular System or Network that ends a name as a kind of body, not a trade', () => {
    expect(tradeName('Harbourside Health Network')).toBe(false);
    expect(tradeName('Redfern County Health System')).toBe(false);
    expect(tradeName('Pecan Bayou Network Services, Inc.')).toBe(true);
    expect(tradeName('Tarnside Systems Ltd')).toBe(true);
    expect(tradeName('Harbour Data Network Ltd')).toBe(true);
  });

  it("marks the candidate whose name is a services trade's", () => {
    const cs = candidates('# Nachtrag 2\n\nzwischen der Seewinkel Weinbau AG und der Pannonia Software GmbH\n');
    expect(featuresOf(cs, 'Pannonia Software GmbH')).toContain('trade');
    expect(featuresOf(cs, 'Seewinkel Weinbau AG')).not.toContain('trade');
  });
});

describe('a party that engages the other', () => {
  it('reads the verb after the ordering party and before the delivering one, in three languages', () => {
    expect(engageFeatures('', ' hereby engages Orlov Systems Ltd')).toEqual(['verb-orders', '']);
    expect(engageFeatures('Pelham Wharf Board hereby engages ', ' to')).toEqual(['', 'verb-ordered']);
    expect(engageFeatures('', ' beauftragt die Pannonia Software GmbH')).toEqual(['verb-orders', '']);
    expect(engageFeatures('Die Seewinkel Weinbau AG beauftragt die ', ' mit')).toEqual(['', 'verb-ordered']);
    expect(engageFeatures('La Commune de Lussan confie à ', ' la mission')).toEqual(['', 'verb-ordered']);
    expect(engageFeatures('', ' will provide the services')).toEqual(['', '']);
  });

  it('marks both names of a German engagement sentence', () => {
    const cs = candidates(
      '# Änderungsauftrag 2\n\nDie Seewinkel Weinbau AG beauftragt die Pannonia Software GmbH zusätzlich mit dem Export.\n',
    );
    expect(featuresOf(cs, 'Seewinkel Weinbau AG')).toContain('verb-orders');
    expect(featuresOf(cs, 'Pannonia Software GmbH')).toContain('verb-ordered');
  });
});

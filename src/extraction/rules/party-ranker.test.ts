import { describe, expect, it } from 'vitest';
import { buildContext } from './context.ts';
import { findParties } from './parties.ts';
import { abbreviates, orderPrefixes } from './party-evidence.ts';
import { decideParties, type PartyCandidate, partyCandidates, sameParty } from './party-ranker.ts';
import { textDocument } from '../text/document-text.ts';

// The party ranker's candidates and features (written for the mechanism, not copied from any corpus document).
const candidates = (text: string): PartyCandidate[] => {
  const ctx = buildContext(textDocument(text));
  return partyCandidates(ctx, findParties(ctx));
};
const featuresOf = (cs: PartyCandidate[], name: string): string[] =>
  cs.find((c) => sameParty(c.name, name) && c.name.length >= name.length)?.features ?? [];

describe('party candidates', () => {
  it('takes organisation-like names of the head with the side of "between … and …" they stand on', () => {
    const cs = candidates(
      '# Services Order\n\nThis order is made between Saltmarsh County and Quarry Lane Data LLC for the records project.\n',
    );
    expect(featuresOf(cs, 'Saltmarsh County')).toContain('between-first');
    expect(featuresOf(cs, 'Saltmarsh County')).toContain('public-body');
    expect(featuresOf(cs, 'Quarry Lane Data LLC')).toContain('between-second');
    expect(featuresOf(cs, 'Quarry Lane Data LLC')).toContain('legal-form');
  });

  it('reads role words near a name in German and French, and a short name inside a longer one as one party', () => {
    const de = candidates(
      '# Leistungsschein\n\nzwischen der Stadt Hallbrück, Rathausplatz 1 (nachstehend „Auftraggeber“)\nund der Moorfeld IT GmbH, HRB 4411 (nachstehend „Auftragnehmer“)\n',
    );
    expect(featuresOf(de, 'Stadt Hallbrück')).toContain('orig-client');
    expect(featuresOf(de, 'Moorfeld IT GmbH')).toContain('orig-provider');
    expect(featuresOf(de, 'Moorfeld IT GmbH')).toContain('registration');
    const fr = candidates(
      '# Contrat de prestations\n\nLa Commune de Vaubrise (ci-après « le Pouvoir adjudicateur ») confie à Atelier Rivage SARL (ci-après « le Titulaire ») la mission.\n',
    );
    expect(featuresOf(fr, 'Commune de Vaubrise')).toContain('orig-client');
    expect(featuresOf(fr, 'Atelier Rivage SARL')).toContain('orig-provider');
  });

  it('marks a name in a signature block after "For and on behalf of"', () => {
    const filler = 'The services are described in the annex. '.repeat(80);
    const cs = candidates(
      `# Statement of Work\n\n${filler}\n\nFor and on behalf of\nBrackwater Port Authority\n\nFor and on behalf of\nTidemill Systems Ltd\n`,
    );
    expect(featuresOf(cs, 'Tidemill Systems Ltd')).toContain('sign-for');
    expect(featuresOf(cs, 'Tidemill Systems Ltd')).toContain('tail');
  });

  it('marks the writer\'s frame: "by" before a name, the block after a letter\'s close, a countersignature', () => {
    const by = candidates(
      '# Proposal\n\nPrepared for **Kestrel Bay Marina Ltd**, Nelson, by **Ironbark Web Studio Limited**.\n',
    );
    expect(featuresOf(by, 'Ironbark Web Studio Limited')).toContain('by-before');
    expect(featuresOf(by, 'Kestrel Bay Marina Ltd')).not.toContain('by-before');
    const filler = 'The services are described in the annex. '.repeat(80);
    const letter = candidates(
      `# Letter of engagement\n\n${filler}\n\nYours sincerely,\n\nAnna Reed\nDirector, for and on behalf of Marlpit Surveys Ltd\n\nAgreed for Fenwater Housing Trust: ........ Date: ....\n`,
    );
    expect(featuresOf(letter, 'Marlpit Surveys Ltd')).toContain('after-close');
    expect(featuresOf(letter, 'Fenwater Housing Trust')).toContain('accepts');
    expect(featuresOf(letter, 'Fenwater Housing Trust')).not.toContain('after-close');
  });

  it("marks the second of two labelled names, whatever its label's word", () => {
    const cs = candidates(
      '# Statement of Work\n\nClient: Harrow Vale Credit Union\nStudio: Pinecone & Moss Design LLC\n',
    );
    expect(featuresOf(cs, 'Pinecone & Moss Design LLC')).toContain('label-second');
    expect(featuresOf(cs, 'Harrow Vale Credit Union')).not.toContain('label-second');
  });

  it('groups "County" with "Saltmarsh County" and keeps the full name', () => {
    const cs = candidates('Between Saltmarsh County ("County") and Quarry Lane Data LLC ("Contractor").\n');
    expect(cs.filter((c) => sameParty(c.name, 'County')).map((c) => c.name)).toEqual(['Saltmarsh County']);
  });
});

describe("the buyer's order number", () => {
  it('reads the letter prefix of a code after an order label, in three languages', () => {
    expect([...orderPrefixes('Purchase order: TWH/PO/29/0081 must be quoted.')]).toEqual(['TWH']);
    expect([...orderPrefixes('Bestellnummer der Kundin: KMV-2029-044')]).toEqual(['KMV']);
    expect([...orderPrefixes('Bon de commande n° CEA-BC-2029-7')]).toEqual(['CEA']);
  });

  it("matches an order prefix to a name as the head's own number is matched, accents and small words left out", () => {
    expect(abbreviates('TWH', 'Tarn Wool Holdings Pvt Ltd')).toBe(true);
    expect(abbreviates('CEA', "Caisse d'Épargne de l'Aubrac")).toBe(true);
    expect(abbreviates('TWH', 'Quillon Data Limited')).toBe(false);
  });

  it('marks the candidate whose initials begin the order number', () => {
    const filler = 'The services are described in the annex. '.repeat(10);
    const cs = candidates(
      `# Order Form\n\nSupplied by Quillon Data Limited.\n\nCustomer: Tarn Wool Holdings Ltd, Mill Lane\n\n${filler}\nPurchase order: TWH/PO/29/0081\n`,
    );
    expect(featuresOf(cs, 'Tarn Wool Holdings Ltd')).toContain('order-initials');
    expect(featuresOf(cs, 'Quillon Data Limited')).not.toContain('order-initials');
  });
});

describe('deciding the parties', () => {
  const cand = (name: string, features: string[]): PartyCandidate => ({ name, start: 0, end: 1, features });
  const weights = {
    threshold: 0.5,
    enabled: ['client' as const, 'provider' as const],
    override: { client: 0.8 },
    client: { bias: -2, weights: { 'between-first': 4 } },
    provider: { bias: -2, weights: { 'between-second': 4 } },
  };
  const cs = [cand('North Vale Council', ['between-first']), cand('Kelp Works Ltd', ['between-second'])];

  it('fills a role the rules left empty, never with the other party', () => {
    const d = decideParties(cs, { client: null, provider: { value: 'North Vale Council', start: 0, end: 1 } }, weights);
    expect(d.client?.value ?? null).toBeNull();
    const e = decideParties(cs, { client: null, provider: null }, weights);
    expect([e.client?.value, e.provider?.value]).toEqual(['North Vale Council', 'Kelp Works Ltd']);
  });

  it('replaces an inferred rules name the ranker does not support, and keeps a labelled one', () => {
    const guess = { value: 'Kelp Works Ltd', start: 0, end: 1, confidence: 0.55 };
    expect(decideParties(cs, { client: guess, provider: null }, weights).client?.value).toBe('North Vale Council');
    const { confidence: _, ...labelled } = guess;
    expect(decideParties(cs, { client: labelled, provider: null }, weights).client?.value).toBe('Kelp Works Ltd');
  });

  it('never fills a role with the name the likeliest pair put on the other side', () => {
    // X looks a little like a client and not at all like a provider; Y looks more like a client than X does but is
    // the likelier provider: the pair (X client, Y provider) is the likeliest, neither sure enough alone.
    const pair = {
      threshold: 0.5,
      enabled: ['client' as const, 'provider' as const],
      pairExclusive: true,
      client: { bias: 0, weights: { x: -0.3, y: 0.5 } },
      provider: { bias: 0, weights: { x: -3, y: -0.6 } },
    };
    const two = [cand('Harbour Health Network', ['x']), cand('Bluegum Pty Ltd', ['y'])];
    const d = decideParties(two, { client: null, provider: null }, pair);
    expect(d.client?.value ?? null).not.toBe('Bluegum Pty Ltd');
    expect(d.provider?.value ?? null).not.toBe('Harbour Health Network');
    // Weights trained before the rule decide as they were trained.
    const before = decideParties(two, { client: null, provider: null }, { ...pair, pairExclusive: undefined });
    expect(before.client?.value).toBe('Bluegum Pty Ltd');
  });

  it('does nothing for a role that is not enabled', () => {
    const d = decideParties(cs, { client: null, provider: null }, { ...weights, enabled: [] });
    expect(d).toEqual({ client: null, provider: null });
  });
});

import { describe, expect, it } from 'vitest';
import { buildContext } from './context.ts';
import { findParties } from './parties.ts';
import { type FramedName, notPartyName, pairNames, signatureNames, verbNames } from './party-frames.ts';
import { partyCandidates, sameParty } from './party-ranker.ts';
import { textDocument } from '../text/document-text.ts';

// Names given as parties without a role word (written for the mechanism, not copied from any corpus document).
const rulesText = (text: string): string => buildContext(textDocument(text)).text;
const named = (xs: FramedName[]): string[] => xs.map((x) => `${x.name} ${x.features.join(',')}`);

describe('pairs of names', () => {
  it('reads both names of "between … and …" in English, German and French, without a legal form', () => {
    expect(named(pairNames(rulesText('Agreed between the Tolvern Harbour Trust and Ashgrove Signals Ltd.\n')))).toEqual(
      ['Tolvern Harbour Trust pair-first', 'Ashgrove Signals Ltd. pair-second'],
    );
    expect(
      named(pairNames(rulesText('Zwischen der Ostwalder Sparkassenstiftung und der Brenntal Daten AG.\n'))),
    ).toEqual(['Ostwalder Sparkassenstiftung pair-first', 'Brenntal Daten AG pair-second']);
    expect(
      named(pairNames(rulesText("Entre : l'Office des eaux de la vallée basse\nEt : Brume Logiciels SAS\n"))),
    ).toEqual(['Office des eaux de la vallée basse pair-first', 'Brume Logiciels SAS pair-second']);
  });

  it('reads a sentence that starts with the pair and its shared verb, a name wrapped after a small word, a slash', () => {
    expect(
      named(pairNames('Korvale Mining Board and Tessit Data Works LLC agree that the rates change as follows.\n')),
    ).toEqual(['Korvale Mining Board pair-first', 'Tessit Data Works LLC pair-second']);
    expect(named(pairNames('Korvale Mining Board and Tessit Data Works LLC met on Monday.\n'))).toEqual([]);
    expect(named(pairNames('made between the Shire of the\nNorthern Downs and Pellow Analytics Pty Ltd.\n'))).toEqual([
      'Shire of the Northern Downs pair-first',
      'Pellow Analytics Pty Ltd. pair-second',
    ]);
    expect(named(pairNames('Contract QX-11 (Harwick Water Board / Lintel Software Inc.)\n'))).toEqual([
      'Harwick Water Board pair-first,pair-slash',
      'Lintel Software Inc. pair-second,pair-slash',
    ]);
  });
});

describe('names told apart by a verb', () => {
  it('reads who orders from whom in German, French and English', () => {
    expect(named(verbNames(rulesText('Die Gemeinde Talwil bezieht von der Bergdata GmbH ab Mai Support.\n')))).toEqual([
      'Gemeinde Talwil verb-orders',
      'Bergdata GmbH verb-ordered',
    ]);
    expect(
      named(
        verbNames(rulesText('Nordlicht Systeme AG stellt dem Wasserverband Unterried ihre Plattform zur Verfügung.\n')),
      ),
    ).toEqual(['Nordlicht Systeme AG verb-ordered', 'Wasserverband Unterried verb-orders']);
    expect(
      named(verbNames(rulesText('La Mutuelle des Pêcheurs confie à Ressac Informatique SARL la maintenance.\n'))),
    ).toEqual(['Mutuelle des Pêcheurs verb-orders', 'Ressac Informatique SARL verb-ordered']);
  });
});

describe('signature lines', () => {
  it('reads the names before the lines in order, and no place with its date', () => {
    const text =
      'Terms as above.\n\nLausanne, 3 May 2029 ______________\nOstwind Verein ______ Feldmark Software AG ______\n';
    expect(named(signatureNames(text, 0))).toEqual([
      'Ostwind Verein sign-line,sign-first',
      'Feldmark Software AG sign-line,sign-second',
    ]);
    expect(named(signatureNames('For Harwick Water Board: ____________\nCustomer __________\n', 0))).toEqual([
      'Harwick Water Board sign-line,sign-first',
    ]);
  });
});

describe('names that are no party', () => {
  it('keeps out people, addresses, document titles and role words, but not a body named in lower case', () => {
    for (const n of [
      'Ms. Okonkwo',
      'Le Président du Conseil',
      'Boulevard de la Liberté 12',
      'Master Services Agreement',
      'Ordering party',
      'Customer',
      '14 Quay Street',
    ])
      expect(notPartyName(n), n).toBe(true);
    for (const n of ["Régie des eaux de l'agglomération orléanaise", 'Quarry Lane Data LLC', 'Gemeinde Talwil', 'VIL'])
      expect(notPartyName(n), n).toBe(false);
  });

  it('gives the ranker a framed name without a firm word as a candidate, and no document title', () => {
    const ctx = buildContext(
      textDocument(
        '# Master Services Agreement\n\nZwischen der Ostwalder Sparkassenstiftung und der Brenntal Daten AG.\n',
      ),
    );
    const cs = partyCandidates(ctx, findParties(ctx));
    expect(cs.find((c) => sameParty(c.name, 'Ostwalder Sparkassenstiftung'))?.features).toContain('pair-first');
    expect(cs.some((c) => /Agreement/.test(c.name))).toBe(false);
  });
});

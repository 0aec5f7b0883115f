import { describe, expect, it } from 'vitest';
import { editDistance, FAMILY, normalise, spellWord } from './words.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one', () => {
    expect(editDistance('reminder', 'remnder')).toBe(1);
    expect(editDistance('overdue', 'ovedrue')).toBe(1);
    expect(editDistance('invoice', 'invoise')).toBe(1);
    expect(editDistance('approval', 'approvals')).toBe(1);
    expect(editDistance('kestrel', 'kestrel')).toBe(0);
    expect(editDistance('billing', 'bill', 2)).toBe(3);
  });
});

describe('spellWord', () => {
  it('mends one-letter typos of long keywords only', () => {
    expect(spellWord('outstnading')).toBe('outstanding');
    expect(spellWord('reveiw')).toBe('review');
    expect(spellWord('exceptoins')).toBe('exceptions');
    // Short words are never mended: "late" and "lane" are both words.
    expect(spellWord('lane')).toBe('lane');
    // Inflections of a keyword are words of their own.
    expect(spellWord('reviewed')).toBe('reviewed');
  });

  it('reads British spellings and German words as the American English keyword', () => {
    expect(spellWord('summarise')).toBe('summarize');
    expect(spellWord('authorised')).toBe('authorized');
    expect(spellWord('mahnung')).toBe('reminder');
    expect(spellWord('überfällig')).toBe('overdue');
    expect(spellWord('freigabe')).toBe('approval');
  });

  it('leaves a word two letters from every keyword alone', () => {
    expect(spellWord('bottle')).toBe('bottle');
  });
});

describe('normalise', () => {
  it('lower-cases, straightens quotes and keeps references whole', () => {
    expect(normalise('Why can\u2019t NWUS-2026-0007 go out? Summarise it')).toBe(
      "why can't nwus-2026-0007 go out? summarize it",
    );
  });
});

describe('normalise, German and French', () => {
  it.each([
    ['die erste Zeile', 'die first line'],
    ['in der zweiten Zeile', 'in der second line'],
    ['den dritten Posten', 'den third posten'],
    ['die älteste Rechnung', 'die oldest invoice'],
    ['la deuxième ligne', 'la second line'],
    ['la première facture', 'la first invoice'],
    ['la plus ancienne facture', 'la oldest invoice'],
    ['Qui devrait la vérifier ?', 'who should la review ?'],
    ['Wer sollte das freigeben?', 'who should das approve?'],
    ['Gib DRAFT-1A2B3C4D bitte frei', 'approve draft-1a2b3c4d bitte '],
    ['paiements non affectés', 'payments unapplied'],
  ])('reads %j as %j', (text, spelt) => {
    expect(normalise(text)).toBe(spelt);
  });

  it('leaves numbers and words that only look like ordinals alone', () => {
    // "acht" is eight, not the eighth; "erst" alone is "only"; "Frei" without "gib" is free.
    expect(normalise('acht Rechnungen')).toBe('acht invoices');
    expect(normalise('erst morgen')).toBe('erst morgen');
    expect(normalise('frei von Fehlern')).toBe('frei von fehlern');
  });
});

describe('FAMILY', () => {
  it.each([
    ['chase', 'could you prod them', true],
    ['chase', 'follow-up with the client', true],
    ['chase', 'chase up the payment', true],
    ['chase', 'how does the policy work', false],
    ['overdue', 'past their due dates', true],
    ['overdue', 'not yet fully paid', true],
    ['overdue', 'the due date of the invoice', false],
    ['held', 'on hold since Monday', true],
    ['held', 'the invoice went out on Monday', false],
    ['held', "doesn't get sent", true],
    ['review', 'give it the four-eyes check', true],
    ['whoShould', 'who is the right person to look at it', true],
    ['whoShould', 'who paid it', false],
    ['inbox', 'what is waiting on me', true],
    ['billingRun', 'kick off the monthly billing', true],
    ['status', 'is it done?', true],
    ['status', 'ist es erledigt?', true],
    ['status', "c'est fait ?", true],
    ['status', 'what happened to my request?', true],
    ['status', 'it is done when the client pays', false],
    ['unapplied', "which payments haven't been applied yet", true],
    ['unapplied', 'the payment was applied', false],
    ['applyCash', 'put it against the oldest invoice', true],
  ] as const)('%s: "%s" → %s', (family, text, expected) => {
    expect(FAMILY[family].test(normalise(text))).toBe(expected);
  });
});

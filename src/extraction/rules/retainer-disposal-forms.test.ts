import { describe, expect, it } from 'vitest';
import { retainerRoles } from './retainer-roles.ts';
import { extractWithRules } from './extract-rules.ts';
import { approvalShareBySentence, includedHoursByMeaning, withoutFormer } from './retainer-hours.ts';
import { overageRateBySentence } from './retainer-overage.ts';

// Round nineteen: hours placed at the client's disposal, a consent threshold named as such, a carry-over denied by a
// negation or a lapse, a value stated as what it was before an amendment, and hours beyond the included ones named as
// the frame of the pricing sentence. Written for the mechanism, not copied from any corpus document.
const terms = (text: string) => extractWithRules(text).terms;

describe('hours placed at the client disposal', () => {
  it('reads a French hour bank whose fee is paid each month', () => {
    const fr =
      "Convention d'assistance par banque d'heures\n\nEntre la société Alpha SA et Beta SARL.\n\n1. Forfait. Le Client paie chaque mois un forfait de 12 000,00 EUR HT, pour lequel le Prestataire met à sa disposition 25 heures de support.\n\n2. Report. Les heures non consommées sont reportées sur le mois suivant dans la limite de 5 heures.";
    const r = terms(fr).retainer;
    expect(r?.amount).toBe('12000.00');
    expect(r?.period).toBe('month');
    expect(r?.includedHours).toBe(25);
    expect(r?.rolloverHoursMax).toBe(5);
  });

  it.each([
    ['English, verb before the count', 'The provider makes available 30 hours of support each month.', 30],
    ['English, verb after the count', 'We keep 18 hours of consulting available every month.', 18],
    ['German', 'Die Beraterin stellt der Kundin monatlich 22 Stunden zur Verfügung.', 22],
    ['French, a label', "Le nombre d'heures mises à disposition passe de 40 à 45 heures.", 45],
  ])('%s', (_, text, hours) => {
    // The lexicon reads "Stunden"/"heures" as "hours" before these rules run.
    const region = text.replace(/Stunden|heures/g, 'hours');
    expect(includedHoursByMeaning(region)?.value).toBe(hours);
  });

  it('does not read carried or overrun hours as at the disposal', () => {
    expect(includedHoursByMeaning('Up to 8 unused hours remain available in the next month.')).toBeNull();
  });
});

describe('an approval threshold named as such', () => {
  it.each([
    ['French, a changed threshold', "le seuil d'accord préalable est abaissé de 20 % à 15 %", 15],
    ['English', 'the approval threshold is 25 %', 25],
    ['German', 'die Schwelle für die Freigabe beträgt 10 %', 10],
  ])('%s', (_, text, share) => {
    expect(approvalShareBySentence(text)?.value).toBe(share);
  });

  it('takes no share from a threshold without consent or about tax', () => {
    expect(approvalShareBySentence('the volume threshold is 25 %')).toBeNull();
    expect(approvalShareBySentence('the approval threshold for VAT is 20 %')).toBeNull();
  });
});

describe('a carry-over denied or lapsing', () => {
  it.each([
    ['French, ni … ni', 'Les hours non utilisées ne sont ni carried over sur le mois suivant ni remboursées.'],
    ['French, ne … plus', 'les hours non utilisées ne sont plus carried over ; elles sont perdues.'],
    ['German, weder … noch', 'Nicht verbrauchte hours werden weder carried over noch erstattet.'],
    ['English, lapse', 'Hours not used by the end of the month lapse.'],
  ])('%s', (_, text) => {
    expect(retainerRoles(text, 'en').rolloverHoursMax?.value).toBe(0);
  });

  it('keeps a bound and a plain carry-over', () => {
    expect(retainerRoles('Unused hours are carried over, limited to 6 hours.', 'en').rolloverHoursMax?.value).toBe(6);
    expect(retainerRoles('Der Übertrag ist auf 6\nhours begrenzt.', 'en').rolloverHoursMax?.value).toBe(6);
    expect(retainerRoles('Unused hours may be carried over to the next month.', 'en').rolloverHoursMax).toBeNull();
  });

  it('reads a forfeiture after a past bound in an amendment', () => {
    const en =
      'Amendment No. 2\n\nThe monthly retainer fee of USD 5,000.00 per month includes 30 hours. Unused hours are forfeited at the end of each month. Previously, up to 10 hours could be carried over.';
    expect(terms(en).retainer?.rolloverHoursMax).toBe(0);
  });
});

describe('a value stated as it was before', () => {
  it.each([
    ['a sentence', 'Unused hours lapse. Previously, up to 10 hours could be carried over.', 'Previously'],
    ['German', 'Stunden verfallen. Bisher konnten bis zu 8 Stunden übertragen werden.', 'Bisher'],
    ['a note', 'Unused hours lapse (clause 4 previously allowed 8 hours).', 'previously'],
  ])('%s is blanked, offsets kept', (_, text, word) => {
    const out = withoutFormer(text);
    expect(out).toHaveLength(text.length);
    expect(out).not.toContain(word);
    expect(out.startsWith(text.slice(0, 5))).toBe(true);
  });

  it('keeps "beforehand" inside a sentence', () => {
    const text = 'If the overrun exceeds 20 %, the provider\nvorher asks for approval.';
    expect(withoutFormer(text)).toBe(text);
  });
});

describe('hours beyond the included ones as the frame of the price', () => {
  it.each([
    ['French', 'beyond the 40 hours, chaque hours est invoiced 1 050,00 EUR HT.', 'eu', '1050.00'],
    ['English', 'Above the 20 included hours, each hour is billed at USD 150.00.', 'en', '150.00'],
    ['French, a participle', 'Les hours dépassant le contingent sont invoiced CHF 165.00.', 'en', '165.00'],
  ] as const)('%s', (_, text, style, amount) => {
    expect(overageRateBySentence(text, style)?.amount).toBe(amount);
  });
});

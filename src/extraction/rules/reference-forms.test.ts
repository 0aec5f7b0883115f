import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// A document's own number in its title block under labels the rules do not list, or alone on a line.
// Written for the mechanism, not copied from any corpus document.
const reference = (text: string) => extractWithRules(text).terms.reference;

describe('the document number in the title block', () => {
  it('reads an identifier after a short label in any wording', () => {
    expect(reference('Engagement schedule\n\nSchedule ID: QRT-ES-2027-0042\n\nThe parties agree as follows.\n')).toBe(
      'QRT-ES-2027-0042',
    );
    expect(reference('Vereinbarung\n\nAz.: WLB-VB-2027/09\n\nDie Parteien vereinbaren Folgendes.\n')).toBe(
      'WLB-VB-2027/09',
    );
  });

  it('keeps a kind word that is part of the identifier, and does not cut one inside it', () => {
    expect(reference('Work statement\n\nSOW-KPL-2027-11\n\nScope follows.\n')).toBe('SOW-KPL-2027-11');
    expect(reference('Work statement\n\nDocument ID: KPL-SOW-2027-12\n\nScope follows.\n')).toBe('KPL-SOW-2027-12');
  });

  it('does not take a date on a line of its own for the number', () => {
    expect(reference('Order form\n\n2027-03-01\n\nThe customer orders the services below.\n')).toBeNull();
  });
});

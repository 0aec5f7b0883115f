import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// A list schedule whose items end with the event's planned date (fourth round). Written for the mechanism, not
// copied from any corpus document.
const milestones = (text: string) => extractWithRules(text).terms.milestones;

describe('planned dates after a list item event', () => {
  it('takes "planned for <date>" as the due date, not as part of the name', () => {
    const text =
      'The fixed price of €50,000.00 is invoiced in instalments:\n\n- 30% (€15,000.00) on kick-off;\n- 70% (€35,000.00) on handover of the archive, planned for 14 September 2028.\n';
    expect(milestones(text)).toEqual([
      { name: 'kick-off', amount: '15000.00', percent: 30, dueDate: null },
      { name: 'handover of the archive', amount: '35000.00', percent: 70, dueDate: '2028-09-14' },
    ]);
  });

  it('reads the French "prévue le" and drops the article after "à"', () => {
    const text =
      "Le prix forfaitaire de CHF 80'000.– est facturé en acomptes :\n\n- 50 % (CHF 40'000.–) à la commande ;\n- 50 % (CHF 40'000.–) à la mise en service, prévue le 2 octobre 2028.\n";
    expect(milestones(text)).toEqual([
      { name: 'commande', amount: '40000.00', percent: 50, dueDate: null },
      { name: 'mise en service', amount: '40000.00', percent: 50, dueDate: '2028-10-02' },
    ]);
  });
});

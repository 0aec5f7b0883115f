import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';
import { retainerRoles, retainerUnits } from './retainer-roles.ts';

// Round eighteen: a retainer's details read by the role of each clause or table row (carry-over with a bound, the hour
// beyond the included ones with an amount, inclusion with a count of hours), whatever the phrasing. Written for the
// mechanism, not copied from any corpus document.
const retainer = (text: string) => extractWithRules(text).terms.retainer;

describe('retainer units', () => {
  it('keeps each table row whole and cuts prose into clauses', () => {
    const units = retainerUnits('The fee is due monthly. Hours lapse.\n| Label | 12 |\nA\tB\nEnd; more');
    expect(units.map((u) => u.text)).toEqual([
      'The fee is due monthly.',
      'Hours lapse.',
      '| Label | 12 |',
      'A\tB',
      'End;',
      'more',
    ]);
    expect(units.map((u) => u.row)).toEqual([false, false, true, true, false, false]);
  });
});

describe('roles of clauses', () => {
  it('reads a table with label cells first, whatever the labels say', () => {
    const r = retainerRoles(
      '| Fee for each month | USD 3,000.00 |\n| Hours the fee pays for | 24 |\n| Each hour past those hours | USD 140.00 |\n| Hours left over | move to the next month, never more than 6 |\n',
      'en',
    );
    expect(r.includedHours?.value).toBe(24);
    expect(r.overageRate?.value).toBe('140.00');
    expect(r.rolloverHoursMax?.value).toBe(6);
  });

  it('reads value cells before label cells', () => {
    const r = retainerRoles(
      "| 20 hours | Volume compris par mois |\n| 90,00 € | Prix de l'heure excédentaire |\n| 4 hours | Report maximal sur le mois suivant |\n",
      'eu',
    );
    expect(r).toMatchObject({
      includedHours: { value: 20 },
      overageRate: { value: '90.00' },
      rolloverHoursMax: { value: 4 },
    });
  });

  it('reads tab-separated rows as a PDF text layer gives them', () => {
    const r = retainerRoles('Hours covered each quarter\t75\nExtra hour above the covered hours\tGBP 95.00\n', 'en');
    expect(r.includedHours?.value).toBe(75);
    expect(r.overageRate?.value).toBe('95.00');
  });

  it('leaves a clause about a share, a notice period or a cap without a role', () => {
    const r = retainerRoles(
      'Work more than 10% above the covered hours needs approval. Unused hours lapse after 30 days. Additional hours are capped at USD 2,000.00 per quarter.',
      'en',
    );
    expect(r).toEqual({ includedHours: null, overageRate: null, rolloverHoursMax: null });
  });

  it('takes the new count of a changed carry-over', () => {
    const r = retainerRoles('Unused hours may roll over, but no more than from 4 to 7 hours.', 'en');
    expect(r.rolloverHoursMax?.value).toBe(7);
  });
});

describe('roles fill what the phrases left', () => {
  it('reads an English retainer told in other words', () => {
    expect(
      retainer(
        '# Support retainer\n\nThe monthly retainer is USD 5,200.00. The covered hours stay at 30 per month. Every additional hour past them remains USD 160.00. Hours not used may move into the following month, though never more than 5.\n',
      ),
    ).toMatchObject({ amount: '5200.00', includedHours: 30, overageRate: '160.00', rolloverHoursMax: 5 });
  });

  it('reads a German retainer whose overage hour is "darüber hinaus" worked', () => {
    expect(
      retainer(
        '# Betreuungsvertrag\n\nDie monatliche Pauschale beträgt EUR 2.400,00 und umfasst 20 Stunden. Jede darüber hinaus geleistete Stunde wird mit EUR 115,00 berechnet.\n',
      ),
    ).toMatchObject({ amount: '2400.00', includedHours: 20, overageRate: '115.00' });
  });
});

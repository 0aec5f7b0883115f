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

  it('gives a clause about a share only the approval role, a notice period or a cap none', () => {
    const r = retainerRoles(
      'Work more than 10% above the covered hours needs approval. Unused hours lapse after 30 days. Additional hours are capped at USD 2,000.00 per quarter.',
      'en',
    );
    expect(r).toMatchObject({ includedHours: null, overageRate: null, rolloverHoursMax: null });
    expect(r.approvalPercent?.value).toBe(10);
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

describe('a fee paid for a pool of hours', () => {
  it('reads a fee paid for a contingent of hours with no fee label', () => {
    expect(
      retainer(
        '# Wartungsvertrag\n\nFür das monatliche Stundenkontingent von 12 Stunden zahlt der Auftraggeber EUR 1.560,00 im Monat. Nicht genutzte Stunden verfallen.\n',
      ),
    ).toMatchObject({ amount: '1560.00', period: 'month', includedHours: 12, rolloverHoursMax: 0 });
  });

  it('reads the period of a German compound and details listed before the fee', () => {
    expect(
      retainer(
        'Nachtrag 1\n\nAb 1. Mai gilt:\n\n1. Nicht genutzte Stunden können in den Folgemonat übertragen werden, höchstens 3 Stunden.\n2. Das Kontingent von 10 Stunden und die Monatsvergütung von EUR 1.300,00 bleiben gleich.\n',
      ),
    ).toMatchObject({ amount: '1300.00', period: 'month', includedHours: 10, rolloverHoursMax: 3 });
  });

  it('does not take an hourly price as a pool fee', () => {
    expect(retainer('# Support\n\nThe contingent of 10 hours per month is paid at EUR 120.00 per hour.\n')).toBeNull();
  });

  it('reads a period fee from a tab-separated row, the old column blank', () => {
    expect(
      retainer(
        "Amendment 1\n\nItem\tbefore\tnew\nmonthly fixed fee hours pool\t      \tCHF 3'100.00\nIncluded hours per month\t  \t20\n",
      ),
    ).toMatchObject({ amount: '3100.00', period: 'month', includedHours: 20 });
  });
});

describe('a PDF table read as tab rows', () => {
  it('does not read the last digits of the row above as the included hours', () => {
    expect(
      retainer(
        'Retainer\nItem\tValue\nMonthly retainer fee\tKD 1,250.000\nHours covered by the fee each month\t18\nAdditional hour beyond the covered hours\tKD 60.000\n',
      ),
    ).toMatchObject({ amount: '1250.000', includedHours: 18, overageRate: '60.000' });
  });
});

describe('the approval role', () => {
  it('reads a consent clause with one share beyond the included hours, in three languages', () => {
    expect(
      retainerRoles('Work past 30% of the hours in the pool waits for the client’s sign-off.', 'en').approvalPercent
        ?.value,
    ).toBe(30);
    expect(
      retainerRoles('Mehrstunden über 40 % des Kontingents bedürfen der schriftlichen Zustimmung.', 'eu')
        .approvalPercent?.value,
    ).toBe(40);
    expect(
      retainerRoles('- Les heures au-delà de 35 % du forfait sont approuvées par écrit au préalable.', 'eu')
        .approvalPercent?.value,
    ).toBe(35);
  });

  it('takes the new share of a changed one and not a note of the old one', () => {
    expect(
      retainerRoles('The consent point of 10% of the included hours becomes 15% of the included hours.', 'en')
        .approvalPercent?.value,
    ).toBe(15);
    expect(
      retainerRoles('We ask for your approval before extra work goes over 45% of the hours (was 35%).', 'en')
        .approvalPercent?.value,
    ).toBe(45);
  });

  it('leaves shares of tax, payments and unrelated percentages alone', () => {
    expect(retainerRoles('Approved invoices carry VAT at 20% over the fee.', 'en').approvalPercent).toBeNull();
    expect(retainerRoles('30% is payable on approval of the plan.', 'en').approvalPercent).toBeNull();
    expect(
      retainerRoles('The client approves the plan; 12% of the budget is reserved.', 'en').approvalPercent,
    ).toBeNull();
  });

  it('fills the threshold the phrase rules left empty', () => {
    const r = retainer(
      'Retainer. The client pays a monthly retainer of USD 4,000.00 which covers 20 hours.\n- Overage beyond 25% of the covered hours needs the client’s sign-off in writing.\n',
    );
    expect(r?.overageApprovalThresholdPercent).toBe(25);
  });
});

describe('the approval point in hours', () => {
  it('makes a count of hours beyond the included ones a share of them, in three languages', () => {
    const r = (s: string) => retainer(s)?.overageApprovalThresholdPercent;
    expect(
      r(
        'Retainer. The client pays a monthly retainer of USD 4,800.00 which covers 24 hours. We ask for your written approval before working more than 6 hours beyond the included hours in a month.',
      ),
    ).toBe(25);
    expect(
      r(
        'Monatliche Pauschale von EUR 3.000,00 für ein Stundenkontingent von 20 Stunden. Mehr als 5 zusätzliche Stunden im Monat bedürfen der Zustimmung der Kundin.',
      ),
    ).toBe(25);
    expect(
      r(
        "Forfait mensuel de 2 000,00 EUR comprenant 10 heures. Au-delà de 3 heures supplémentaires, l'accord écrit du client est requis.",
      ),
    ).toBe(30);
  });

  it('reads no share where the count is not beyond the included hours or no consent is asked', () => {
    const r = (s: string) => retainer(s)?.overageApprovalThresholdPercent;
    expect(
      r(
        'Retainer. The client pays a monthly retainer of USD 4,800.00 which covers 24 hours. Hours beyond the 24 included hours are billed monthly.',
      ),
    ).toBeNull();
    expect(
      r(
        'Retainer. The client pays a monthly retainer of USD 4,800.00 which covers 24 hours. The team works more than 6 hours beyond the included hours only in busy months.',
      ),
    ).toBeNull();
  });
});

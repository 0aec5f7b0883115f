import { describe, expect, it } from 'vitest';
import { roleAtLineStart } from './line-role.ts';

const role = (prefix: string): string | null => roleAtLineStart(prefix)?.role ?? null;

describe('roleAtLineStart', () => {
  it.each([
    ['Senior Consultant: ', 'Senior Consultant'],
    ['Analyst – ', 'Analyst'],
    ['Analyst - ', 'Analyst'],
    ['Project Manager ........ ', 'Project Manager'],
    ['Project Manager … ', 'Project Manager'],
    ['- **Lead Engineer**: ', 'Lead Engineer'],
    ['• Data Analyst: ', 'Data Analyst'],
    ['2) Test Manager: ', 'Test Manager'],
    ['Senior Consultant (remote): ', 'Senior Consultant (remote)'],
    ['Senior Consultant rate: ', 'Senior Consultant'],
    ['Analyst hourly rate – ', 'Analyst'],
    ['Architect: $280 per hour / ', 'Architect'],
    ['Architect: from £950 to ', 'Architect'],
    ['Solution Architect ', 'Solution Architect'],
    ['Senior Developers are billed at ', 'Senior Developer'],
    ['Business Analysts are charged at the rate of ', 'Business Analyst'],
    ['QA Analyst hours are charged at ', 'QA Analyst'],
    ['Lead: $300 per hour; Tester: ', 'Tester'],
    ['New Senior Consultant: ', 'Senior Consultant'],
    ['Client Partner: ', 'Client Partner'],
    ['Field Service Engineer – ', 'Field Service Engineer'],
  ])('reads %j as the role %j', (prefix, expected) => {
    expect(role(prefix)).toBe(expected);
  });

  it.each([
    ['Hourly rate: '],
    ['Fees: '],
    ['Total: '],
    ['Billing Rate: '],
    ['Client: '],
    ['Services – '],
    ['Overtime – '],
    ['The Consultant shall be paid '],
    ['Compensation: Company shall pay Consultant '],
    ['Rates are '],
    ['Client will be invoiced at '],
    [''],
  ])('finds no role in %j', (prefix) => {
    expect(role(prefix)).toBeNull();
  });

  it('returns where the label starts in the prefix, after an earlier item of the line', () => {
    const prefix = 'Lead: $300 per hour; Tester: ';
    expect(roleAtLineStart(prefix)?.at).toBe(prefix.indexOf('Tester'));
  });
});

import { describe, expect, it } from 'vitest';
import { changesOf } from '../../../test/helpers/proposed-changes.ts';

describe('the start of an amendment as a whole, and wordings of a replaced value', () => {
  it('dates every change from the sentence saying when the changes take effect, not a rate of its own later start', () => {
    const changes = changesOf(`# Amendment No. 4 to the Services Agreement SA-77

Between Harbourline Foods Ltd and Quayside Analytics Ltd.

The changes below take effect on 1 March 2031.

1. The contract ceiling is raised from £80,000.00 to £95,000.00.
2. From 1 May 2031 the hourly rate of the Data Modeller rises from £120.00 to £126.00.
`);
    expect(changes).toContain('caps.not_to_exceed 80000.00 -> 95000.00 @2031-03-01');
    expect(changes).toContain('rates[Data Modeller] 120.00 -> 126.00 @2031-05-01');
  });

  it('reads "wird am D wirksam" as the start of a German change order (de)', () => {
    const changes = changesOf(`# Änderungsauftrag Nr. 3

Dieser Änderungsauftrag wird am 01.02.2031 wirksam. Die Reisekosten sind künftig
bis 4.000,00 EUR statt bis 3.000,00 EUR erstattungsfähig.
`);
    expect(changes).toContain('caps.expenses 3000.00 -> 4000.00 @2031-02-01');
  });

  it('reads a ceiling "replaced in full by" and "replacing A with B" (en)', () => {
    const a = changesOf(`# Change Order 2

This change order is effective 2 June 2031.

1. The not-to-exceed amount of USD 50,000.00 is replaced in full by a new not-to-exceed amount of USD 64,000.00.
`);
    expect(a).toContain('caps.not_to_exceed 50000.00 -> 64000.00 @2031-06-02');
    const b = changesOf(`# Change Order 5

This change order is effective 2 June 2031.

1. Clause 7 is amended by replacing the ceiling of USD 70,000.00 with USD 88,000.00.
`);
    expect(b).toContain('caps.not_to_exceed 70000.00 -> 88000.00 @2031-06-02');
  });

  it('reads "au lieu du D" as the replaced end date and "décalé du D au D" as a moved milestone (fr)', () => {
    const changes = changesOf(`# Avenant n° 2

Le présent avenant prend effet le 1er avril 2031.

Article 1. Le contrat prend fin le 30.11.2031 (au lieu du 30.06.2031).

Article 2. Le jalon « Mise en service » est décalé du 15 mai 2031 au 12 juin 2031.
`);
    expect(changes).toContain('endDate 2031-06-30 -> 2031-11-30 @2031-04-01');
    expect(changes).toContain('milestones.dueDate[Mise en service] 2031-05-15 -> 2031-06-12 @2031-04-01');
  });

  it('keys a role added after a colon and moves a change a later sentence starts on its own date', () => {
    const changes = changesOf(`# Amendment 3

This amendment takes effect on 1 July 2031.

1. The rate table is extended. A new role is added: Cloud Engineer, at $150.00 per hour.
2. The hourly rate of the Test Lead increases from $110.00 to $116.00.
3. The rate of the Test Lead changes only from 1 September 2031.
`);
    expect(changes).toContain('rates[Cloud Engineer] null -> 150.00 @2031-07-01');
    expect(changes).toContain('rates[Test Lead] 110.00 -> 116.00 @2031-09-01');
  });

  it("takes the start from a label naming the amendment, not the original contract's (en)", () => {
    const changes = changesOf(`# CONTRACT AMENDMENT

**Amendment No.:** A-02

**Original Contract Effective Date:** July 1, 2029

**Effective date of this Amendment:** March 1, 2031

## Changes

(a) The following labor category is added: Survey Analyst, $128.00 per hour.
`);
    expect(changes).toContain('rates[Survey Analyst] null -> 128.00 @2031-03-01');
    // The same label in a text layer without blank lines between the header's lines (PDF, DOCX).
    const flat = changesOf(
      'CONTRACT AMENDMENT\nAmendment No.: A-02\nOriginal Contract Effective Date: July 1, 2029\nCurrent Contract Total Not to Exceed: $90,000.00\nEffective date of this Amendment: March 1, 2031\nChanges\n(a) The following labor category is added: Survey Analyst, $128.00 per hour.\n',
    );
    expect(flat).toContain('rates[Survey Analyst] null -> 128.00 @2031-03-01');
  });
});

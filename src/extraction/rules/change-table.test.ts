import { describe, expect, it } from 'vitest';
import { findProposedChanges } from '../changes/proposed-change.ts';
import { textDocument } from '../text/document-text.ts';
import { extractWithRules } from './extract-rules.ts';

// A change table with a "before" and an "after" column (fourth round). Written for the mechanism, not copied from
// any corpus document.
const doc =
  '# Amendment A-12\n\nThis amendment takes effect on 1 March 2028.\n\n| Item | Previous | New |\n|---|---|---|\n| Contract end | 31 May 2028 | 30 November 2028 |\n\nAll other terms remain in force.\n';

describe('change tables', () => {
  it('reads the after column as the current value and the before column as superseded', () => {
    const terms = extractWithRules(doc).terms;
    expect(terms.endDate).toBe('2028-11-30');
    const changes = findProposedChanges(textDocument(doc), terms).map((c) => [c.field, c.from, c.to]);
    expect(changes).toContainEqual(['endDate', '2028-05-31', '2028-11-30']);
  });

  it('does not take a range table ("From user", "To user") for a change table', () => {
    const text =
      'Usage fees\n\n| Price per seat per month | From seat | To seat |\n|---|---|---|\n| £7.00 | 1 | 100 |\n| £6.00 | 101 | no limit |\n';
    expect(extractWithRules(text).terms.usageTiers.length).toBe(2);
  });

  it('knows a column of changed values by the participle in its header, in English, German and French', () => {
    const table = (old: string, changed: string): string =>
      `# Amendment A-14\n\nThis amendment takes effect on 1 June 2028.\n\n| Item | ${old} | ${changed} |\n|---|---|---|\n| Contract end | 31 July 2028 | 31 January 2029 |\n`;
    for (const [old, changed] of [
      ['Existing', 'Varied'],
      ['Ursprünglich', 'Geändert'],
      ['Initial', 'Modifié'],
    ] as const) {
      const text = table(old, changed);
      const terms = extractWithRules(text).terms;
      const changes = findProposedChanges(textDocument(text), terms).map((c) => [c.field, c.from, c.to]);
      expect(changes).toContainEqual(['endDate', '2028-07-31', '2029-01-31']);
    }
  });

  it('leaves out every before column paired by attribute with an after column, in a payment schedule', () => {
    const milestones = (text: string) =>
      extractWithRules(text).terms.milestones.map((m) => [m.name, m.amount, m.dueDate]);
    expect(
      milestones(
        '# Amendment 3 to the Fixed-Price Agreement\n\nThe payment schedule is amended as follows.\n\n| Milestone | Amount before | Amount after | Due date before | Due date after |\n|---|---|---|---|---|\n| Data migration | EUR 12,000.00 | EUR 14,500.00 | 15 May 2028 | 30 June 2028 |\n| Go-live | EUR 8,000.00 | EUR 8,000.00 | 31 July 2028 | 31 August 2028 |\n',
      ),
    ).toEqual([
      ['Data migration', '14500.00', '2028-06-30'],
      ['Go-live', '8000.00', '2028-08-31'],
    ]);
    expect(
      milestones(
        '# Nachtrag 2\n\nDer Zahlungsplan wird wie folgt geändert.\n\n| Teilzahlung | Betrag bisher | Betrag neu | Fällig bisher | Fällig neu |\n|---|---|---|---|---|\n| Schulung | € 6.000,00 | € 7.200,00 | 01.04.2028 | 15.05.2028 |\n| Abnahme | € 9.000,00 | € 9.000,00 | 30.06.2028 | 31.07.2028 |\n',
      ),
    ).toEqual([
      ['Schulung', '7200.00', '2028-05-15'],
      ['Abnahme', '9000.00', '2028-07-31'],
    ]);
  });
});

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
});

import { findProposedChanges } from '../../src/extraction/changes/proposed-change.ts';
import { extractWithRules } from '../../src/extraction/rules/extract-rules.ts';
import { textDocument } from '../../src/extraction/text/document-text.ts';

/** The proposed changes the built-in rules read from a text, as `field[key] from -> to @effective`, one string each. */
export const changesOf = (text: string): string[] => {
  const doc = textDocument(text);
  return findProposedChanges(doc, extractWithRules(doc).terms).map(
    (c) => `${c.field}${c.key ? `[${c.key}]` : ''} ${String(c.from)} -> ${c.to} @${String(c.effectiveDate)}`,
  );
};

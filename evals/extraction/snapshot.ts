import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findProposedChanges } from '../../src/extraction/changes/proposed-change.ts';
import { extractWithRules } from '../../src/extraction/rules/extract-rules.ts';
import type { SowTerms } from '../../src/extraction/sow-terms.ts';
import type { DocumentText } from '../../src/extraction/text/document-text.ts';
import { extractText } from '../../src/extraction/text/extract-text.ts';
import { loadSplit, SPENT, type Split } from './corpus.ts';
import { renderDocx } from './render/docx.ts';
import { renderPdf } from './render/pdf.ts';
import { scoreTerms, type FieldCounts } from './score.ts';
import { scoreChanges } from './score-changes.ts';

/**
 * Scores the built-in extractor on every spent split in one process and writes, per document, its counts per field
 * and its proposed changes' counts: the raw material of a leave-one-author-out comparison (`loao.ts`), where a
 * change is judged on the splits whose author's documents did not inspire it.
 *
 *   npx tsx evals/extraction/snapshot.ts --as text|pdf|docx --out FILE [--splits v5-blind,v9-blind] [--cache DIR]
 *
 * With --cache, each document's extracted text (the rendering and text extraction, which take most of a PDF run) is
 * kept in DIR and reused, so a comparison after a change to the rules re-runs only the rules.
 *
 * Never lists an unspent blind split: only the splits named in SPENT (or --splits, checked against it) are read.
 */

export interface DocSnapshot {
  fields: FieldCounts;
  changes: { tp: number; fp: number; fn: number } | null;
}
export type Snapshot = Record<string, Record<string, DocSnapshot>>;

const args = process.argv.slice(2);
const arg = (name: string): string | null => (args.includes(name) ? (args[args.indexOf(name) + 1] ?? null) : null);
const as = (arg('--as') ?? 'text') as 'text' | 'pdf' | 'docx';
const out = arg('--out') ?? `/tmp/snapshot-${as}.json`;
const cache = arg('--cache');
const splits = (arg('--splits')?.split(',') as Split[] | undefined) ?? [...SPENT];
for (const s of splits) if (!SPENT.includes(s)) throw new Error(`${s} is not a spent split`);

const limits = { maxBytes: 50 * 1024 * 1024, maxPages: 1000 };
const snapshot: Snapshot = {};
for (const split of splits) {
  const { documents } = loadSplit(split);
  const docs: Record<string, DocSnapshot> = {};
  for (const doc of documents) {
    const cached = cache ? path.join(cache, as, split, `${doc.id}.json`) : null;
    let text: DocumentText;
    if (cached && existsSync(cached)) text = JSON.parse(readFileSync(cached, 'utf8')) as DocumentText;
    else {
      const bytes =
        as === 'pdf'
          ? await renderPdf(doc.source, { format: doc.format })
          : as === 'docx'
            ? renderDocx(doc.source, doc.format)
            : new TextEncoder().encode(doc.source);
      const r = await extractText(bytes, limits);
      if (!r.ok) throw new Error(`${doc.id}: ${r.error.code}`);
      text = r.value;
      if (cached) {
        mkdirSync(path.dirname(cached), { recursive: true });
        writeFileSync(cached, JSON.stringify(text));
      }
    }
    const terms = extractWithRules(text).terms;
    const changes = doc.changes
      ? scoreChanges(findProposedChanges(text, terms as unknown as SowTerms), doc.changes)
      : null;
    docs[doc.id] = { fields: scoreTerms(terms as unknown as Record<string, unknown>, doc.truth), changes };
  }
  snapshot[split] = docs;
}
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(snapshot));
console.log(`wrote ${out} (${as}, ${splits.join(' ')})`);

import { loadConfig, llmConfigured } from '../../src/config.ts';
import { extractWithRules } from '../../src/extraction/rules/extract-rules.ts';
import { extractText } from '../../src/extraction/text/extract-text.ts';
import type { DocumentText } from '../../src/extraction/text/document-text.ts';
import type { SowTerms } from '../../src/extraction/sow-terms.ts';
import { loadSplit, type EvalDocument, type Split } from './corpus.ts';
import { renderDocx } from './render/docx.ts';
import { renderPdf } from './render/pdf.ts';
import { addCounts, overall, prf, scoreTerms, type FieldCounts } from './score.ts';
import { formatReport } from './report.ts';
import { findProposedChanges } from '../../src/extraction/changes/proposed-change.ts';
import { scoreChanges } from './score-changes.ts';
import { stubMode } from './llm-stub-mode.ts';

/**
 * The extraction eval: renders every document to PDF (the fixtures also to DOCX) and also reads
 * its source as an uploaded plain-text/markdown file, extracts its text, runs the built-in extractor (and the LLM extractor when configured), and prints
 * precision, recall and F1 per field and overall for each split.
 *
 *   npm run eval:extraction -- [--split heldout|v2-dev|…] [--as pdf|docx|text] [--verbose]
 *   npm run eval:extraction -- --split v12-blind --model-stub oracle,noisy,silent   (scripted models, no network)
 *
 * The blind splits (v2-blind to v20-blind) run only when asked for by name (--split v3-blind): each is scored once per release.
 */
type Extractor = { name: string; run: (doc: DocumentText, source: EvalDocument) => Promise<Record<string, unknown>> };

const args = process.argv.slice(2);
const only = args.includes('--split') ? (args[args.indexOf('--split') + 1] as Split) : null;
const verbose = args.includes('--verbose');
const onlyAs = args.includes('--as') ? (args[args.indexOf('--as') + 1] as As) : null;
const summary: string[] = [];

const limits = { maxBytes: 50 * 1024 * 1024, maxPages: 1000 };

type As = 'pdf' | 'docx' | 'text';

/** The document's text as the product reads it: rendered to PDF or DOCX, or uploaded as the plain-text/markdown source itself. */
async function textOf(doc: EvalDocument, as: As): Promise<DocumentText> {
  const bytes =
    as === 'pdf'
      ? await renderPdf(doc.source, { format: doc.format })
      : as === 'docx'
        ? renderDocx(doc.source, doc.format)
        : new TextEncoder().encode(doc.source);
  const r = await extractText(bytes, limits);
  if (!r.ok) throw new Error(`${doc.id}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

// One built-in extraction per document text, shared by the built-in row and every LLM row's gap filling.
const builtinMemo = new WeakMap<DocumentText, SowTerms>();
const builtin = (doc: DocumentText): SowTerms => {
  if (!builtinMemo.has(doc)) builtinMemo.set(doc, extractWithRules(doc).terms);
  return builtinMemo.get(doc) as SowTerms;
};
const extractors: Extractor[] = [
  { name: 'built-in', run: async (doc) => builtin(doc) as unknown as Record<string, unknown> },
];
// --chunk-chars N (with --model-stub) chunks smaller than the default 12,000 characters, to exercise chunking and merging.
const chunkChars = args.includes('--chunk-chars') ? Number(args[args.indexOf('--chunk-chars') + 1]) : undefined;
const stubs = args.includes('--model-stub')
  ? await stubMode(args[args.indexOf('--model-stub') + 1], only, builtin, chunkChars)
  : null;
const config = loadConfig();
if (stubs) extractors.push(...stubs.extractors);
else if (llmConfigured(config)) {
  const { createLlmExtractor } = await import('../../src/extraction/llm/extract-llm.ts');
  const llm = createLlmExtractor(config);
  // One model call per document serves both rows: the final result, and the LLM's own verified values.
  const memo = new WeakMap<DocumentText, ReturnType<typeof llm.extract>>();
  const once = (doc: DocumentText) => {
    if (!memo.has(doc)) memo.set(doc, llm.extract(doc));
    return memo.get(doc) as ReturnType<typeof llm.extract>;
  };
  extractors.push({
    name: `llm (${llm.model}, gaps filled by built-in)`,
    run: async (doc) => (await once(doc)).terms as unknown as Record<string, unknown>,
  });
  extractors.push({
    name: `llm-only (${llm.model})`,
    run: async (doc) => (await once(doc)).llmTerms as unknown as Record<string, unknown>,
  });
} else {
  console.log('LLM extractor: not configured (set LLM_MODEL with LLM_BASE_URL or LLM_API_KEY); built-in only.\n');
}

const runs: Array<{ split: string; as: As }> = [
  { split: 'sow-dev', as: 'pdf' },
  { split: 'sow-dev', as: 'text' },
  { split: 'fixtures-dev', as: 'pdf' },
  { split: 'fixtures-dev', as: 'docx' },
  { split: 'fixtures-dev', as: 'text' },
  { split: 'heldout', as: 'pdf' },
  { split: 'heldout', as: 'docx' },
  { split: 'heldout', as: 'text' },
  { split: 'v2-dev', as: 'pdf' },
  { split: 'v2-dev', as: 'docx' },
  { split: 'v2-dev', as: 'text' },
  // Scored once per release, after the extractor is frozen; never tuned on. Only with --split v2-blind.
  { split: 'v2-blind', as: 'pdf' },
  { split: 'v2-blind', as: 'docx' },
  { split: 'v2-blind', as: 'text' },
  // The next release's blind split (another author, written 2026-12-05 without seeing the rules): only with --split v3-blind.
  { split: 'v3-blind', as: 'pdf' },
  { split: 'v3-blind', as: 'docx' },
  { split: 'v3-blind', as: 'text' },
  // Spent after its one scoring, v3-blind became a tuning split; v4-blind (a third author, written 2026-12-05 19:10-19:31
  // without seeing the rules or the earlier blind documents) is scored once at the frozen commit: only with --split v4-blind.
  { split: 'v4-blind', as: 'pdf' },
  { split: 'v4-blind', as: 'docx' },
  { split: 'v4-blind', as: 'text' },
  // Spent after its one scoring, v4-blind became a tuning split; v5-blind (a fourth author, written 2026-12-05 21:20-21:40
  // without seeing the rules or the earlier blind documents) was scored once at 20a35bb and is now spent too: a tuning
  // split of the fifth round, still run only with --split v5-blind (it keeps its directory name).
  { split: 'v5-blind', as: 'pdf' },
  { split: 'v5-blind', as: 'docx' },
  { split: 'v5-blind', as: 'text' },
  // Spent after its one scoring, v5-blind became a tuning split; v6-blind (a fifth author, written 2026-12-06 10:40-10:50
  // without seeing the rules or the earlier blind documents) is scored once at the frozen commit: only with --split v6-blind.
  { split: 'v6-blind', as: 'pdf' },
  { split: 'v6-blind', as: 'docx' },
  { split: 'v6-blind', as: 'text' },
  // v7-blind (a sixth author, written 2026-12-06 13:58-14:25 without seeing the rules or the earlier blind
  // documents) is scored once at the frozen commit: only with --split v7-blind.
  { split: 'v7-blind', as: 'pdf' },
  { split: 'v7-blind', as: 'docx' },
  { split: 'v7-blind', as: 'text' },
  // v8-blind (a seventh author, written 2026-12-06 17:24-18:05 without seeing the rules or the earlier blind
  // documents) is scored once at the frozen commit: only with --split v8-blind.
  { split: 'v8-blind', as: 'pdf' },
  { split: 'v8-blind', as: 'docx' },
  { split: 'v8-blind', as: 'text' },
  // v9-blind (an eighth author, written 2026-12-06 from 20:52 without seeing the rules or the earlier blind
  // documents) is scored once at the frozen commit: only with --split v9-blind.
  { split: 'v9-blind', as: 'pdf' },
  { split: 'v9-blind', as: 'docx' },
  { split: 'v9-blind', as: 'text' },
  // v10-blind (a ninth author, written 2026-12-07 00:20-00:50 without seeing the rules or the earlier blind
  // documents) is scored once at round nine's frozen commit: only with --split v10-blind.
  { split: 'v10-blind', as: 'pdf' },
  { split: 'v10-blind', as: 'docx' },
  { split: 'v10-blind', as: 'text' },
  // v11-blind (a tenth author, written 2026-12-07 03:20-03:32 without seeing the rules or the earlier blind
  // documents) is scored once at round ten's frozen commit: only with --split v11-blind.
  { split: 'v11-blind', as: 'pdf' },
  { split: 'v11-blind', as: 'docx' },
  { split: 'v11-blind', as: 'text' },
  // v12-blind (an eleventh author, written 2026-12-07 06:41-06:50 without seeing the rules or the earlier blind
  // documents) is scored once at round eleven's frozen commit: only with --split v12-blind.
  { split: 'v12-blind', as: 'pdf' },
  { split: 'v12-blind', as: 'docx' },
  { split: 'v12-blind', as: 'text' },
  // v13-blind (a twelfth author, written 2026-12-07 08:09-08:15 without seeing the rules or the earlier blind
  // documents) is scored once at round twelve's frozen commit: only with --split v13-blind.
  { split: 'v13-blind', as: 'pdf' },
  { split: 'v13-blind', as: 'docx' },
  { split: 'v13-blind', as: 'text' },
  // v14-blind (a thirteenth author, written 2026-12-07 09:43-09:52 without seeing the rules or the earlier blind
  // documents) is scored once at round thirteen's frozen commit: only with --split v14-blind.
  { split: 'v14-blind', as: 'pdf' },
  { split: 'v14-blind', as: 'docx' },
  { split: 'v14-blind', as: 'text' },
  // v15-blind (a fourteenth author, written 2026-12-07 10:55-11:05 without seeing the rules or the earlier blind
  // documents) is scored once at round fourteen's frozen commit: only with --split v15-blind.
  { split: 'v15-blind', as: 'pdf' },
  { split: 'v15-blind', as: 'docx' },
  { split: 'v15-blind', as: 'text' },
  // v16-blind (a fifteenth author, written 2026-12-07 12:56-13:05 without seeing the rules or the earlier blind
  // documents) is scored once at round fifteen's frozen commit: only with --split v16-blind.
  { split: 'v16-blind', as: 'pdf' },
  { split: 'v16-blind', as: 'docx' },
  { split: 'v16-blind', as: 'text' },
  // v17-blind (a sixteenth author, written 2026-12-07 before 14:42 UTC without seeing the rules or the earlier blind
  // documents) is scored once at round sixteen's frozen commit: only with --split v17-blind.
  { split: 'v17-blind', as: 'pdf' },
  { split: 'v17-blind', as: 'docx' },
  { split: 'v17-blind', as: 'text' },
  // v18-blind (a seventeenth author, written 2026-12-07 before 16:27 UTC without seeing the rules or the earlier blind
  // documents) is scored once at round seventeen's frozen commit: only with --split v18-blind.
  { split: 'v18-blind', as: 'pdf' },
  { split: 'v18-blind', as: 'docx' },
  { split: 'v18-blind', as: 'text' },
  // v19-blind (an eighteenth author, written 2026-12-07 before 23:35 UTC without seeing the rules or the earlier blind
  // documents) is scored once at round eighteen's frozen commit: only with --split v19-blind.
  { split: 'v19-blind', as: 'pdf' },
  { split: 'v19-blind', as: 'docx' },
  { split: 'v19-blind', as: 'text' },
  // v20-blind (a nineteenth author, written 2026-12-08 01:46-01:52 UTC without seeing the rules or the earlier blind
  // documents) is scored once at round nineteen's frozen commit: only with --split v20-blind.
  { split: 'v20-blind', as: 'pdf' },
  { split: 'v20-blind', as: 'docx' },
  { split: 'v20-blind', as: 'text' },
];
for (const { split, as } of runs) {
  if (only ? only !== split : split.endsWith('-blind')) continue;
  if (onlyAs && onlyAs !== as) continue;
  const { documents, skipped } = loadSplit(split as Split);
  const label = `${split} (${as})`;
  if (skipped) {
    console.log(`== ${label}: skipped: ${skipped}\n`);
    continue;
  }
  const texts = new Map<string, DocumentText>();
  for (const doc of documents) texts.set(doc.id, await textOf(doc, as));
  for (const ex of extractors) {
    const total: FieldCounts = {};
    const changeCounts = { tp: 0, fp: 0, fn: 0 };
    let changeDocs = 0;
    const perDoc: string[] = [];
    for (const doc of documents) {
      const text = texts.get(doc.id) as DocumentText;
      const predicted = await ex.run(text, doc);
      if (doc.changes) {
        changeDocs++;
        const proposed = findProposedChanges(text, predicted as unknown as SowTerms);
        const c = scoreChanges(proposed, doc.changes);
        if (verbose && c.fp + c.fn > 0) {
          const brief = (x: {
            field: unknown;
            key?: unknown;
            from: unknown;
            to: unknown;
            effectiveDate: unknown;
          }): string =>
            `${String(x.field)}${x.key ? `[${String(x.key)}]` : ''} ${String(x.from)} -> ${String(x.to)} @${String(x.effectiveDate)}`;
          perDoc.push(`  ${doc.id} proposed changes: tp ${c.tp} fp ${c.fp} fn ${c.fn}`);
          perDoc.push(`      got:  ${proposed.map(brief).join('; ') || '-'}`);
          perDoc.push(`      want: ${doc.changes.map((t) => brief(t as Parameters<typeof brief>[0])).join('; ')}`);
        }
        changeCounts.tp += c.tp;
        changeCounts.fp += c.fp;
        changeCounts.fn += c.fn;
      }
      const counts = scoreTerms(predicted, doc.truth);
      addCounts(total, counts);
      const o = overall(counts);
      const misses = Object.entries(counts)
        .filter(([, c]) => c.fp + c.fn > 0)
        .map(([f]) => f);
      perDoc.push(
        `  ${doc.id.padEnd(40)} F1 ${o.f1.toFixed(2)}${misses.length ? `  misses: ${misses.join(', ')}` : ''}`,
      );
      if (verbose && misses.length) {
        for (const f of misses) {
          const [a, b] = f.split('.') as [string, string | undefined];
          const pick = (o2: Record<string, unknown>): unknown =>
            b ? (o2[a] as Record<string, unknown> | null)?.[b] : o2[a];
          perDoc.push(`      ${f}: got ${JSON.stringify(pick(predicted))} want ${JSON.stringify(pick(doc.truth))}`);
        }
      }
    }
    console.log(formatReport(`${label} — ${ex.name} — ${documents.length} documents`, total));
    console.log(perDoc.join('\n'));
    if (changeDocs) {
      const c = prf(changeCounts);
      console.log(
        `  proposed changes (${changeDocs} amendments/change orders): P ${c.precision.toFixed(2)} R ${c.recall.toFixed(2)} F1 ${c.f1.toFixed(2)} (tp ${changeCounts.tp}, fp ${changeCounts.fp}, fn ${changeCounts.fn})`,
      );
    }
    const all = prf(sumAll(total));
    summary.push(
      `  ${label.padEnd(22)} ${ex.name.slice(0, 30).padEnd(30)} ${all.precision.toFixed(3)} ${all.recall.toFixed(3)} ${overall(total).f1.toFixed(3)} ${String(documents.length).padStart(5)}`,
    );
    console.log(
      `  overall ${label} ${ex.name}: F1 ${overall(total).f1.toFixed(3)} (P ${prf(sumAll(total)).precision.toFixed(3)} R ${prf(sumAll(total)).recall.toFixed(3)})\n`,
    );
  }
  if (stubs) {
    const lines = stubs.report(label, documents, texts, verbose);
    console.log(`${lines.join('\n')}\n`);
    summary.push(
      ...lines
        .flatMap((l) => l.split('\n'))
        .filter((l) =>
          /dropped by verification|written nowhere|wrong values|invented values|wrong enums|equals built-in/.test(l),
        )
        .map((l) => `    ${label} ${l.trim()}`),
    );
  }
}
await stubs?.close();

console.log(
  [
    '== summary (micro over all fields)',
    `  ${'split (form)'.padEnd(22)} ${'extractor'.padEnd(30)} ${'P'.padEnd(5)} ${'R'.padEnd(5)} ${'F1'.padEnd(5)}  docs`,
    ...summary,
  ].join('\n'),
);

function sumAll(c: FieldCounts): { tp: number; fp: number; fn: number } {
  return Object.values(c).reduce((a, x) => ({ tp: a.tp + x.tp, fp: a.fp + x.fp, fn: a.fn + x.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
}

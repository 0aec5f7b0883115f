import type { SowTerms } from '../../src/extraction/sow-terms.ts';
import type { DocumentText } from '../../src/extraction/text/document-text.ts';
import { type EvalDocument, SPENT, type Split } from './corpus.ts';
import { analyse, formatAnalysis, startStubModels } from './llm-stub-eval.ts';
import { STUB_MODELS, type StubModel } from './llm-stub.ts';

/**
 * run.ts --model-stub oracle|noisy|silent (or a comma list): the LLM rows of the eval, answered by
 * scripted models on a local stub server. Only on spent splits: a scripted model reads the truth
 * files, and an unwritten blind split's truth must stay unread until it is scored once.
 */

export const SPENT_SPLITS: readonly Split[] = ['sow-dev', ...SPENT];

type Row = { name: string; run: (doc: DocumentText, source: EvalDocument) => Promise<Record<string, unknown>> };

const values = (t: SowTerms): string => JSON.stringify({ ...t, evidence: [] });

export async function stubMode(
  arg: string | undefined,
  split: string | null,
  builtin: (doc: DocumentText) => SowTerms,
  maxChunkChars?: number,
): Promise<{
  extractors: Row[];
  report(label: string, documents: EvalDocument[], texts: Map<string, DocumentText>, verbose: boolean): string[];
  close(): Promise<void>;
}> {
  const models = (arg ?? '').split(',').filter(Boolean) as StubModel[];
  if (models.length === 0 || models.some((m) => !STUB_MODELS.includes(m)))
    throw new Error(`--model-stub takes ${STUB_MODELS.join('|')} (or a comma list), got ${arg ?? 'nothing'}`);
  if (!split || !(SPENT_SPLITS as readonly string[]).includes(split))
    throw new Error(`--model-stub runs only on a spent split named with --split (${SPENT_SPLITS.join(', ')})`);
  const runs = await startStubModels(models, maxChunkChars ? { builtin, maxChunkChars } : { builtin });
  const extractors: Row[] = runs.flatMap((r) => [
    {
      name: `llm (${r.name}, gaps filled by built-in)`,
      run: async (doc, source) => (await r.extract(source, doc)).terms as unknown as Record<string, unknown>,
    },
    {
      name: `llm-only (${r.name})`,
      run: async (doc, source) => (await r.extract(source, doc)).llmTerms as unknown as Record<string, unknown>,
    },
  ]);
  return {
    extractors,
    report(label, documents, texts, verbose) {
      const lines: string[] = [];
      for (const r of runs) {
        if (r.model === 'silent') {
          const same = documents.filter((d) => {
            const got = r.results.get(d.id);
            return got && values(got.terms) === values(builtin(texts.get(d.id) as DocumentText));
          }).length;
          lines.push(`  -- ${label} stub-silent: llm result equals built-in on ${same}/${documents.length} documents`);
        }
        lines.push(formatAnalysis(label, analyse(r), verbose));
      }
      return lines;
    },
    async close() {
      for (const r of runs) await r.server.close();
    },
  };
}

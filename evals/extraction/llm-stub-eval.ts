import { loadConfig } from '../../src/config.ts';
import { createLlmExtractor, type LlmExtraction, type LlmExtractor } from '../../src/extraction/llm/extract-llm.ts';
import { startStubLlm, type StubServer } from '../../src/extraction/llm/testing/stub-server.ts';
import type { SowTerms } from '../../src/extraction/sow-terms.ts';
import { joinPages, type DocumentText } from '../../src/extraction/text/document-text.ts';
import { ScriptedModel, type AnswerLog, type StubModel } from './llm-stub.ts';

/**
 * The eval's scripted-model mode (run.ts --model-stub): each model runs behind the repo's stub chat
 * server on 127.0.0.1, the LLM extractor is configured against it exactly as against a real model,
 * and what verification kept and dropped is compared with what the script answered.
 */

export interface StubDocument {
  id: string;
  truth: Record<string, unknown>;
}

export interface StubRun {
  model: StubModel;
  name: string;
  script: ScriptedModel;
  extractor: LlmExtractor;
  server: StubServer;
  extract(doc: StubDocument, text: DocumentText): Promise<LlmExtraction>;
  results: Map<string, LlmExtraction>;
}

/** Starts one stub server per model; `builtin` lets every model share one built-in extraction per document. */
export async function startStubModels(
  models: readonly StubModel[],
  deps: {
    builtin?: (doc: DocumentText) => SowTerms;
    maxChunkChars?: number;
    script?: ConstructorParameters<typeof ScriptedModel>[1];
  } = {},
): Promise<StubRun[]> {
  const runs: StubRun[] = [];
  const { script: scriptOpts, ...extractorDeps } = deps;
  for (const model of models) {
    const script = new ScriptedModel(model, scriptOpts);
    const server = await startStubLlm((body) => script.reply(body));
    const config = loadConfig({ LLM_BASE_URL: server.baseURL, LLM_API_KEY: 'stub-key', LLM_MODEL: `stub-${model}` });
    const extractor = createLlmExtractor(config, extractorDeps);
    const memo = new WeakMap<DocumentText, Promise<LlmExtraction>>();
    const results = new Map<string, LlmExtraction>();
    runs.push({
      model,
      name: `stub-${model}`,
      script,
      extractor,
      server,
      results,
      extract(doc, text) {
        let p = memo.get(text);
        if (!p) {
          // Documents run one at a time: the script answers for the document begun last.
          p = (async () => {
            script.begin({ id: doc.id, truth: doc.truth, text: joinPages(text).text });
            const r = await extractor.extract(text);
            results.set(doc.id, r);
            return r;
          })();
          memo.set(text, p);
        }
        return p;
      },
    });
  }
  return runs;
}

export interface DropGroup {
  key: string;
  count: number;
  examples: string[];
}

export interface StubAnalysis {
  model: StubModel;
  documents: number;
  chunks: number;
  invalidAnswers: number;
  /** True values the script found written in the document, and how many verification dropped. */
  quotable: number;
  quotableDropped: DropGroup[];
  /** True values written nowhere the script could find (answered with a best quote), and how many were dropped. */
  unquotable: number;
  unquotableDropped: number;
  unquotableExamples: string[];
  /** Wrong values checkable against a quote (numbers, dates, strings), invented ones, and wrong enums. */
  noise: { injected: number; dropped: number; survivors: string[] };
  invented: { injected: number; dropped: number; survivors: string[] };
  enumNoise: { injected: number; dropped: number };
}

const base = (unit: string): string => unit.replace(/#\d+$/, '');

/** What verification did with each value the script answered, over the documents run since the last call. */
export function analyse(run: StubRun): StubAnalysis {
  const a: StubAnalysis = {
    model: run.model,
    documents: run.results.size,
    chunks: 0,
    invalidAnswers: 0,
    quotable: 0,
    quotableDropped: [],
    unquotable: 0,
    unquotableDropped: 0,
    unquotableExamples: [],
    noise: { injected: 0, dropped: 0, survivors: [] },
    invented: { injected: 0, dropped: 0, survivors: [] },
    enumNoise: { injected: 0, dropped: 0 },
  };
  const groups = new Map<string, DropGroup>();
  for (const [docId, r] of run.results) {
    a.chunks += r.chunks;
    a.invalidAnswers += r.invalidAnswers;
    const dropped = new Map(r.dropped.map((d) => [`${d.field}\u0000${d.quote}`, d]));
    const byUnit = new Map<string, AnswerLog[]>();
    for (const l of run.script.log.filter((x) => x.doc === docId))
      byUnit.set(l.unit, [...(byUnit.get(l.unit) ?? []), l]);
    for (const [unit, entries] of byUnit) {
      // A value answered in several chunks is kept when any of its answers survives.
      const drops = entries.map((e) => dropped.get(`${e.field}\u0000${e.quote}`));
      const lost = drops.every((d) => d !== undefined);
      const first = entries[0] as AnswerLog;
      const d = drops[0];
      const line = `${docId} ${unit}: ${d?.reason ?? 'kept'} «${first.quote.replace(/\s+/g, ' ').slice(0, 140)}»`;
      if (first.kind === 'true') {
        a.quotable++;
        if (lost) {
          const key = `${d?.reason} · ${base(unit)}`;
          const g = groups.get(key) ?? { key, count: 0, examples: [] };
          g.count++;
          g.examples.push(line);
          groups.set(key, g);
        }
      } else if (first.kind === 'unquotable') {
        a.unquotable++;
        if (lost) a.unquotableDropped++;
        a.unquotableExamples.push(line);
      } else if (first.kind === 'noise-enum') {
        a.enumNoise.injected++;
        if (lost) a.enumNoise.dropped++;
      } else {
        const bucket = first.kind === 'noise' ? a.noise : a.invented;
        bucket.injected++;
        if (lost) bucket.dropped++;
        else bucket.survivors.push(`${line} (${first.quoteKind} quote)`);
      }
    }
  }
  a.quotableDropped = [...groups.values()].sort((x, y) => y.count - x.count || x.key.localeCompare(y.key));
  run.results.clear();
  run.script.log.length = 0;
  return a;
}

const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

/** The analysis as report lines. */
export function formatAnalysis(label: string, a: StubAnalysis, verbose: boolean): string {
  const dropped = a.quotableDropped.reduce((s, g) => s + g.count, 0);
  const out = [
    `  -- ${label} stub-${a.model}: ${a.documents} documents, ${a.chunks} chunks, ${a.invalidAnswers} answers not JSON`,
  ];
  if (a.model === 'silent') return out.join('\n');
  out.push(
    `     stub-${a.model} true values written in the document: ${a.quotable}, dropped by verification ${dropped} (${pct(dropped, a.quotable)})`,
    `     stub-${a.model} true values the script found written nowhere: ${a.unquotable}, dropped ${a.unquotableDropped}`,
  );
  for (const e of verbose ? a.unquotableExamples : []) out.push(`       written nowhere: ${e}`);
  for (const g of a.quotableDropped) {
    out.push(`       ${String(g.count).padStart(4)}  ${g.key}`);
    for (const e of verbose ? g.examples : g.examples.slice(0, 2)) out.push(`             ${e}`);
  }
  if (a.model === 'noisy') {
    out.push(
      `     stub-noisy wrong values (numbers, dates, strings): ${a.noise.injected}, dropped ${a.noise.dropped} (${pct(a.noise.dropped, a.noise.injected)})`,
      `     stub-noisy invented values (not in the document): ${a.invented.injected}, dropped ${a.invented.dropped} (${pct(a.invented.dropped, a.invented.injected)})`,
      `     stub-noisy wrong enums (document type, billing model, currency, frequency, basis): ${a.enumNoise.injected}, dropped ${a.enumNoise.dropped} (${pct(a.enumNoise.dropped, a.enumNoise.injected)})`,
    );
    for (const s of [...a.noise.survivors, ...a.invented.survivors].slice(0, verbose ? 1000 : 8))
      out.push(`       survived: ${s}`);
  }
  return out.join('\n');
}

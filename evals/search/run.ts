import { eq } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '../../src/db/client.ts';
import { clients, legalEntities } from '../../src/db/schema/index.ts';
import type { TermsExtractor } from '../../src/extraction/documents/extract-terms.ts';
import { processDocument } from '../../src/extraction/documents/process-document.ts';
import { uploadDocument } from '../../src/tools/documents/upload-document.ts';
import { nearestChunks } from '../../src/extraction/documents/store.ts';
import { localEmbedder } from '../../src/extraction/search/embedder.ts';
import { matchingChunks } from '../../src/extraction/search/full-text.ts';
import { searchDocuments, type SearchHit } from '../../src/extraction/search/search-documents.ts';
import { emptySowTerms } from '../../src/extraction/sow-terms.ts';
import { stopDocumentWorker } from '../../src/extraction/text/extract-text.ts';
import { renderDocx } from '../extraction/render/docx.ts';
import { renderPdf } from '../extraction/render/pdf.ts';
import { loadDocuments, loadQueries, normalise, type SearchDocument, type SearchQuery } from './corpus.ts';
import { firstRelevant, meanReciprocalRank, recallAt, type RankedQuery } from './score.ts';

/**
 * The search eval: uploads every document (rendered to PDF, or as its own plain text / markdown) into a
 * fresh embedded database through the product's upload and processing path, asks each query through
 * searchDocuments with the built-in embedding, and prints recall@3 and MRR (over the first 10 hits).
 *
 *   npm run eval:search -- [--as pdf|text|docx] [--ranking hybrid|text|vector] [--verbose]
 */
const args = process.argv.slice(2);
const only = args.includes('--as') ? (args[args.indexOf('--as') + 1] as As) : null;
const verbose = args.includes('--verbose');
const ranking = (args.includes('--ranking') ? args[args.indexOf('--ranking') + 1] : 'hybrid') as
  | 'hybrid'
  | 'text'
  | 'vector';
type As = 'pdf' | 'text' | 'docx';
const DEPTH = 10;
const limits = { maxBytes: 50 * 1024 * 1024, maxPages: 1000 };
const embedder = localEmbedder(256);
// Search does not read the terms: the eval skips extraction.
const noTerms: TermsExtractor = async () => ({
  extractor: 'none',
  terms: emptySowTerms(),
  proposedChanges: [],
  disagreements: [],
});

const bytesOf = async (doc: SearchDocument, as: As): Promise<Uint8Array> =>
  as === 'pdf'
    ? renderPdf(doc.source, { format: doc.format })
    : as === 'docx'
      ? renderDocx(doc.source, doc.format)
      : new TextEncoder().encode(doc.source);

/** Loads every document into a fresh database, one client per document; returns each document's client id. */
async function load(database: Database, documents: SearchDocument[], as: As): Promise<Map<string, string>> {
  const [entity] = await database.db
    .insert(legalEntities)
    .values({ code: 'LE', name: 'Eval', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'EV' })
    .returning();
  const clientOf = new Map<string, string>();
  for (const doc of documents) {
    const [client] = await database.db
      .insert(clients)
      .values({ code: doc.id, legalEntityId: entity!.id, name: doc.id, country: 'US' })
      .returning();
    clientOf.set(doc.id, client!.id);
    const up = await uploadDocument(
      { db: database.db, limits, enqueue: () => undefined },
      { bytes: await bytesOf(doc, as), fileName: doc.id, clientId: client!.id, contractId: null },
    );
    if (!up.ok) throw new Error(`${doc.id}: ${up.error.code} ${up.error.message}`);
    const done = await processDocument({ db: database.db, extractTerms: noTerms, embedder }, up.value.document.id);
    if (done !== 'done') throw new Error(`${doc.id}: processing ${done}`);
  }
  return clientOf;
}

const answers =
  (q: SearchQuery, fileOf: (h: SearchHit) => string | null) =>
  (h: SearchHit): boolean =>
    q.answers.some((a) => a.document === fileOf(h) && normalise(h.text).includes(normalise(a.quote)));

const fmt = (x: number): string => x.toFixed(3);

/** The ranking scored: the product's (hybrid), or one of its two halves alone, to see what each brings. */
async function ranked(database: Database, query: string, clientId: string | null): Promise<SearchHit[]> {
  const scope = { model: embedder.model, clientId, limit: DEPTH };
  if (ranking === 'hybrid') return searchDocuments(database.db, embedder, { query, clientId, limit: DEPTH });
  if (ranking === 'text')
    return (await matchingChunks(database.db, { ...scope, query })).map((h) => ({ ...h, score: h.score }));
  const [vector] = await embedder.embed([query]);
  return (await nearestChunks(database.db, { ...scope, vector: vector! })).map((h) => ({
    ...h,
    score: 1 - h.distance,
  }));
}

async function run(as: As, documents: SearchDocument[], queries: SearchQuery[]): Promise<void> {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateDatabase(database);
    const clientOf = await load(database, documents, as);
    const results: Array<RankedQuery & { scope: string }> = [];
    for (const q of queries) {
      const clientId = q.scope === 'client' ? (clientOf.get(q.answers[0]!.document) ?? null) : null;
      const hits = await ranked(database, q.query, clientId);
      const rank = firstRelevant(
        hits,
        answers(q, (h) => h.fileName),
      );
      results.push({ id: q.id, scope: q.scope, firstRelevant: rank });
      if (verbose && (rank === null || rank > 3)) {
        console.log(`  miss ${q.id} "${q.query}" (answer at ${rank ?? `>${DEPTH}`}); top 3:`);
        for (const h of hits.slice(0, 3))
          console.log(`    ${h.fileName} p${h.page ?? '-'} ${h.score}: ${normalise(h.text).slice(0, 110)}`);
      }
    }
    const line = (label: string, rows: RankedQuery[]) =>
      console.log(
        `${as.padEnd(5)} ${label.padEnd(7)} n=${String(rows.length).padStart(2)}  recall@3 ${fmt(recallAt(3, rows))}  recall@1 ${fmt(recallAt(1, rows))}  MRR ${fmt(meanReciprocalRank(rows))}`,
      );
    line('all', results);
    line(
      'client',
      results.filter((r) => r.scope === 'client'),
    );
    line(
      'firm',
      results.filter((r) => r.scope === 'firm'),
    );
  } finally {
    await database.close();
  }
}

const { documents, skipped } = loadDocuments();
if (skipped) console.log(`${skipped}\n`);
const ids = new Set(documents.map((d) => d.id));
const queries = loadQueries().filter((q) => q.answers.every((a) => ids.has(a.document)));
// A quote that is not in its document would make a query unanswerable: refuse to score.
for (const q of queries) {
  for (const a of q.answers) {
    const doc = documents.find((d) => d.id === a.document)!;
    if (!normalise(doc.source.replace(/\*\*/g, '')).includes(normalise(a.quote)))
      throw new Error(`${q.id}: quote not in ${a.document}: ${a.quote}`);
  }
}
console.log(
  `${documents.length} documents, ${queries.length} queries, built-in embedding (${embedder.model}), ranking: ${ranking}\n`,
);
try {
  for (const as of only ? [only] : (['pdf', 'text'] as As[])) await run(as, documents, queries);
} finally {
  await stopDocumentWorker();
}

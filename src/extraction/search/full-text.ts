import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.ts';
import { clients } from '../../db/schema/clients.ts';
import { contracts } from '../../db/schema/contracts.ts';
import { documentChunks, documents } from '../../db/schema/documents.ts';
import { chunkScope, type ChunkHit, type ChunkScope } from '../documents/store.ts';
import { SEARCH_LANGUAGES, type SearchLanguage } from './language.ts';

/** BM25's term-frequency saturation and length normalisation (the usual values). */
const K1 = 1.2;
const B = 0.75;
/** Terms of a query that are looked up; a longer question keeps its first ones. */
const MAX_TERMS = 32;

interface Term {
  /** A tsquery matching the lexeme alone. */
  query: string;
  /** The passage languages the lexeme belongs to: a German stem is not looked for in an English passage. */
  languages: SearchLanguage[];
}

/** A lexeme as a tsquery literal: quoted, with quotes doubled and backslashes escaped. */
const literal = (lexeme: string): string => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The query's terms as each passage language's configuration normalises them (stemmed and without its
 * stop words); a 'simple' passage, indexed unstemmed and stemmed as English, is looked up both ways,
 * without words that are a stop word in English, German or French.
 */
async function queryTerms(db: DbOrTx, query: string): Promise<Term[]> {
  const text = query.slice(0, 2000);
  const [row] = await queryRows<Record<SearchLanguage, string[]>>(
    db,
    sql`
    SELECT tsvector_to_array(to_tsvector('english'::regconfig, ${text})) AS english,
           tsvector_to_array(to_tsvector('german'::regconfig, ${text})) AS german,
           tsvector_to_array(to_tsvector('french'::regconfig, ${text})) AS french,
           tsvector_to_array(to_tsvector('english'::regconfig, ${text})) || ARRAY(
             SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${text}))) AS w
             WHERE to_tsvector('english'::regconfig, w) <> ''::tsvector AND to_tsvector('german'::regconfig, w) <> ''::tsvector
               AND to_tsvector('french'::regconfig, w) <> ''::tsvector) AS simple`,
  );
  const byLexeme = new Map<string, SearchLanguage[]>();
  for (const language of SEARCH_LANGUAGES) {
    for (const lexeme of row?.[language] ?? []) {
      const langs = byLexeme.get(lexeme) ?? [];
      if (!langs.includes(language)) langs.push(language);
      byLexeme.set(lexeme, langs);
    }
  }
  return [...byLexeme].slice(0, MAX_TERMS).map(([lexeme, languages]) => ({ query: literal(lexeme), languages }));
}

/** A passage that holds words of the query, with its BM25 score. */
export type KeywordHit = Omit<ChunkHit, 'distance'> & { score: number };

/** Whether a passage holds a term: it is in one of the term's languages and its full-text vector has the lexeme. */
const holds = (t: Term): SQL =>
  sql`(${documentChunks.searchLanguage} IN (${sql.join(
    t.languages.map((l) => sql`${l}`),
    sql`, `,
  )}) AND ${documentChunks.searchVector} @@ ${t.query}::tsquery)`;

/**
 * Passages holding any of the query's words, best first by BM25 over the passages the search may see:
 * a word found in few passages weighs more than one found in most (which plain ts_rank cannot do: in a
 * consulting agreement nearly every clause says "Consultant"), a shorter passage a little more than a
 * longer one. Words count once per passage. The GIN index on the full-text vector finds the passages.
 */
export async function matchingChunks(
  db: DbOrTx,
  q: ChunkScope & { query: string; limit: number },
): Promise<KeywordHit[]> {
  const terms = await queryTerms(db, q.query);
  if (terms.length === 0) return [];
  const stats = await db
    .select({
      n: sql<number>`count(*)::float8`,
      avgLength: sql<number>`coalesce(avg(length(${documentChunks.searchVector})), 1)::float8`,
      ...Object.fromEntries(
        terms.map((t, i) => [`df${i}`, sql<number>`(count(*) FILTER (WHERE ${holds(t)}))::float8`]),
      ),
    })
    .from(documentChunks)
    .innerJoin(documents, eq(documents.id, documentChunks.documentId))
    .leftJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(contracts, eq(contracts.id, documents.contractId))
    .where(chunkScope(q));
  const s = (stats[0] ?? {}) as Record<string, number>;
  const n = Number(s.n ?? 0);
  const avgLength = Math.max(1, Number(s.avgLength ?? 1));
  const weighted = terms
    .map((t, i) => ({ t, df: Number(s[`df${i}`] ?? 0) }))
    .filter((x) => x.df > 0)
    .map(({ t, df }) => ({ t, idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)) }));
  if (weighted.length === 0) return [];
  const idfSum = sql.join(
    weighted.map(({ t, idf }) => sql`CASE WHEN ${holds(t)} THEN ${idf}::float8 ELSE 0 END`),
    sql` + `,
  );
  const score = sql<number>`(${idfSum}) * ${K1 + 1}::float8 / (1 + ${K1}::float8 * (${1 - B}::float8 + ${B}::float8 * length(${documentChunks.searchVector}) / ${avgLength}::float8))`;
  const rows = await db
    .select({
      id: documentChunks.id,
      documentId: documentChunks.documentId,
      fileName: documents.fileName,
      page: documentChunks.page,
      text: documentChunks.text,
      score,
    })
    .from(documentChunks)
    .innerJoin(documents, eq(documents.id, documentChunks.documentId))
    .leftJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(contracts, eq(contracts.id, documents.contractId))
    .where(and(chunkScope(q), or(...weighted.map(({ t }) => holds(t)))))
    .orderBy(sql`${score} DESC`, asc(documentChunks.id))
    .limit(q.limit);
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

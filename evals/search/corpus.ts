import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The search eval's documents and queries: ../shared's agreements, the SOW fixtures, and this folder's own documents. */

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');
export const SHARED_SOW_DIR = path.resolve(REPO_ROOT, '../shared/data/sow-dev');

export interface SearchDocument {
  id: string;
  source: string;
  format: 'markdown' | 'text';
}

export interface Answer {
  document: string;
  /** Words of the passage that answers the query; a hit counts when its text holds them (whitespace and case aside). */
  quote: string;
}

export interface SearchQuery {
  id: string;
  query: string;
  /** client: searched among the documents of the answer's client (one client per document); firm: among all documents. */
  scope: 'client' | 'firm';
  answers: Answer[];
}

const SKIP = /README|SOURCES|LICENSE|-rfq\.md$|\.json$/;

function loadDir(dir: string): SearchDocument[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(md|txt)$/.test(f) && !SKIP.test(f))
    .sort()
    .map((f) => ({
      id: f.replace(/\.(md|txt)$/, ''),
      source: readFileSync(path.join(dir, f), 'utf8'),
      format: f.endsWith('.md') ? ('markdown' as const) : ('text' as const),
    }));
}

/** Every document of the eval; `skipped` says why the shared agreements are missing, if they are. */
export function loadDocuments(sharedDir = SHARED_SOW_DIR): { documents: SearchDocument[]; skipped: string | null } {
  const shared = loadDir(sharedDir);
  const documents = [
    ...shared,
    ...loadDir(path.join(REPO_ROOT, 'test/fixtures/sow/dev')),
    ...loadDir(path.join(REPO_ROOT, 'test/fixtures/sow/heldout')),
    ...loadDir(path.join(HERE, 'documents')),
  ];
  return {
    documents,
    skipped: shared.length === 0 ? `shared SOW data not found at ${sharedDir}: its queries are skipped` : null,
  };
}

/** The queries, with scope defaulted to client. */
export function loadQueries(): SearchQuery[] {
  const raw = JSON.parse(readFileSync(path.join(HERE, 'queries.json'), 'utf8')) as Array<
    Omit<SearchQuery, 'scope'> & { scope?: 'client' | 'firm' }
  >;
  return raw.map((q) => ({ ...q, scope: q.scope ?? 'client' }));
}

/** Lower-cased, whitespace collapsed, so a quote matches across PDF line wraps and table cells. */
export const normalise = (s: string): string => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

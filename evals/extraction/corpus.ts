import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The documents the extraction eval runs over, by split, read from ../shared and test/fixtures/sow. */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_SOW_DIR = path.resolve(REPO_ROOT, '../shared/data/sow-dev');
export const FIXTURES_DIR = path.resolve(REPO_ROOT, 'test/fixtures/sow');

export type Split =
  | 'sow-dev'
  | 'fixtures-dev'
  | 'heldout'
  | 'v2-dev'
  | 'v2-blind'
  | 'v3-blind'
  | 'v4-blind'
  | 'v5-blind'
  | 'v6-blind'
  | 'v7-blind'
  | 'v8-blind'
  | 'v9-blind'
  | 'v10-blind'
  | 'v11-blind'
  | 'v12-blind'
  | 'v13-blind'
  | 'v14-blind'
  | 'v15-blind'
  | 'v16-blind'
  | 'v17-blind'
  | 'v18-blind'
  | 'v19-blind'
  | 'v20-blind';

/** Fixture directory of each fixture split (v2-*: written by an independent author blind to the rules). */
const FIXTURE_DIRS: Record<Exclude<Split, 'sow-dev'>, string> = {
  'fixtures-dev': 'dev',
  heldout: 'heldout',
  'v2-dev': 'v2-dev',
  'v2-blind': 'v2-blind',
  'v3-blind': 'v3-blind',
  'v4-blind': 'v4-blind',
  'v5-blind': 'v5-blind',
  'v6-blind': 'v6-blind',
  'v7-blind': 'v7-blind',
  'v8-blind': 'v8-blind',
  'v9-blind': 'v9-blind',
  'v10-blind': 'v10-blind',
  'v11-blind': 'v11-blind',
  'v12-blind': 'v12-blind',
  'v13-blind': 'v13-blind',
  'v14-blind': 'v14-blind',
  'v15-blind': 'v15-blind',
  'v16-blind': 'v16-blind',
  'v17-blind': 'v17-blind',
  'v18-blind': 'v18-blind',
  'v19-blind': 'v19-blind',
  'v20-blind': 'v20-blind',
};

export interface EvalDocument {
  id: string;
  split: Split;
  source: string;
  format: 'markdown' | 'text';
  truth: Record<string, unknown>;
  /** Proposed changes the document should yield (amendments and change orders). */
  changes: Array<Record<string, unknown>> | null;
}

function loadDir(dir: string, split: Split, exts: string[], exclude: RegExp | null = null): EvalDocument[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => exts.some((e) => f.endsWith(e)) && !(exclude?.test(f) ?? false))
    .sort()
    .flatMap((file) => {
      const id = file.replace(/\.(txt|md)$/, '');
      const truthFile = path.join(dir, `${id}.sow-terms.json`);
      if (!existsSync(truthFile)) return [];
      const changesFile = path.join(dir, `${id}.changes.json`);
      return [
        {
          id,
          split,
          source: readFileSync(path.join(dir, file), 'utf8'),
          format: file.endsWith('.md') ? ('markdown' as const) : ('text' as const),
          truth: JSON.parse(readFileSync(truthFile, 'utf8')) as Record<string, unknown>,
          changes: existsSync(changesFile)
            ? (JSON.parse(readFileSync(changesFile, 'utf8')) as Array<Record<string, unknown>>)
            : null,
        },
      ];
    });
}

/** Documents of a split; the shared set is empty (with a reason) when ../shared is absent. */
export function loadSplit(
  split: Split,
  sharedDir = SHARED_SOW_DIR,
): { documents: EvalDocument[]; skipped: string | null } {
  if (split === 'sow-dev') {
    if (!existsSync(sharedDir)) return { documents: [], skipped: `shared SOW data not found at ${sharedDir}` };
    return { documents: loadDir(sharedDir, split, ['.txt', '.md'], /README|SOURCES|LICENSE|-rfq\.md$/), skipped: null };
  }
  const dir = path.join(FIXTURES_DIR, FIXTURE_DIRS[split]);
  if (!existsSync(dir)) return { documents: [], skipped: `${dir} not found` };
  return { documents: loadDir(dir, split, ['.md', '.txt'], /README/), skipped: null };
}

/**
 * The spent splits: tuning material, read by the leave-one-author-out snapshot and the scripted-model mode. A blind
 * split joins only after it has been scored once at a frozen commit; nothing that reads truth for tuning may list
 * any other split.
 */
export const SPENT: readonly Split[] = [
  'fixtures-dev',
  'heldout',
  'v2-dev',
  'v2-blind',
  'v3-blind',
  'v4-blind',
  'v5-blind',
  'v6-blind',
  'v7-blind',
  'v8-blind',
  'v9-blind',
  'v10-blind',
  'v11-blind',
  'v12-blind',
  'v13-blind',
  'v14-blind',
  'v15-blind',
  'v16-blind',
  'v17-blind',
  'v18-blind',
  'v19-blind',
  'v20-blind',
];

/**
 * The spent splits by author, in order, through `last`: the in-house fixtures count as one author, v2-dev with
 * v2-blind as one, every later blind split as its own. A trainer names its last split, so its weights keep the author
 * set they were written from until someone retrains on more.
 */
export function spentAuthors(last: Split): Record<string, Split[]> {
  if (!SPENT.includes(last)) throw new Error(`${last} is not a spent split`);
  const out: Record<string, Split[]> = {};
  for (const split of SPENT) {
    const author = split === 'fixtures-dev' || split === 'heldout' ? 'in-house' : split.replace(/-(dev|blind)$/, '');
    (out[author] ??= []).push(split);
    if (split === last) break;
  }
  return out;
}

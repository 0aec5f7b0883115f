import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Found } from '../../../src/extraction/rules/context.ts';
import { extractWithRules } from '../../../src/extraction/rules/extract-rules.ts';
import { findParties } from '../../../src/extraction/rules/parties.ts';
import { letterheadPair } from '../../../src/extraction/rules/party-letterhead.ts';
import {
  decideParties,
  PARTY_ROLES,
  partyCandidates,
  type PartyCandidate,
  type PartyRole,
  type PartyWeights,
  sameParty,
} from '../../../src/extraction/rules/party-ranker.ts';
import type { DocumentText } from '../../../src/extraction/text/document-text.ts';
import { extractText } from '../../../src/extraction/text/extract-text.ts';
import { loadSplit, REPO_ROOT, type Split, spentAuthors } from '../corpus.ts';
import { prf, sameName, type Counts } from '../score.ts';
import { fitLogistic } from './logistic.ts';

/**
 * Trains the party ranker (src/extraction/rules/party-ranker.ts: one model per role over a document's candidate
 * organisation names) and measures it leave-one-author-out, as train.ts does for the value rankers: for each author, a
 * model trained on every other author's documents decides that author's parties, scored against the rules alone. A
 * role is enabled only when, summed over the held-out authors, it gained F1 and no author lost; an override threshold
 * (replacing a name the rules only inferred) is kept per role only where it gained with no author losing.
 *
 *   npx tsx evals/extraction/value-ranker/train-parties.ts [--verbose] [--misses] [--write] [--enable=client,provider]
 *     [--splits=a,b] [--out=FILE]
 *
 * Text form of the spent splits; documents whose truth leaves parties null are skipped. Deterministic.
 */
export const PARTY_AUTHORS = spentAuthors('v19-blind');
const THRESHOLD = 0.5;
const OVERRIDE_GRID = [0.6, 0.7, 0.8, 0.9];

export interface PartyDoc {
  author: string;
  id: string;
  rules: { client: Found<string> | null; provider: Found<string> | null };
  truth: Record<PartyRole, string | null>;
  candidates: PartyCandidate[];
}

/** One document's rules parties and candidates (the rules run without the party ranker). */
export function partyDoc(
  author: string,
  id: string,
  text: DocumentText | string,
  truth: Partial<Record<PartyRole, string | null>>,
): PartyDoc {
  const { context } = extractWithRules(text, { partyRanker: false, valueRanker: false, dateRanker: false });
  const rules = letterheadPair(context, findParties(context));
  return {
    author,
    id,
    rules: { client: rules.client, provider: rules.provider },
    truth: { client: truth.client ?? null, provider: truth.provider ?? null },
    candidates: partyCandidates(context, rules),
  };
}

/** The documents of the given authors whose truth labels the parties, with the rules' parties and the candidates. */
export async function loadPartyDocs(authors: Record<string, Split[]>): Promise<PartyDoc[]> {
  const docs: PartyDoc[] = [];
  for (const [author, splits] of Object.entries(authors)) {
    for (const split of splits) {
      for (const d of loadSplit(split).documents) {
        const truth = d.truth.parties as Record<PartyRole, string | null> | null | undefined;
        if (!truth || typeof truth !== 'object') continue;
        const r = await extractText(new TextEncoder().encode(d.source), { maxBytes: 50 * 1024 * 1024, maxPages: 1000 });
        if (!r.ok) throw new Error(d.id);
        docs.push(partyDoc(author, `${split}/${d.id}`, r.value, truth));
      }
    }
  }
  return docs;
}

export function trainParties(docs: readonly PartyDoc[], role: PartyRole) {
  return fitLogistic(
    docs.map((d) =>
      d.candidates.map((c) => ({
        features: c.features,
        y: d.truth[role] !== null && sameName(c.name, d.truth[role]),
      })),
    ),
  );
}

const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const add = (a: Counts, b: Counts): Counts => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });
const count = (got: string | null, want: string | null): Counts => {
  if (got === null && want === null) return zero();
  if (got !== null && want !== null && sameName(got, want)) return { tp: 1, fp: 0, fn: 0 };
  return { tp: 0, fp: got === null ? 0 : 1, fn: want === null ? 0 : 1 };
};
const f1 = (c: Counts): string => prf(c).f1.toFixed(3);

export interface HeldOut {
  before: Record<PartyRole, Counts>;
  after: Record<PartyRole, Counts>;
  lost: Record<PartyRole, string[]>;
  notes: string[];
  /** The documents whose role is still wrong or missing after the ranker. */
  misses: string[];
}

/** Leave-one-author-out: each author's parties decided by models trained on the others, against the rules alone. */
export function heldOut(docs: readonly PartyDoc[], weightsFor: (author: string) => PartyWeights): HeldOut {
  const all: HeldOut = {
    before: { client: zero(), provider: zero() },
    after: { client: zero(), provider: zero() },
    lost: { client: [], provider: [] },
    notes: [],
    misses: [],
  };
  for (const author of [...new Set(docs.map((d) => d.author))]) {
    const weights = weightsFor(author);
    const row = { before: { client: zero(), provider: zero() }, after: { client: zero(), provider: zero() } };
    for (const d of docs.filter((x) => x.author === author)) {
      const decided = decideParties(d.candidates, d.rules, weights);
      for (const role of PARTY_ROLES) {
        const b = d.rules[role]?.value ?? null;
        const a = decided[role]?.value ?? null;
        row.before[role] = add(row.before[role], count(b, d.truth[role]));
        row.after[role] = add(row.after[role], count(a, d.truth[role]));
        if (a !== b) all.notes.push(`    ${d.id} ${role}: ${b} → ${a} (truth ${d.truth[role]})`);
        if (count(a, d.truth[role]).tp === 0 && d.truth[role] !== null)
          all.misses.push(`    ${d.id} ${role}: ${a} (truth ${d.truth[role]})`);
      }
    }
    for (const role of PARTY_ROLES) {
      all.before[role] = add(all.before[role], row.before[role]);
      all.after[role] = add(all.after[role], row.after[role]);
      if (prf(row.after[role]).f1 < prf(row.before[role]).f1 - 1e-9) all.lost[role].push(author);
    }
  }
  return all;
}

const line = (h: HeldOut, role: PartyRole): string =>
  `${role} ${f1(h.before[role])} → ${f1(h.after[role])} (tp ${h.before[role].tp} → ${h.after[role].tp}, fp ${h.before[role].fp} → ${h.after[role].fp})${h.lost[role].length ? `; lost on ${h.lost[role].join(', ')}` : ''}`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const given = args.find((a) => a.startsWith('--splits='))?.slice('--splits='.length);
  const authors = given ? Object.fromEntries(given.split(',').map((s) => [s, [s as Split]])) : PARTY_AUTHORS;
  const docs = await loadPartyDocs(authors);
  const models = new Map<string, PartyWeights>();
  const modelsFor = (author: string): PartyWeights => {
    let m = models.get(author);
    if (!m) {
      const training = docs.filter((d) => d.author !== author);
      m = { threshold: THRESHOLD, enabled: [...PARTY_ROLES], pairExclusive: true };
      for (const role of PARTY_ROLES) m[role] = trainParties(training, role);
      models.set(author, m);
    }
    return m;
  };
  console.log(`${docs.length} documents with labelled parties; leave-one-author-out (text), rules → rules + ranker`);
  const fill = heldOut(docs, modelsFor);
  for (const role of PARTY_ROLES) console.log(`  fill only      ${line(fill, role)}`);
  if (verbose) console.log(fill.notes.join('\n'));
  // The roles that gained held out with no author losing, or those given with --enable= (a deliberate exception,
  // reported with the author that lost).
  const forced = args.find((a) => a.startsWith('--enable='))?.slice('--enable='.length);
  const enabled = forced
    ? PARTY_ROLES.filter((r) => forced.split(',').includes(r))
    : PARTY_ROLES.filter((r) => prf(fill.after[r]).f1 > prf(fill.before[r]).f1 + 1e-9 && fill.lost[r].length === 0);
  const override: Partial<Record<PartyRole, number>> = {};
  for (const role of enabled) {
    let best: { t: number; gain: number } | null = null;
    for (const t of OVERRIDE_GRID) {
      const h = heldOut(docs, (a) => ({ ...modelsFor(a), enabled, override: { [role]: t } }));
      const base = heldOut(docs, (a) => ({ ...modelsFor(a), enabled }));
      const gain = prf(h.after[role]).f1 - prf(base.after[role]).f1;
      // Lost against the fill-only decision, author by author.
      const lostVsFill = [...new Set(docs.map((d) => d.author))].filter((a) => {
        const one = docs.filter((d) => d.author === a);
        const x = heldOut(one, (b) => ({ ...modelsFor(b), enabled }));
        const y = heldOut(one, (b) => ({ ...modelsFor(b), enabled, override: { [role]: t } }));
        return prf(y.after[role]).f1 < prf(x.after[role]).f1 - 1e-9;
      });
      console.log(
        `  override ${role} at ${t}: ${line(h, role)}; against fill ${gain >= 0 ? '+' : ''}${gain.toFixed(3)}${lostVsFill.length ? ` lost ${lostVsFill.join(',')}` : ''}`,
      );
      if (verbose) console.log(h.notes.filter((n) => !base.notes.includes(n)).join('\n'));
      if (gain > 1e-9 && lostVsFill.length === 0 && (!best || gain > best.gain + 1e-9)) best = { t, gain };
    }
    if (best) override[role] = best.t;
  }
  const final: PartyWeights = { threshold: THRESHOLD, enabled, override, pairExclusive: true };
  const both = heldOut(docs, (a) => ({ ...modelsFor(a), enabled, override }));
  for (const role of PARTY_ROLES) console.log(`  as written     ${line(both, role)}`);
  if (args.includes('--misses')) console.log(`  still missed:\n${both.misses.join('\n')}`);
  console.log(`  enabled ${enabled.join(', ') || 'none'}; override ${JSON.stringify(override)}`);
  if (args.includes('--write')) {
    for (const role of PARTY_ROLES) final[role] = trainParties(docs, role);
    const out =
      args.find((a) => a.startsWith('--out='))?.slice('--out='.length) ??
      path.join(REPO_ROOT, 'src/extraction/rules/party-ranker.weights.json');
    writeFileSync(out, `${JSON.stringify(final)}\n`);
    console.log(`wrote ${out}`);
  }
}

if (process.argv[1]?.endsWith('train-parties.ts')) await main();

import { readFileSync } from 'node:fs';
import { addCounts, overall, prf, type Counts, type FieldCounts } from './score.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * Compares two snapshots (`snapshot.ts`, before and after a change) split by split: micro-F1 of the fields and of the
 * proposed changes, and every document and field that lost. With `--inspired v9-blind,…` the splits whose documents
 * inspired the change are reported apart: the held-out line (every other author's split) is the change's
 * leave-one-author-out effect, the figure that says whether it generalises.
 *
 *   npx tsx evals/extraction/loao.ts BEFORE.json AFTER.json [--inspired v9-blind] [--fields]
 */
const [beforeFile, afterFile, ...rest] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error('usage: loao.ts BEFORE.json AFTER.json [--inspired S,…] [--fields]');
const inspired = new Set(rest.includes('--inspired') ? (rest[rest.indexOf('--inspired') + 1] ?? '').split(',') : []);
const perField = rest.includes('--fields');
const before = JSON.parse(readFileSync(beforeFile, 'utf8')) as Snapshot;
const after = JSON.parse(readFileSync(afterFile, 'utf8')) as Snapshot;

const sum = (cs: Array<Counts | null>): Counts =>
  cs.reduce<Counts>((a, c) => (c ? { tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn } : a), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
const fieldsOf = (docs: Snapshot[string]): FieldCounts =>
  Object.values(docs).reduce<FieldCounts>((a, d) => addCounts(a, d.fields), {});
const f = (x: number): string => x.toFixed(3);

interface Group {
  fields: [FieldCounts, FieldCounts];
  changes: [Counts, Counts];
}
const groups: Record<'held-out' | 'inspired', Group> = {
  'held-out': { fields: [{}, {}], changes: [sum([]), sum([])] },
  inspired: { fields: [{}, {}], changes: [sum([]), sum([])] },
};
const lost: string[] = [];
console.log(`${'split'.padEnd(14)} fields before → after   changes before → after`);
for (const split of Object.keys(after)) {
  const b = before[split];
  const a = after[split];
  if (!b || !a) continue;
  const fb = fieldsOf(b);
  const fa = fieldsOf(a);
  const cb = sum(Object.values(b).map((d) => d.changes));
  const ca = sum(Object.values(a).map((d) => d.changes));
  const g = groups[inspired.has(split) ? 'inspired' : 'held-out'];
  addCounts(g.fields[0], fb);
  addCounts(g.fields[1], fa);
  g.changes = [sum([g.changes[0], cb]), sum([g.changes[1], ca])];
  const mark = inspired.has(split) ? ' (inspired the change)' : '';
  console.log(
    `${split.padEnd(14)} ${f(overall(fb).f1)} → ${f(overall(fa).f1)}     ${f(prf(cb).f1)} → ${f(prf(ca).f1)} (tp ${cb.tp} → ${ca.tp})${mark}`,
  );
  if (perField) {
    for (const field of new Set([...Object.keys(fb), ...Object.keys(fa)])) {
      const x = prf(fb[field] ?? sum([]));
      const y = prf(fa[field] ?? sum([]));
      if (x.f1 !== y.f1) console.log(`    ${field.padEnd(28)} ${f(x.f1)} → ${f(y.f1)}`);
    }
  }
  for (const [id, d] of Object.entries(a)) {
    const old = b[id];
    if (!old) continue;
    for (const [field, c] of Object.entries(d.fields)) {
      const o = old.fields[field] ?? sum([]);
      if (c.tp < o.tp || c.fp > o.fp) lost.push(`${split} ${id} ${field}: ${JSON.stringify(o)} → ${JSON.stringify(c)}`);
    }
    if (d.changes && old.changes && (d.changes.tp < old.changes.tp || d.changes.fp > old.changes.fp))
      lost.push(`${split} ${id} changes: ${JSON.stringify(old.changes)} → ${JSON.stringify(d.changes)}`);
  }
}
for (const [name, g] of Object.entries(groups)) {
  if (name === 'inspired' && inspired.size === 0) continue;
  console.log(
    `${name.padEnd(14)} ${f(overall(g.fields[0]).f1)} → ${f(overall(g.fields[1]).f1)}     ${f(prf(g.changes[0]).f1)} → ${f(prf(g.changes[1]).f1)} (tp ${g.changes[0].tp} → ${g.changes[1].tp})`,
  );
}
console.log(lost.length ? `\nlost (document, field):\n${lost.join('\n')}` : '\nno document lost on any field');

import { evidenceField } from '../evidence/enforce-evidence.ts';
import { readPath, valuePaths } from '../evidence/value-paths.ts';
import { emptySowTerms, type Evidence, type SowTerms } from '../sow-terms.ts';

const LIST_KEYS: Record<string, (item: Record<string, unknown>) => string> = {
  rates: (r) => `${String(r.role).toLowerCase().trim()}|${Number(r.amount)}|${String(r.unit)}`,
  milestones: (m) => String(m.name).toLowerCase().replace(/\W+/g, ' ').trim(),
  usageTiers: (t) => `${Number(t.from)}|${t.upTo === null ? '' : Number(t.upTo)}|${Number(t.unitPrice)}`,
  caps: (c) =>
    `${String(c.kind)}|${c.amount === undefined ? '' : Number(c.amount)}|${String(c.period)}|${String(c.percentOfFees)}`,
};
const LISTS = Object.keys(LIST_KEYS) as Array<'rates' | 'milestones' | 'usageTiers' | 'caps'>;

function setPath(t: SowTerms, path: string, value: unknown): void {
  const [a, b] = path.split('.') as [string, string | undefined];
  if (b === undefined) (t as unknown as Record<string, unknown>)[a] = structuredClone(value);
  else if (a === 'retainer') {
    if (t.retainer) (t.retainer as unknown as Record<string, unknown>)[b] = value;
  } else ((t as unknown as Record<string, Record<string, unknown>>)[a] as Record<string, unknown>)[b] = value;
}

const sameRetainer = (a: NonNullable<SowTerms['retainer']>, b: NonNullable<SowTerms['retainer']>): boolean =>
  Number(a.amount) === Number(b.amount) && a.period === b.period;

/**
 * Merges verified SowTerms in priority order. Scalars come from the first part that has them, with
 * that part's evidence. Lists are united across parts ("union", for chunks of one document) or taken
 * whole from the first part that has any ("fallback", LLM first and the built-in result after it).
 */
export function mergeTerms(parts: readonly SowTerms[], lists: 'union' | 'fallback'): SowTerms {
  const out = emptySowTerms();
  const evidence: Evidence[] = [];
  const cite = (part: SowTerms, from: string, to: string): void => {
    for (const e of part.evidence) if (evidenceField(e.field) === from) evidence.push({ ...e, field: to });
  };
  for (const part of parts) {
    for (const path of valuePaths(part)) {
      if (/\[\d+\]$/.test(path)) continue;
      if (path === 'documentType') {
        if (out.documentType === 'other') {
          out.documentType = part.documentType;
          cite(part, path, path);
        }
        continue;
      }
      if (path.startsWith('retainer.')) {
        // Copied with the retainer it belongs to; a detail the first retainer lacks comes from a later part that
        // states the same retainer (same fee and period): a later chunk, or the built-in result.
        const k = path.slice('retainer.'.length) as keyof NonNullable<SowTerms['retainer']>;
        if (out.retainer && out.retainer[k] === null && part.retainer && sameRetainer(out.retainer, part.retainer)) {
          (out.retainer as unknown as Record<string, unknown>)[k] = part.retainer[k];
          cite(part, path, path);
        }
        continue;
      }
      const current = readPath(out, path);
      if (current !== null && current !== undefined) continue;
      setPath(out, path, readPath(part, path));
      cite(part, path, path);
      if (path === 'retainer')
        for (const sub of valuePaths(part).filter((p) => p.startsWith('retainer.'))) cite(part, sub, sub);
    }
    for (const l of LISTS) {
      if (lists === 'fallback' && out[l].length > 0) continue;
      const seen = new Set(
        (out[l] as unknown as Record<string, unknown>[]).map(LIST_KEYS[l] as (i: Record<string, unknown>) => string),
      );
      (part[l] as unknown as Record<string, unknown>[]).forEach((item, i) => {
        const key = (LIST_KEYS[l] as (i: Record<string, unknown>) => string)(item);
        if (seen.has(key)) return;
        seen.add(key);
        cite(part, `${l}[${i}]`, `${l}[${out[l].length}]`);
        (out[l] as unknown[]).push(structuredClone(item));
      });
    }
  }
  out.evidence = evidence;
  return out;
}

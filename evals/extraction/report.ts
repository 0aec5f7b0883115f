import { overall, prf, type FieldCounts } from './score.ts';

/** A fixed-width table of precision, recall and F1 per field, then the overall micro average. */
export function formatReport(title: string, counts: FieldCounts): string {
  const rows = Object.entries(counts)
    .filter(([, c]) => c.tp + c.fp + c.fn > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, c]) => {
      const s = prf(c);
      return `  ${field.padEnd(42)} ${s.precision.toFixed(2).padStart(5)} ${s.recall.toFixed(2).padStart(6)} ${s.f1.toFixed(2).padStart(5)} ${String(s.support).padStart(7)}`;
    });
  const o = overall(counts);
  return [
    `== ${title}`,
    `  ${'field'.padEnd(42)} ${'P'.padStart(5)} ${'R'.padStart(6)} ${'F1'.padStart(5)} ${'support'.padStart(7)}`,
    ...rows,
    `  ${'OVERALL (micro)'.padEnd(42)} ${o.precision.toFixed(2).padStart(5)} ${o.recall.toFixed(2).padStart(6)} ${o.f1.toFixed(2).padStart(5)} ${String(o.support).padStart(7)}`,
  ].join('\n');
}

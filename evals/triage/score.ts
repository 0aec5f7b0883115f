import { TRIAGE_CLASSES, type TriageClass } from '../../src/agent/triage/classes.ts';

/** One scored prediction. */
export interface Scored {
  id: string;
  label: TriageClass;
  predicted: TriageClass;
  confidence: number;
  decidedBy: string;
}

/** Accuracy, the confusion matrix (rows: truth, columns: predicted) and per-class recall. */
export function score(rows: readonly Scored[]) {
  const matrix = TRIAGE_CLASSES.map(() => TRIAGE_CLASSES.map(() => 0));
  let correct = 0;
  for (const r of rows) {
    matrix[TRIAGE_CLASSES.indexOf(r.label)]![TRIAGE_CLASSES.indexOf(r.predicted)]! += 1;
    if (r.label === r.predicted) correct += 1;
  }
  return { n: rows.length, correct, accuracy: rows.length ? correct / rows.length : 0, matrix };
}

const ABBREV: Record<TriageClass, string> = {
  missing_po: 'po',
  rate_mismatch: 'rate',
  missing_approval: 'appr',
  cap_exceeded: 'cap',
  retainer_overage: 'ret',
  missing_fx_rate: 'fx',
  tax_setup: 'tax',
  delivery_failure: 'deliv',
  duplicate: 'dup',
  other: 'other',
};

/** The confusion matrix as a text table. */
export function formatMatrix(matrix: number[][]): string {
  const w = 6;
  const head = `${'truth \\ predicted'.padEnd(18)}${TRIAGE_CLASSES.map((c) => ABBREV[c].padStart(w)).join('')}`;
  const lines = TRIAGE_CLASSES.map(
    (c, i) => `${c.padEnd(18)}${matrix[i]!.map((v) => (v === 0 ? '.' : String(v)).padStart(w)).join('')}`,
  );
  return [head, ...lines].join('\n');
}

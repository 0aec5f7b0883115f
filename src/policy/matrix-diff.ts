import { canonicalJson, toJsonValue, type JsonValue } from '../billing/audit/canonical-json.ts';
import type { ApprovalMatrix } from './approval-matrix.ts';

/** One rule that differs between two versions: its path in the matrix, the value before and after (null: absent). */
export interface MatrixRuleChange {
  rule: string;
  from: JsonValue | null;
  to: JsonValue | null;
}

/**
 * The rules that differ between two versions of the approval matrix, in path order. Objects are
 * walked key by key; a list (a chain of roles, the tiers of one currency) is one rule and shows
 * whole. The version number itself is left out: every change has a new one.
 * @example diffMatrices(v1, v2)
 * // [{ rule: 'invoiceTotal.tiers.USD', from: [{ overMinor: '1000000', roles: ['controller'] }, ...], to: [{ overMinor: '500000', ... }, ...] }]
 */
export function diffMatrices(from: ApprovalMatrix, to: ApprovalMatrix): MatrixRuleChange[] {
  const out: MatrixRuleChange[] = [];
  walk(toJsonValue(from), toJsonValue(to), '', out);
  return out.filter((c) => c.rule !== 'version');
}

const isObject = (v: JsonValue | undefined): v is { [key: string]: JsonValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(a: JsonValue | undefined, b: JsonValue | undefined, path: string, out: MatrixRuleChange[]): void {
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
      walk(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b)) return;
  out.push({ rule: path || '(root)', from: a ?? null, to: b ?? null });
}

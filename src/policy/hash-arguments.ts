import { createHash } from 'node:crypto';
import { canonicalJson } from '../billing/audit/canonical-json.ts';
import type { Action } from './actions.ts';

/**
 * sha256 (hex) of the canonical JSON of an action's type, target and arguments: sorted keys,
 * bigints as decimal strings. An approval binds to it, so any change to the arguments needs a new one.
 * @example hashArguments({ type: 'invoice.submit', target: { kind: 'invoice', id: 'inv-1' }, args: { revision: 3 } })
 * // sha256('{"args":{"revision":3},"target":{"id":"inv-1","kind":"invoice"},"type":"invoice.submit"}')
 */
export function hashArguments(action: Action): string {
  const bound = { type: action.type, target: { kind: action.target.kind, id: action.target.id }, args: action.args };
  return createHash('sha256').update(canonicalJson(bound)).digest('hex');
}

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, toJsonValue, type JsonValue } from '../billing/audit/canonical-json.ts';
import { isKnownCurrency } from '../shared/currency.ts';
import { isIsoDate } from '../shared/dates.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { ACTION_TYPES } from './actions.ts';
import { APPROVER_ROLES } from './roles.ts';
import matrixV1Json from './approval-matrix.v1.json' with { type: 'json' };

const roleSchema = z.enum(APPROVER_ROLES).describe('A role that must approve');
const rolesSchema = z
  .array(roleSchema)
  .refine((rs) => new Set(rs).size === rs.length, 'a role appears twice in one chain')
  .describe('Approval chain, one level per role, in order');
const minorSchema = z
  .string()
  .regex(/^\d+$/, 'minor units as a non-negative integer string')
  .transform((s) => BigInt(s))
  .describe('Amount in minor units of the currency, e.g. "5000000" = 50,000.00 USD');
const currencySchema = z.string().refine(isKnownCurrency, 'unknown ISO 4217 currency');

const tierSchema = z.object({
  overMinor: minorSchema.describe('The tier applies when the amount is strictly greater than this'),
  roles: rolesSchema.min(1),
});

/** Amount-driven rule: `roles` always (may be empty); the highest tier the amount exceeds replaces them. */
const amountRuleSchema = z.object({
  roles: rolesSchema,
  tiers: z.record(
    currencySchema,
    z.array(tierSchema).min(1).refine(
      (ts) => ts.every((t, i) => i === 0 || t.overMinor > ts[i - 1]!.overMinor),
      'tiers must be in ascending order of overMinor',
    ),
  ),
});

// Granting or refusing an approval cannot itself need approval.
const approvableActionSchema = z.enum(ACTION_TYPES).exclude(['approval.grant', 'approval.reject']);

/** The approval matrix: which actions need whose approval, under which thresholds. Versioned. */
export const approvalMatrixSchema = z
  .object({
    version: z.number().int().positive().describe('Increases with every change; decisions record it'),
    effectiveFrom: z.string().refine(isIsoDate, 'YYYY-MM-DD'),
    approvalTtlHours: z.number().int().positive().describe('An approval expires this many hours after it is granted'),
    levelOrder: rolesSchema.min(1).describe('When several rules fire, their roles are approved in this order'),
    invoiceTotal: amountRuleSchema.describe('invoice.approve by invoice total in the entity currency'),
    lowMargin: z.object({ belowPercent: z.string().regex(/^-?\d+(\.\d+)?$/), roles: rolesSchema.min(1) }),
    openExceptions: z.object({ roles: rolesSchema.min(1) }),
    projectOnHold: z.object({ roles: rolesSchema.min(1) }),
    discountBeyondContract: z.object({ roles: rolesSchema.min(1) }),
    creditNote: amountRuleSchema.refine((r) => r.roles.length > 0, 'credit notes always need approval'),
    writeOff: amountRuleSchema.refine((r) => r.roles.length > 0, 'write-offs always need approval'),
    always: z.partialRecord(approvableActionSchema, rolesSchema.min(1)).describe('Actions that always need these approvals'),
  })
  .strict()
  .superRefine((m, ctx) => {
    const order = new Set(m.levelOrder);
    const used = [
      ...m.invoiceTotal.roles,
      ...Object.values(m.invoiceTotal.tiers).flatMap((ts) => ts.flatMap((t) => t.roles)),
      ...m.lowMargin.roles,
      ...m.openExceptions.roles,
      ...m.projectOnHold.roles,
      ...m.discountBeyondContract.roles,
      ...m.creditNote.roles,
      ...Object.values(m.creditNote.tiers).flatMap((ts) => ts.flatMap((t) => t.roles)),
      ...m.writeOff.roles,
      ...Object.values(m.writeOff.tiers).flatMap((ts) => ts.flatMap((t) => t.roles)),
      ...Object.values(m.always).flatMap((rs) => rs ?? []),
    ];
    for (const role of new Set(used)) {
      if (!order.has(role)) ctx.addIssue({ code: 'custom', path: ['levelOrder'], message: `role ${role} is used by a rule but missing from levelOrder` });
    }
    // The matrix governs its own changes: no version may let the next one in without a finance admin.
    if (!m.always['approval_matrix.change']?.includes('finance_admin')) {
      ctx.addIssue({ code: 'custom', path: ['always', 'approval_matrix.change'], message: 'changing the approval matrix must always need a finance_admin\'s approval' });
    }
  });

export type ApprovalMatrix = z.output<typeof approvalMatrixSchema>;
export type AmountRule = ApprovalMatrix['invoiceTotal'];

/** An approval matrix that failed validation, with one line per problem. */
export interface MatrixInvalid {
  code: 'APPROVAL_MATRIX_INVALID';
  issues: string[];
}

/** Validates an approval matrix (a parsed JSON document). */
export function parseApprovalMatrix(input: unknown): Result<ApprovalMatrix, MatrixInvalid> {
  const parsed = approvalMatrixSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err({ code: 'APPROVAL_MATRIX_INVALID', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) });
}

function loadBundled(json: unknown): ApprovalMatrix {
  const parsed = parseApprovalMatrix(json);
  // The bundled file ships with the code; an invalid one is a bug, caught by the tests.
  if (!parsed.ok) throw new Error(`approval-matrix.v1.json is invalid: ${parsed.error.issues.join('; ')}`);
  return parsed.value;
}

/** Version 1 of the approval matrix, from approval-matrix.v1.json. */
export const approvalMatrixV1: ApprovalMatrix = loadBundled(matrixV1Json);

/** The matrix as plain JSON (thresholds as decimal strings, keys sorted): what is stored and shown. */
export const approvalMatrixJson = (m: ApprovalMatrix): JsonValue => toJsonValue(m);

/**
 * sha256 (hex) of the matrix's canonical JSON: the same rules give the same hash however the file
 * was laid out ("0100" and "100" minor units, key order), and any rule change gives another.
 * approval_matrix.change binds its approval to it.
 */
export const approvalMatrixHash = (m: ApprovalMatrix): string => createHash('sha256').update(canonicalJson(m)).digest('hex');

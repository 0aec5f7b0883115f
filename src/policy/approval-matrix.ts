import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, toJsonValue, type JsonValue } from '../billing/audit/canonical-json.ts';
import { isKnownCurrency } from '../shared/currency.ts';
import { isIsoDate } from '../shared/dates.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { CARRIABLE_HOLD_TYPES, HOLD_MODES } from '../billing/invoices/hold-rules.ts';
import { ACTION_TYPES } from './actions.ts';
import { APPROVER_ROLES } from './roles.ts';
import addedRulesJson from './approval-matrix.added-rules.json' with { type: 'json' };
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
    z
      .array(tierSchema)
      .min(1)
      .refine(
        (ts) => ts.every((t, i) => i === 0 || t.overMinor > ts[i - 1]!.overMinor),
        'tiers must be in ascending order of overMinor',
      ),
  ),
});

// Granting or refusing an approval cannot itself need approval.
const approvableActionSchema = z.enum(ACTION_TYPES).exclude(['approval.grant', 'approval.reject']);

const heldReleaseSchema = amountRuleSchema
  .extend({
    ownerApproves: z.boolean().describe('The role that owns the exception approves, unless the resolver holds it'),
    invoiceApproval: rolesSchema.describe('Approve an invoice onto which held money was released (may be empty)'),
  })
  .describe(
    'exception.resolve that releases held money (a cap, retainer or expense-cap overrun), by amount released in the entity currency',
  );

const clientBillingDetailsSchema = z
  .object({
    billingContacts: rolesSchema
      .min(1)
      .describe('A new billing contact: where invoices and reminders go, so a second person always approves'),
    deliveryChannel: rolesSchema.min(1).describe('Another delivery channel, for the same reason'),
    creditLimit: rolesSchema,
    accountManager: rolesSchema,
  })
  .strict()
  .describe('client.change_billing_details, by the part that changes');

const legalEntityBankAccountSchema = z
  .object({
    roles: rolesSchema
      .min(1)
      .describe(
        'Who approves: where clients pay is the classic invoice-redirection fraud, so a second person always does',
      ),
  })
  .strict()
  .describe(
    'legal_entity.change_bank_account: setting, changing or removing the account clients pay into; and ' +
      'client.change_billing_details moving a client to another legal entity (it then pays into that one)',
  );

const projectStatusSchema = z
  .object({
    onHold: rolesSchema.describe('Putting a project on hold'),
    reactivate: rolesSchema.describe('Back to active: lifts the on-hold rule of its invoices'),
    close: rolesSchema,
  })
  .strict()
  .describe('project.change_status, by the status it moves to');

const heldLinesSchema = z
  .partialRecord(z.enum(CARRIABLE_HOLD_TYPES), z.enum(HOLD_MODES))
  .describe(
    'What a line held by this exception type holds: hold_draft (the whole draft waits) or bill_rest (the rest is billed; ' +
      'the line is billed once released, on a supplementary invoice if the draft has moved on). Types not named hold the draft.',
  );

const disputeRiskSchema = z
  .object({
    atLeastPercent: z
      .string()
      .regex(/^(100(\.0+)?|\d{1,2}(\.\d+)?)$/, 'a percentage from 0 to 100')
      .describe('A draft whose dispute risk at submission is at or above this percentage is flagged for review'),
    roles: rolesSchema.describe('Who reviews (approves) a flagged draft; empty: flagged drafts need nobody extra'),
  })
  .strict()
  .describe('invoice.approve of a draft the pre-send dispute check flagged when it was submitted');

const matrixShape = z.object({
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
  heldRelease: heldReleaseSchema,
  clientBillingDetails: clientBillingDetailsSchema,
  legalEntityBankAccount: legalEntityBankAccountSchema,
  projectStatus: projectStatusSchema,
  heldLines: heldLinesSchema,
  disputeRisk: disputeRiskSchema,
  always: z
    .partialRecord(approvableActionSchema, rolesSchema.min(1))
    .describe('Actions that always need these approvals'),
});

/**
 * Rules added after version 1 shipped. A matrix written before a rule existed (the bundled version 1,
 * a version stored since) gets it as approval-matrix.added-rules.json has it; a proposal must spell it out.
 */
export const ADDED_RULES = [
  'heldRelease',
  'clientBillingDetails',
  'projectStatus',
  'heldLines',
  'disputeRisk',
  'legalEntityBankAccount',
] as const;
type AddedRule = (typeof ADDED_RULES)[number];

type MatrixShape = z.output<typeof matrixShape>;

function checkMatrix(m: MatrixShape, ctx: z.RefinementCtx): void {
  const order = new Set(m.levelOrder);
  const amountRoles = (r: AmountRule) => [
    ...r.roles,
    ...Object.values(r.tiers).flatMap((ts) => ts.flatMap((t) => t.roles)),
  ];
  const used = [
    ...amountRoles(m.invoiceTotal),
    ...m.lowMargin.roles,
    ...m.openExceptions.roles,
    ...m.projectOnHold.roles,
    ...m.discountBeyondContract.roles,
    ...amountRoles(m.creditNote),
    ...amountRoles(m.writeOff),
    ...amountRoles(m.heldRelease),
    ...m.heldRelease.invoiceApproval,
    ...Object.values(m.clientBillingDetails).flat(),
    ...m.legalEntityBankAccount.roles,
    ...Object.values(m.projectStatus).flat(),
    ...m.disputeRisk.roles,
    ...Object.values(m.always).flatMap((rs) => rs ?? []),
  ];
  for (const role of new Set(used)) {
    if (!order.has(role))
      ctx.addIssue({
        code: 'custom',
        path: ['levelOrder'],
        message: `role ${role} is used by a rule but missing from levelOrder`,
      });
  }
  // The matrix governs its own changes: no version may let the next one in without a finance admin.
  if (!m.always['approval_matrix.change']?.includes('finance_admin')) {
    ctx.addIssue({
      code: 'custom',
      path: ['always', 'approval_matrix.change'],
      message: "changing the approval matrix must always need a finance_admin's approval",
    });
  }
}

/** The approval matrix: which actions need whose approval, under which thresholds. Versioned. */
export const approvalMatrixSchema = matrixShape.strict().superRefine(checkMatrix);

// A matrix as written: the rules added since may be absent (they are filled in from the defaults).
const writtenMatrixSchema = matrixShape
  .partial({
    heldRelease: true,
    clientBillingDetails: true,
    projectStatus: true,
    heldLines: true,
    disputeRisk: true,
    legalEntityBankAccount: true,
  })
  .strict();

export type ApprovalMatrix = z.output<typeof approvalMatrixSchema>;
export type AmountRule = z.output<typeof amountRuleSchema>;

/** An approval matrix that failed validation, with one line per problem. */
export interface MatrixInvalid {
  code: 'APPROVAL_MATRIX_INVALID';
  issues: string[];
}

/** Validates an approval matrix (a parsed JSON document). */
export function parseApprovalMatrix(input: unknown): Result<ApprovalMatrix, MatrixInvalid> {
  const parsed = approvalMatrixSchema.safeParse(input);
  return parsed.success ? ok(parsed.data) : err(issuesOf(parsed.error));
}

/**
 * sha256 (hex) of the matrix's canonical JSON: the same rules give the same hash however the file
 * was laid out ("0100" and "100" minor units, key order), and any rule change gives another.
 * approval_matrix.change binds its approval to it.
 */
export const approvalMatrixHash = (m: ApprovalMatrix): string =>
  createHash('sha256').update(canonicalJson(m)).digest('hex');

/** A matrix as written (the bundled file, a stored version), with what is in force when it is. */
export interface WrittenMatrix {
  /** The rules in force: the document's, plus the rules added since it was written. */
  matrix: ApprovalMatrix;
  /** sha256 of the document as written: what was approved and stored, and what its hash pins. */
  sha256: string;
  /** Rules the document predates, taken from approval-matrix.added-rules.json. */
  addedRules: AddedRule[];
}

/**
 * Reads a matrix document written by an earlier version of the code: validates it as written,
 * hashes it as written, then fills in every rule it predates from approval-matrix.added-rules.json
 * (adding a rule's roles to levelOrder when the document left them out) and validates the result.
 * @example parseWrittenMatrix(matrixV1Json) // ok({ matrix: v1 plus heldRelease, ..., sha256: 'ab12…', addedRules: ['heldRelease', ...] })
 */
export function parseWrittenMatrix(doc: unknown): Result<WrittenMatrix, MatrixInvalid> {
  const written = writtenMatrixSchema.safeParse(doc);
  if (!written.success) return err(issuesOf(written.error));
  const json = toJsonValue(written.data) as Record<string, JsonValue>;
  const addedRules = ADDED_RULES.filter((k) => json[k] === undefined);
  const filled: Record<string, JsonValue> = { ...json };
  for (const k of addedRules) filled[k] = (addedRulesJson as Record<AddedRule, JsonValue>)[k];
  const roles = new Set(addedRules.flatMap((k) => stringsIn(filled[k]!)));
  const order = filled.levelOrder as string[];
  // A role a filled-in rule uses joins levelOrder in the order APPROVER_ROLES lists roles.
  filled.levelOrder = [...order, ...APPROVER_ROLES.filter((r) => roles.has(r) && !order.includes(r))];
  const parsed = parseApprovalMatrix(filled);
  if (!parsed.ok) return parsed;
  return ok({
    matrix: parsed.value,
    sha256: approvalMatrixHash(written.data as unknown as ApprovalMatrix),
    addedRules,
  });
}

const stringsIn = (v: JsonValue): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(stringsIn)
      : v && typeof v === 'object'
        ? Object.values(v).flatMap(stringsIn)
        : [];

const issuesOf = (error: z.ZodError): MatrixInvalid => ({
  code: 'APPROVAL_MATRIX_INVALID',
  issues: error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
});

function loadBundled(json: unknown): WrittenMatrix {
  const parsed = parseWrittenMatrix(json);
  // The bundled file ships with the code; an invalid one is a bug, caught by the tests.
  if (!parsed.ok) throw new Error(`approval-matrix.v1.json is invalid: ${parsed.error.issues.join('; ')}`);
  return parsed.value;
}

/** Version 1 as the bundled file has it, and its sha256 as shipped. */
export const bundledMatrixV1: WrittenMatrix = loadBundled(matrixV1Json);

/** Version 1 of the approval matrix in force: approval-matrix.v1.json plus the rules added since. */
export const approvalMatrixV1: ApprovalMatrix = bundledMatrixV1.matrix;

/** The matrix as plain JSON (thresholds as decimal strings, keys sorted): what is stored and shown. */
export const approvalMatrixJson = (m: ApprovalMatrix): JsonValue => toJsonValue(m);

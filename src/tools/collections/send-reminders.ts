import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  decideDunning,
  DUNNING_STEPS,
  type DunningStep,
  kindOf,
  stepKeys,
  stepsFor,
} from '../../billing/collections/dunning.ts';
import {
  checkReminder,
  isTemplateKey,
  renderAccountManagerNote,
} from '../../billing/collections/reminder-templates.ts';
import { reminderDrafter } from './draft-reminder.ts';
import { queuePersonNotice } from '../../db/stores/chat-notice-store.ts';
import { dayNumber } from '../../billing/risk/features.ts';
import { promisesToPay, reminderOutbox } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  accountManagerUsers,
  activePauses,
  dunningInvoices,
  dunningPolicyTable,
  lateFeeStates,
  openPromises,
  outboxSteps,
} from '../../db/stores/dunning-store.ts';
import { disputesOpenOn, openAmountsAsOf } from '../../db/stores/receivables-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce } from '../policy-gate/context.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { dateField } from '../../shared/bounded-fields.ts';
import { money } from '../../shared/money.ts';
import { ok, type Result } from '../../shared/result.ts';
import { defineTool, type ToolContext } from '../define-tool.ts';

export interface SendRemindersResult {
  asOf: string;
  /** Reminders queued by this run (each invoice and step at most once, ever). */
  queued: number;
  /** Invoices not reminded, by why (dispute, pause, live promise, not due, already sent). */
  skipped: Record<string, number>;
  /** Drafts the check refused: not queued, with the problems. */
  refused: { invoice: string; step: string; problems: string[] }[];
  promisesKept: number;
  promisesBroken: number;
  /**
   * Invoices whose final notice with a late fee has gone out (tonight or before), with no fee billed and
   * none refused by an approver, not disputed, paused or under a promise: the nightly run asks for
   * their fee through invoices_apply_late_fee (an account manager approves it).
   */
  lateFees: { invoiceId: string; invoice: string; step: DunningStep }[];
  /**
   * Escalations to account managers: chat messages queued for those linked to Slack or Teams (each is
   * e-mailed too), and the clients whose account_manager names no active user (the collector is told instead).
   */
  accountManagers: { told: number; unknown: string[] };
  /**
   * Who wrote the drafts: templates and a model's (with a model configured, ToolDeps.reminderWriter), and each
   * model draft not used (refused by the check, timed out, failed) with why; the template went instead.
   */
  drafts: { template: number; model: number; modelRefused: { invoice: string; step: string; reason: string }[] };
}

/**
 * The dunning run of a date: for every invoice open on it, the step its policy calls for (see
 * decideDunning), drafted from the template in the client's language and checked; queued in the
 * outbox (unique per invoice and step, so a second run of the night queues nothing), with promises
 * marked kept or broken, in one short transaction with one audit row. Reads and drafting happen
 * before it. Nothing is delivered here: reminders_deliver relays the outbox.
 */
export async function sendReminders(
  ctx: ToolContext,
  input: { asOf: string },
): Promise<Result<SendRemindersResult, GateError>> {
  const { asOf } = input;
  const action: ActionOf<'collections.send_reminders'> = {
    type: 'collections.send_reminders',
    target: { kind: 'worklist', id: asOf },
    args: { asOf },
  };
  await readMatrixInForce(ctx.db, ctx);
  const denied = precheck(ctx, action, { entityId: null });
  if (!denied.ok) return denied;
  const open = await openAmountsAsOf(ctx.db, asOf);
  const [invoices, disputed, pauses, promises, sent, policies] = [
    await dunningInvoices(ctx.db, [...open.keys()]),
    await disputesOpenOn(ctx.db, asOf),
    await activePauses(ctx.db, asOf),
    await openPromises(ctx.db, asOf),
    await outboxSteps(ctx.db, asOf),
    await dunningPolicyTable(ctx.db),
  ];
  const out: SendRemindersResult = {
    asOf,
    queued: 0,
    skipped: {},
    refused: [],
    promisesKept: 0,
    promisesBroken: 0,
    lateFees: [],
    accountManagers: { told: 0, unknown: [] },
    drafts: { template: 0, model: 0, modelRefused: [] },
  };
  const rows: (typeof reminderOutbox.$inferInsert)[] = [];
  const kept: string[] = [],
    broken: string[] = [];
  const feeCandidates: SendRemindersResult['lateFees'] = [];
  const managerNotices: { invoiceId: string; step: string; userId: string; text: string }[] = [];
  const draftFor = reminderDrafter(ctx.deps.reminderWriter ?? null);
  const managers = await accountManagerUsers(
    ctx.db,
    invoices.flatMap((i) => (i.accountManager ? [i.accountManager] : [])),
  );
  for (const inv of invoices.sort((a, b) => a.number.localeCompare(b.number))) {
    const openMinor = open.get(inv.id)!;
    const daysPastDue = dayNumber(asOf) - dayNumber(inv.dueDate);
    const steps = stepsFor(policies, inv.clientCode, inv.segment);
    const invoiceSent = sent.get(inv.id) ?? new Set<string>();
    // The step that carries a late fee, when its rule gives one for this invoice (the contract's, or the policy's own percent).
    const feeAt = steps.findIndex(
      (s) => s.lateFee && (s.lateFee.kind === 'percent_monthly' || inv.lateFeePercentMonthly),
    );
    const feeStep = feeAt < 0 ? undefined : steps[feeAt];
    const feeKey = feeAt < 0 ? undefined : stepKeys(steps)[feeAt]!;
    const d = decideDunning(
      {
        invoiceId: inv.id,
        daysPastDue,
        openMinor,
        disputeOpen: disputed.has(inv.id),
        paused: pauses.invoices.get(inv.id) ?? pauses.clients.get(inv.clientId) ?? null,
        promise: promises.get(inv.id) ?? null,
        sent: invoiceSent,
        steps,
      },
      asOf,
    );
    if (d.promiseBroken) broken.push(d.promiseBroken);
    if (d.kind === 'skip') {
      if (d.promiseKept) kept.push(d.promiseKept);
      const c = d.category;
      out.skipped[c] = (out.skipped[c] ?? 0) + 1;
      // Sent before: its fee is asked for each night until billed or refused (the request is opened once).
      if (feeStep && invoiceSent.has(feeKey!) && (c === 'already_sent' || c === 'not_due'))
        feeCandidates.push({ invoiceId: inv.id, invoice: inv.number, step: feeStep.step });
      continue;
    }
    const fields = {
      clientName: inv.clientName,
      number: inv.number,
      amount: money(openMinor, inv.currency),
      dueDate: inv.dueDate,
      daysPastDue,
      payee: inv.payee,
      bank: inv.bank,
    };
    // A final notice whose step carries the fee states the contract's term, never a figure: the fee is not approved yet.
    const allow = { lateFeeTerm: feeStep === d.step };
    // The step's template key selects the text (validated when the sequence was set; its name otherwise).
    const template = d.step.template && isTemplateKey(d.step.template) ? d.step.template : d.step.step;
    const drafted = await draftFor({
      step: d.key,
      template,
      language: inv.language,
      toClient: d.step.channel === 'email',
      fields,
      allow,
    });
    const draft = drafted.draft;
    // Escalating to the account manager: a step on their channel, or an escalate step. They are told by e-mail
    // (the step's own, or copied on the collector's escalation task) and, where linked, in Slack or Teams too.
    const toManager = d.step.channel === 'account_manager' || kindOf(d.step) === 'escalate';
    const manager = toManager && inv.accountManager ? (managers.get(inv.accountManager.toLowerCase()) ?? null) : null;
    const note = toManager ? renderAccountManagerNote(d.key, fields, inv.collectorEmail) : null;
    const own = d.step.channel === 'account_manager' ? note! : draft;
    const addresses = inv.collectorEmail ? [inv.collectorEmail] : [];
    const problems = [...drafted.problems, ...(note ? checkReminder(note, fields, { addresses }) : [])];
    if (drafted.draftedBy !== 'template') out.drafts.model += 1;
    else out.drafts.template += 1;
    if (drafted.modelRefusal)
      out.drafts.modelRefused.push({ invoice: inv.number, step: d.key, reason: drafted.modelRefusal });
    if (problems.length) {
      out.refused.push({ invoice: inv.number, step: d.key, problems });
      continue;
    }
    if (toManager && !manager && !out.accountManagers.unknown.includes(inv.clientCode))
      out.accountManagers.unknown.push(inv.clientCode);
    const recipient =
      d.step.channel === 'email'
        ? inv.contactEmail
        : d.step.channel === 'account_manager'
          ? (manager?.email ?? inv.collectorEmail)
          : [inv.collectorEmail, manager?.email].filter((x, k, all) => x && all.indexOf(x) === k).join(', ') || null;
    rows.push({
      invoiceId: inv.id,
      step: d.key,
      asOf,
      channel: d.step.channel,
      language: d.step.channel === 'account_manager' ? 'en' : draft.language,
      recipient,
      subject: own.subject,
      body: own.body,
      createdAt: ctx.now,
      draftedBy: own === draft ? drafted.draftedBy : 'template',
      modelRefusal: own === draft ? drafted.modelRefusal : null,
    });
    if (manager?.linked && note)
      managerNotices.push({
        invoiceId: inv.id,
        step: d.key,
        userId: manager.userId,
        text: `${note.subject}\n${note.body}`,
      });
    if (feeStep && (feeStep === d.step || invoiceSent.has(feeKey!)))
      feeCandidates.push({ invoiceId: inv.id, invoice: inv.number, step: feeStep.step });
  }
  const feeState = await lateFeeStates(
    ctx.db,
    feeCandidates.map((c) => c.invoiceId),
  );
  out.lateFees = feeCandidates.filter((c) => !feeState.billed.has(c.invoiceId) && !feeState.refused.has(c.invoiceId));
  const written = await ctx.deps.database.db.transaction(async (tx) => {
    const gate = await passGate(tx, ctx, action, { entityId: null });
    if (!gate.ok) return gate;
    // The unique (invoice, step) index is the guard against a run racing this one: a step queued there stays theirs.
    const inserted = rows.length
      ? await tx
          .insert(reminderOutbox)
          .values(rows)
          .onConflictDoNothing()
          .returning({ invoiceId: reminderOutbox.invoiceId, step: reminderOutbox.step })
      : [];
    // The account manager's chat message goes with the step this run queued (and once per key, whatever races).
    const queuedNow = new Set(inserted.map((r) => `${r.invoiceId}:${r.step}`));
    for (const m of managerNotices)
      if (
        queuedNow.has(`${m.invoiceId}:${m.step}`) &&
        (await queuePersonNotice(tx, m.userId, m.text, `dunning:${m.invoiceId}:${m.step}:account_manager`, ctx.now))
      )
        out.accountManagers.told += 1;
    const close = async (ids: string[], status: 'kept' | 'broken') => {
      if (!ids.length) return 0;
      const r = await tx
        .update(promisesToPay)
        .set({ status, closedOn: asOf })
        .where(sql`${inArray(promisesToPay.id, ids)} AND ${promisesToPay.status} = 'open'`)
        .returning({ id: promisesToPay.id });
      return r.length;
    };
    out.queued = inserted.length;
    out.promisesKept = await close(kept, 'kept');
    out.promisesBroken = await close(broken, 'broken');
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'worklist',
        targetId: asOf,
        before: null,
        after: {
          asOf,
          queued: out.queued,
          skipped: out.skipped,
          refused: out.refused.length,
          promisesKept: out.promisesKept,
          promisesBroken: out.promisesBroken,
          accountManagersTold: out.accountManagers.told,
          drafts: {
            template: out.drafts.template,
            model: out.drafts.model,
            modelRefused: out.drafts.modelRefused.length,
          },
        },
        decision: gate.value.decision,
      }),
    );
    return ok(out);
  });
  return written;
}

export const collectionsSendReminders = defineTool({
  name: 'collections_send_reminders',
  description:
    "Queues the reminders the dunning policies call for on a date: per open invoice the furthest step of its client's sequence due " +
    "(courtesy before the due date, reminders, escalations, calls, the final notice), drafted from the step's " +
    "template in the client's language (with a model configured, the model's draft, the template when it fails) " +
    'and checked (number, exact ledger amount, due date, how to pay with the bank account, no threats). Never for a ' +
    'disputed or paused invoice or a live promise; a broken promise moves the sequence on. Each invoice and step is queued once, ever.',
  input: z.object({ asOf: dateField().describe('The day the reminders are for') }),
  output: z.object({
    asOf: z.string(),
    queued: z.number().int(),
    skipped: z.record(z.string(), z.number().int()),
    refused: z
      .array(z.object({ invoice: z.string(), step: z.string(), problems: z.array(z.string()) }))
      .describe('Drafts the check refused'),
    promisesKept: z.number().int(),
    promisesBroken: z.number().int(),
    lateFees: z
      .array(z.object({ invoiceId: z.string(), invoice: z.string(), step: z.enum(DUNNING_STEPS) }))
      .describe(
        'Invoices whose final notice carries a late fee not yet billed or refused: ask for it (invoices_apply_late_fee)',
      ),
    accountManagers: z
      .object({ told: z.number().int(), unknown: z.array(z.string()) })
      .describe(
        'Account managers told in Slack or Teams (they are e-mailed too), and clients whose account manager is not a user',
      ),
    drafts: z
      .object({
        template: z.number().int(),
        model: z.number().int(),
        modelRefused: z.array(z.object({ invoice: z.string(), step: z.string(), reason: z.string() })),
      })
      .describe(
        'Drafts by who wrote them (with a model configured); each model draft refused by the check, timed out ' +
          'or failed, and why',
      ),
  }),
  risk: 'write',
  policyAction: 'collections.send_reminders',
  // Reads and drafting outside any transaction; one short one queues and audits.
  transaction: 'own',
  handler: (ctx, input) => sendReminders(ctx, input),
});

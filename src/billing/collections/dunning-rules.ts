/**
 * What makes a reminder sequence usable: the checks `dunning_policy_set` runs before it stores one,
 * each failure a code and a sentence that names the step.
 */
import { kindOf, type PolicyStep, type StepKind } from './dunning.ts';
import { isTemplateKey } from './reminder-templates.ts';

/** The most steps a sequence may have: enough for a courtesy note, weekly reminders, calls and a final notice. */
export const MAX_POLICY_STEPS = 12;

export type PolicyProblemCode =
  | 'policy_empty'
  | 'policy_too_long'
  | 'policy_nothing_after_due'
  | 'step_days_not_rising'
  | 'step_kind_name_mismatch'
  | 'step_channel_mismatch'
  | 'step_before_due_not_courtesy'
  | 'step_template_unknown'
  | 'step_template_timing'
  | 'final_notice_twice'
  | 'final_step_twice'
  | 'reminder_after_final_notice'
  | 'late_fee_not_on_final_notice';

export interface PolicyProblem {
  code: PolicyProblemCode;
  message: string;
}

/** The names a step of each kind may have. */
const NAMES: Record<StepKind, readonly string[]> = {
  reminder: ['courtesy', 'friendly', 'firm', 'final'],
  final_notice: ['final'],
  escalate: ['escalate'],
  call: ['call'],
};

const KIND_WORDS: Record<StepKind, string> = {
  reminder: 'a reminder',
  final_notice: 'the final notice',
  escalate: 'an escalation to the account manager',
  call: 'a call task',
};

/** "step 2 (+7 friendly)": how a problem names a step (1-based, in the order given). */
export const stepLabel = (s: PolicyStep, n: number): string =>
  `step ${n + 1} (${s.days >= 0 ? '+' : ''}${s.days} ${s.step})`;

/**
 * Why a sequence is not usable, or null. Any number of steps up to MAX_POLICY_STEPS, days strictly
 * rising (negative: before the due date); a step's kind matches its name (a reminder is courtesy,
 * friendly, firm or final; the final notice is final; escalate and call are themselves); a call is a
 * task for the collector, an escalation a task or an account-manager notification; before the due date
 * only courtesy reminders, and the courtesy template only up to the due date; at most one final notice
 * and one step named final (a late fee is asked for by that name), no reminder to the client after the
 * final notice (escalations and calls may follow it); a late fee only on the final notice; at least one
 * step on or after the due date.
 * @example policyProblem([]) // { code: 'policy_empty', message: 'A sequence has at least one step.' }
 */
export function policyProblem(steps: readonly PolicyStep[]): PolicyProblem | null {
  if (steps.length === 0) return problem('policy_empty', 'A sequence has at least one step.');
  if (steps.length > MAX_POLICY_STEPS)
    return problem(
      'policy_too_long',
      `A sequence has at most ${MAX_POLICY_STEPS} steps; this one has ${steps.length}: merge or drop some.`,
    );
  let finalNotice: number | null = null;
  for (const [n, s] of steps.entries()) {
    const label = stepLabel(s, n);
    const prev = n > 0 ? steps[n - 1]! : null;
    if (prev && s.days <= prev.days)
      return problem(
        'step_days_not_rising',
        `${cap(label)} must come later than ${stepLabel(prev, n - 1)}: days rise strictly, step by step.`,
      );
    const kind = kindOf(s);
    if (s.finalNotice && kind !== 'final_notice')
      return problem('step_kind_name_mismatch', `${cap(label)} is marked finalNotice but its kind is ${kind}.`);
    if (!NAMES[kind].includes(s.step))
      return problem(
        'step_kind_name_mismatch',
        `${cap(label)} is ${KIND_WORDS[kind]}, so it is named ${NAMES[kind].join(' or ')}, not ${s.step}.`,
      );
    if (kind === 'call' && s.channel !== 'task')
      return problem('step_channel_mismatch', `${cap(label)} is a call task: its channel is task, not ${s.channel}.`);
    if (kind === 'escalate' && s.channel === 'email')
      return problem(
        'step_channel_mismatch',
        `${cap(label)} escalates inside the firm: its channel is task or account_manager, not email to the client.`,
      );
    const template = s.template ?? s.step;
    if (!isTemplateKey(template))
      return problem(
        'step_template_unknown',
        `${cap(label)} names the template ${template}, which does not exist (courtesy, friendly, firm, final, escalate, call).`,
      );
    if (s.days < 0 && (kind !== 'reminder' || template !== 'courtesy'))
      return problem(
        'step_before_due_not_courtesy',
        `${cap(label)} comes before the due date: only a reminder with the courtesy template ("falls due on") may.`,
      );
    if (s.days > 0 && template === 'courtesy')
      return problem(
        'step_template_timing',
        `${cap(label)} comes after the due date, and the courtesy template says the invoice falls due: pick another.`,
      );
    if (kind === 'final_notice') {
      if (finalNotice !== null)
        return problem(
          'final_notice_twice',
          `${cap(label)} is a second final notice: a sequence has at most one (${stepLabel(steps[finalNotice]!, finalNotice)}).`,
        );
      finalNotice = n;
    } else if (finalNotice !== null && kind === 'reminder')
      return problem(
        'reminder_after_final_notice',
        `${cap(label)} reminds the client after the final notice (${stepLabel(steps[finalNotice]!, finalNotice)}): only escalations and calls may follow it.`,
      );
    if (s.step === 'final' && steps.findIndex((x) => x.step === 'final') !== n)
      return problem(
        'final_step_twice',
        `${cap(label)} is a second step named final: one step of a sequence is the final one.`,
      );
    if (s.lateFee && kind !== 'final_notice')
      return problem(
        'late_fee_not_on_final_notice',
        `${cap(label)} carries a late fee: only the final notice may (kind final_notice).`,
      );
  }
  if (steps.at(-1)!.days < 0)
    return problem(
      'policy_nothing_after_due',
      'A sequence has at least one step on or after the due date: courtesy notes alone chase nothing.',
    );
  return null;
}

const problem = (code: PolicyProblemCode, message: string): PolicyProblem => ({ code, message });
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

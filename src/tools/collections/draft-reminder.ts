import {
  checkReminder,
  finishDraft,
  ledgerAmount,
  type ReminderAllowance,
  type ReminderDraft,
  type ReminderFields,
  renderReminder,
  type TemplateKey,
} from '../../billing/collections/reminder-templates.ts';
import { maskRefusal } from '../../billing/collections/model-refusal.ts';
import { ReminderWriteFailure, type ReminderWriter } from './reminder-writer-port.ts';

/** The tones a model may write; the firm's own tasks (call, escalate) stay templates. */
const MODEL_TONES: readonly TemplateKey[] = ['courtesy', 'friendly', 'firm', 'final'];
/** After this many failed calls in a row (timeouts, errors) a run stops asking and sends templates. */
const FAILURES_BEFORE_GIVING_UP = 3;

/** A draft to queue (or to refuse, when `problems` is not empty), who wrote it and why a model's was not used. */
export interface DraftOutcome {
  draft: ReminderDraft;
  problems: string[];
  /** 'template', or 'model:<name>'. */
  draftedBy: string;
  modelRefusal: string | null;
}

/**
 * Drafts reminders for one run: the template, or with a writer (a model) the writer's draft for the
 * situation, finished by the program (late-fee term, bank details) and checked by checkReminder like
 * the template. A draft the check refuses, a timeout or an error sends the template instead, and the
 * outcome says why. The model sees the step, the language and the ledger facts only (no bank account,
 * no e-mail address). After three failed calls in a row the run stops asking.
 */
export function reminderDrafter(writer: ReminderWriter | null) {
  let failuresInRow = 0;
  return async function draft(input: {
    step: string;
    template: TemplateKey;
    language: string;
    /** Only a client's e-mail reminder may be the model's. */
    toClient: boolean;
    fields: ReminderFields;
    allow: ReminderAllowance;
  }): Promise<DraftOutcome> {
    const { fields: f, allow } = input;
    const template = renderReminder(input.template, input.language, f, allow);
    const fromTemplate = (modelRefusal: string | null): DraftOutcome => ({
      draft: template,
      problems: checkReminder(template, f, allow),
      draftedBy: 'template',
      modelRefusal,
    });
    if (!writer || !input.toClient || !MODEL_TONES.includes(input.template)) return fromTemplate(null);
    if (failuresInRow >= FAILURES_BEFORE_GIVING_UP)
      return fromTemplate(`not asked: the model failed ${FAILURES_BEFORE_GIVING_UP} times in a row in this run`);
    let written: { subject: string; body: string };
    try {
      written = await writer.write({
        step: input.step,
        tone: input.template,
        language: template.language,
        facts: {
          invoice: f.number,
          clientName: f.clientName,
          amount: ledgerAmount(f.amount),
          dueDate: f.dueDate,
          daysPastDue: f.daysPastDue,
          payee: f.payee,
        },
      });
      failuresInRow = 0;
    } catch (e) {
      failuresInRow += 1;
      return fromTemplate(e instanceof ReminderWriteFailure ? maskRefusal(e.message) : 'the model call failed');
    }
    const modelDraft = finishDraft({ language: template.language, ...written }, f, allow);
    const problems = checkReminder(modelDraft, f, allow);
    // The check quotes what it found; an address, link or IBAN there is the model's text: masked before it is kept.
    if (problems.length) return fromTemplate(maskRefusal(`the check refused it: ${problems.join('; ')}`));
    return { draft: modelDraft, problems: [], draftedBy: `model:${writer.model}`, modelRefusal: null };
  };
}

import type { ReminderLanguage, TemplateKey } from '../../billing/collections/reminder-templates.ts';

/**
 * What a model is told to write a reminder from: the step, the language and the ledger's facts, nothing
 * else (no bank account, no e-mail address, no contact's name; the writer redacts what it sends again).
 */
export interface ReminderDraftRequest {
  /** The step's key, e.g. friendly@7. */
  step: string;
  /** The tone: the template the step would use (courtesy, friendly, firm, final). */
  tone: TemplateKey;
  language: ReminderLanguage;
  facts: {
    invoice: string;
    clientName: string;
    /** The open amount as the ledger has it ("1250.00 EUR"): the only figure a draft may quote. */
    amount: string;
    dueDate: string;
    daysPastDue: number;
    payee: string;
  };
}

/** A model's draft before the deterministic additions (bank details, the late-fee term) and the check. */
export interface WrittenReminder {
  subject: string;
  body: string;
}

/**
 * Writes a reminder for its situation (src/agent/reminders, given by the composition root as
 * ToolDeps.reminderWriter: the catalogue cannot import the agent). It may throw or time out: the
 * dunning run then sends the template, as it does when the draft fails checkReminder.
 */
export interface ReminderWriter {
  /** The model's name, recorded on each reminder it wrote. */
  model: string;
  write(request: ReminderDraftRequest): Promise<WrittenReminder>;
}

/** A writer's failure with a reason fit to store on the reminder (a timeout, an HTTP status, a malformed answer). */
export class ReminderWriteFailure extends Error {
  override name = 'ReminderWriteFailure';
}

import { ALL_TOOLS } from '../../tools/registry.ts';
import { callTool } from '../../tools/call-tool.ts';
import { callerOf, callForAgent, type AgentSession } from '../session.ts';
import { dateIn, numberIn } from '../language/format.ts';
import { CAN_DO_EN } from '../language/messages-help.ts';
import { say, type MessageKey } from '../language/say.ts';
import { failureWords, langOf, type Money, money } from './answer-words.ts';
import { paymentSuggestions } from './answer-payments.ts';
import { applyPayment, paymentsList } from './answer-cash.ts';
import { requestStatus } from './answer-status.ts';

export { failureWords } from './answer-words.ts';
import { matchClient, type ClientEntry, type ClientMatch } from './clients.ts';
import type { Intent } from './intents.ts';
import {
  type Detail,
  explainLine,
  overdue,
  type Page,
  show,
  showInvoice,
  type Summary,
  whyHeld,
} from './answer-invoices.ts';
import { reviewerWords, type ReviewerAnswer } from './answer-tool-words.ts';

/** What the router can do, in English (the German and French lists are in language/messages-help.ts). */
export const CAN_DO = CAN_DO_EN;

async function myApprovals(s: AgentSession): Promise<string> {
  const lang = langOf(s);
  const r = await callForAgent(s, 'approvals_inbox', { limit: 20 });
  if (!r.value) return failureWords(r, lang);
  const p = r.value as Page<{
    kind: string;
    reference?: string;
    actionType?: string;
    targetId?: string;
    requestId?: string;
    total?: Money;
    reason: string;
    canDecide: boolean;
    blocked: { message: string } | null;
  }>;
  if (p.items.length === 0) return say(lang, 'approvals.none');
  return [
    say(lang, 'approvals.head', { n: p.page.total }),
    ...p.items.map((i) => {
      const what =
        i.kind === 'invoice_approval'
          ? say(lang, 'approvals.invoice', { ref: i.reference, total: money(i.total!, lang) })
          : say(lang, 'approvals.request', { action: i.actionType, id: i.requestId });
      const notYours = say(lang, 'approvals.notYours', { why: i.blocked?.message ?? 'blocked' });
      return `- ${what}: ${i.reason}${i.canDecide ? '' : notYours}`;
    }),
  ].join('\n');
}

async function reminder(s: AgentSession, client: string): Promise<string> {
  const lang = langOf(s);
  const r = await callForAgent(s, 'invoices_list', { overdue: 'true', client, limit: 20 });
  if (!r.value) return failureWords(r, lang);
  const items = (r.value as Page<Summary>).items;
  const oldest = items[0];
  if (!oldest) return say(lang, 'reminder.none', { client });
  const others = items
    .slice(1)
    .map((i) =>
      say(lang, 'reminder.other', { ref: i.reference, open: money(i.open!, lang), due: dateIn(i.dueDate, lang) }),
    );
  return say(lang, 'reminder.draft', {
    name: oldest.client.name,
    client,
    ref: oldest.reference,
    due: dateIn(oldest.dueDate, lang),
    open: money(oldest.open!, lang),
    total: money(oldest.total, lang),
    days: oldest.daysOverdue,
    others: others.join('; '),
  });
}

async function exceptionsPastSla(s: AgentSession): Promise<string> {
  const lang = langOf(s);
  const r = await callForAgent(s, 'exceptions_list', { limit: 200 });
  if (!r.value) return failureWords(r, lang);
  const late = (
    r.value as Page<{
      id: string;
      type: string;
      status: string;
      message: string;
      client: string | null;
      ownerRole: string;
      assignedTo: string | null;
      slaDueAt: string;
      pastSla: boolean;
    }>
  ).items.filter((e) => e.pastSla);
  if (late.length === 0) return say(lang, 'sla.none');
  return [
    say(lang, 'sla.head', { n: late.length }),
    ...late.slice(0, 20).map((e) =>
      say(lang, 'sla.line', {
        id: e.id.slice(0, 8),
        type: e.type,
        client: e.client,
        status: e.status,
        owner: e.ownerRole,
        assigned: e.assignedTo !== null,
        due: dateIn(e.slaDueAt, lang),
        message: e.message,
      }),
    ),
  ].join('\n');
}

type Metrics = {
  currency: string;
  openInvoices: number;
  open: Money;
  overdue: Money;
  dso: number | null;
  cei: number | null;
};

async function dso(s: AgentSession, asOf: string, withExceptions: boolean): Promise<string> {
  const lang = langOf(s);
  const r = await callForAgent(s, 'receivables_report', { asOf, weeks: 1 });
  if (!r.value) return failureWords(r, lang);
  const rep = r.value as { periodStart: string; periodDays: number; overall: Metrics[] };
  const on = dateIn(asOf, lang);
  const head =
    rep.overall.length === 0
      ? [say(lang, 'dso.none', { asOf: on })]
      : [
          say(lang, 'dso.head', { asOf: on, days: rep.periodDays, start: dateIn(rep.periodStart, lang) }),
          ...rep.overall.map((m) =>
            say(lang, 'dso.line', {
              currency: m.currency,
              dso: m.dso === null ? null : numberIn(m.dso, lang),
              open: money(m.open, lang),
              n: m.openInvoices,
              overdue: money(m.overdue, lang),
              cei: m.cei === null ? null : numberIn(m.cei, lang),
            }),
          ),
        ];
  return withExceptions ? [...head, '', await exceptionsPastSla(s)].join('\n') : head.join('\n');
}

async function reviewer(s: AgentSession, ref: string): Promise<string> {
  const r = await callForAgent(s, 'invoices_recommend_reviewer', { ref });
  if (!r.value) return failureWords(r, langOf(s));
  return reviewerWords(r.value as ReviewerAnswer, langOf(s));
}

async function summarise(s: AgentSession, document: string | null): Promise<string> {
  const lang = langOf(s);
  if (!document) return say(lang, 'summarise.which');
  const r = await callForAgent(s, 'documents_summarise', { document });
  if (!r.value) return failureWords(r, lang);
  const d = r.value as { summary: string; quotes: { field: string; quote: string; page: number | null }[] };
  return [
    d.summary,
    ...(d.quotes.length ? ['', say(lang, 'summarise.from')] : []),
    ...d.quotes
      .slice(0, 4)
      .map((q) => `- ${q.field}: "${q.quote}"${q.page === null ? '' : say(lang, 'summarise.page', { page: q.page })}`),
  ].join('\n');
}

async function billingRun(s: AgentSession, period: string): Promise<string> {
  const lang = langOf(s);
  const entry = ALL_TOOLS.find((t) => t.policyAction === 'billing_run.start');
  if (!entry) return say(lang, 'run.notInCatalogue', { period });
  const r = await callForAgent(s, entry.name, { period });
  if (!r.value) return failureWords(r, lang);
  const v = r.value as {
    run?: { id: string; status: string };
    summary?: { contracts: number; invoicesWritten: number; exceptions: number; conflicts: number };
  };
  const sum = v.summary;
  return (
    say(lang, 'run.head', { period, run: v.run?.id, status: v.run?.status }) +
    (sum
      ? say(lang, 'run.summary', {
          contracts: sum.contracts,
          written: sum.invoicesWritten,
          exceptions: sum.exceptions,
          conflicts: sum.conflicts,
        })
      : '.')
  );
}

async function voidInvoice(s: AgentSession, ref: string, reason: string): Promise<string> {
  const { detail: d, failure } = await show(s, ref);
  if (!d) return failure!;
  const r = await callForAgent(s, 'invoices_void', { invoiceId: d.id, reason });
  const lang = langOf(s);
  return r.value ? say(lang, 'void.done', { ref: d.reference, reason }) : `${d.reference}: ${failureWords(r, lang)}`;
}

/**
 * The clients the person may see, for matching names in a message: clients_list under the person's scope (every
 * role may read it). A look-up, not an answer, so it is not one of the turn's calls; null when it cannot be read.
 */
async function clientDirectory(s: AgentSession): Promise<ClientEntry[] | null> {
  const out: ClientEntry[] = [];
  for (let offset = 0; offset < 2000; offset += 200) {
    const r = await callTool(callerOf(s), 'clients_list', { limit: 200, offset });
    if (!r.ok) return null;
    const p = r.value as Page<ClientEntry>;
    out.push(...p.items.map((c) => ({ code: c.code, name: c.name })));
    if (out.length >= p.page.total || p.items.length === 0) break;
  }
  return out;
}

/**
 * The client an intent means, or the question to ask. Without a directory the said word goes through as a code
 * (the list tool answers for it), as before names could be matched.
 */
async function clientOf(
  s: AgentSession,
  said: string | null,
  mentions: string[],
): Promise<{ code: string | null } | { ask: string; unknown: boolean }> {
  if (!said && mentions.length === 0) return { code: null };
  const directory = await clientDirectory(s);
  if (!directory) return { code: said };
  const m: ClientMatch = matchClient(said, mentions, directory);
  switch (m.kind) {
    case 'one':
      return { code: m.code };
    case 'none':
      return { code: null };
    case 'several':
      return { ask: say(langOf(s), 'client.several', { said: m.said, codes: m.codes.join(', ') }), unknown: false };
    case 'unknown':
      return { ask: say(langOf(s), 'client.unknown', { said: m.said, near: m.near.join(', ') }), unknown: true };
  }
}

/** The built-in router's answer to one intent, acting only through the session's catalogue calls. */
export async function answerIntent(s: AgentSession, intent: Intent): Promise<{ reply: string; refused: boolean }> {
  const lang = langOf(s);
  switch (intent.kind) {
    case 'overdue': {
      const c = await clientOf(s, intent.client, intent.mentions);
      return { reply: 'ask' in c ? c.ask : await overdue(s, c.code), refused: false };
    }
    case 'why_held':
      return { reply: await whyHeld(s, intent.ref), refused: false };
    case 'explain_line':
      return { reply: await explainLine(s, intent.ref, intent.lineNo), refused: false };
    case 'show_invoice':
      return { reply: await showInvoice(s, intent.ref), refused: false };
    case 'my_approvals':
      return { reply: await myApprovals(s), refused: false };
    case 'reminder': {
      const c = await clientOf(s, intent.client, intent.mentions);
      if ('ask' in c) return { reply: c.ask, refused: false };
      if (!c.code && intent.ref) {
        // The reminder of an invoice's client: which client is a look-up, not one of the turn's calls.
        const r = await callTool(callerOf(s), 'invoices_show', { ref: intent.ref });
        if (r.ok) return { reply: await reminder(s, (r.value as Detail).client.code), refused: false };
      }
      if (!c.code) return { reply: say(lang, 'ask.reminderClient'), refused: false };
      return { reply: await reminder(s, c.code), refused: false };
    }
    case 'exceptions_past_sla':
      return { reply: await exceptionsPastSla(s), refused: false };
    case 'dso':
      return { reply: await dso(s, intent.asOf, intent.withExceptions), refused: false };
    case 'reviewer':
      return { reply: await reviewer(s, intent.ref), refused: false };
    case 'summarise': {
      // A document id goes as it is; a client word is matched against the clients, and passed on if it names none.
      if (intent.document && /^[0-9a-f]{8}-/.test(intent.document))
        return { reply: await summarise(s, intent.document), refused: false };
      const c = await clientOf(s, intent.document, intent.document ? [] : intent.mentions);
      if ('ask' in c && !c.unknown) return { reply: c.ask, refused: false };
      return { reply: await summarise(s, 'ask' in c ? intent.document : c.code), refused: false };
    }
    case 'clarify':
      // The question in the asker's language when it has a key; the English words otherwise.
      return {
        reply: intent.key ? say(lang, intent.key as MessageKey, intent.params) : intent.question,
        refused: false,
      };
    case 'billing_run':
      return { reply: await billingRun(s, intent.period), refused: false };
    case 'void_invoice':
      return { reply: await voidInvoice(s, intent.ref, intent.reason), refused: false };
    case 'payment_suggestions':
      return { reply: await paymentSuggestions(s, intent.paymentId), refused: false };
    case 'payments': {
      const c = intent.client ? await clientOf(s, intent.client, []) : { code: null };
      return { reply: 'ask' in c ? c.ask : await paymentsList(s, c.code, intent.unapplied), refused: false };
    }
    case 'apply_payment':
      return intent.ref
        ? applyPayment(s, intent.paymentId, intent.ref, intent.amount)
        : { reply: say(lang, 'payment.whichInvoice'), refused: false };
    case 'status':
      return { reply: await requestStatus(s, intent.requestIds, intent.ref), refused: false };
    case 'decision':
      s.calls.push({
        tool: '(decision)',
        args: { asked: intent.what, ref: intent.ref },
        outcome: 'refused',
        code: 'AGENT_CANNOT_DECIDE',
        message: `asked to ${intent.what}`,
      });
      return { reply: say(lang, 'decision.refused', { what: intent.what }), refused: true };
    case 'needs_model':
      return {
        reply:
          intent.what === 'who should review' || intent.what === 'recommend'
            ? `${say(lang, 'model.whoShould')} ${say(lang, 'cannot')}`
            : `${say(lang, 'model.cannot', { what: intent.what })} ${say(lang, 'cannot')}`,
        refused: false,
      };
    case 'help':
      return { reply: [say(lang, 'help.head'), say(lang, 'canDo'), say(lang, 'cannot')].join('\n'), refused: false };
    case 'unknown':
      return {
        reply: [say(lang, 'unknown.head'), say(lang, 'canDo'), say(lang, 'cannot')].join('\n'),
        refused: false,
      };
  }
}

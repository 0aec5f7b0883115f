import { ALL_TOOLS } from '../../tools/registry.ts';
import { callTool } from '../../tools/call-tool.ts';
import { callerOf, callForAgent, type AgentSession } from '../session.ts';
import { failureWords, type Money, money } from './answer-words.ts';
import { paymentSuggestions } from './answer-payments.ts';
import { applyPayment, paymentsList } from './answer-cash.ts';
import { requestStatus } from './answer-status.ts';

export { failureWords } from './answer-words.ts';
import { matchClient, type ClientEntry, type ClientMatch } from './clients.ts';
import { WHICH_CLIENT_FOR_REMINDER, type Intent } from './intents.ts';

type Summary = {
  id: string;
  reference: string;
  status: string;
  held: boolean;
  client: { code: string; name: string };
  total: Money;
  dueDate: string | null;
  open?: Money;
  daysOverdue?: number;
  heldAmount: Money;
};
type Page<T> = { items: T[]; page: { total: number } };
type Detail = Summary & {
  lines: { lineNo: number; description: string; held: boolean; amount: Money }[];
  exceptions: { id: string; type: string; status: string; message: string }[];
  currency: string;
};

export const CAN_DO = [
  'overdue invoices for a client ("what is overdue for ACME?")',
  'why an invoice is held ("why is DRAFT-1A2B3C4D held?")',
  'explain an invoice line ("explain line 2 of NWUS-2026-0001")',
  'what waits for my approval',
  "draft a payment reminder for a client's oldest overdue invoice (a draft; nothing is sent)",
  'exceptions past their SLA',
  'DSO and receivables as of today, with the exceptions past SLA ("this month\'s DSO and exceptions past SLA")',
  'who should review an unusual invoice ("who should review DRAFT-1A2B3C4D?"), from who approved similar ones',
  'summarise a processed document ("summarise the ACME statement of work", or by its id)',
  'run billing for a period ("run billing for 2026-10"), where your role may start a billing run',
  'void an invoice with a reason (it goes through policy and may need approval)',
  'which invoices a payment\'s unapplied cash could pay ("what could payment <id> pay?"); a person applies it',
  'payments received, or those with unapplied cash ("any unapplied payments?")',
  'what became of a request that waited for approval ("is it done?")',
];

const CANNOT =
  'Without a language model configured (LLM_MODEL) I answer only these requests; free-form questions, comparisons, ' +
  'forecasts in words and commentary need one.';

async function overdue(s: AgentSession, client: string | null): Promise<string> {
  const r = await callForAgent(s, 'invoices_list', { overdue: 'true', ...(client ? { client } : {}), limit: 20 });
  if (!r.value) return failureWords(r);
  const p = r.value as Page<Summary>;
  const whose = client ? ` for ${client}` : '';
  if (p.items.length === 0) return `Nothing is overdue${whose}.`;
  const lines = p.items.map(
    (i) =>
      `- ${i.reference} (${i.client.code}): ${money(i.open!)} open of ${money(i.total)}, due ${i.dueDate}, ${i.daysOverdue} days overdue`,
  );
  return [
    `${p.page.total} overdue invoice${p.page.total === 1 ? '' : 's'}${whose}, oldest due first:`,
    ...lines,
    ...(p.page.total > p.items.length ? [`(showing ${p.items.length})`] : []),
  ].join('\n');
}

async function show(s: AgentSession, ref: string): Promise<{ detail?: Detail; failure?: string }> {
  const r = await callForAgent(s, 'invoices_show', { ref });
  return r.value ? { detail: r.value as Detail } : { failure: failureWords(r) };
}

async function whyHeld(s: AgentSession, ref: string): Promise<string> {
  const { detail: d, failure } = await show(s, ref);
  if (!d) return failure!;
  const open = d.exceptions.filter((e) => e.status !== 'resolved');
  if (!d.held && open.length === 0) return `${d.reference} is not held: it is ${d.status}, total ${money(d.total)}.`;
  const heldLines = d.lines.filter((l) => l.held).map((l) => `line ${l.lineNo} (${l.description}, ${money(l.amount)})`);
  return [
    `${d.reference} (${d.client.code}, ${d.status}) ${d.held ? `is held: ${money(d.heldAmount)} held` : 'has open exceptions'}${heldLines.length ? ` on ${heldLines.join(', ')}` : ''}.`,
    ...open.map((e) => `- exception ${e.id.slice(0, 8)} ${e.type} (${e.status}): ${e.message}`),
  ].join('\n');
}

async function explainLine(s: AgentSession, ref: string, lineNo: number): Promise<string> {
  const r = await callForAgent(s, 'invoices_explain_line', { ref, lineNo });
  return r.value ? (r.value as { explanation: string }).explanation : failureWords(r);
}

async function showInvoice(s: AgentSession, ref: string): Promise<string> {
  const { detail: d, failure } = await show(s, ref);
  if (!d) return failure!;
  return (
    `${d.reference}: ${d.client.name} (${d.client.code}), ${d.status}${d.held ? ', held' : ''}, total ${money(d.total)}${d.dueDate ? `, due ${d.dueDate}` : ''}; ` +
    `${d.lines.length} line${d.lines.length === 1 ? '' : 's'}. Ask "explain line N of ${d.reference}" for any line.`
  );
}

async function myApprovals(s: AgentSession): Promise<string> {
  const r = await callForAgent(s, 'approvals_inbox', { limit: 20 });
  if (!r.value) return failureWords(r);
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
  if (p.items.length === 0) return 'Nothing waits for your approval.';
  return [
    `${p.page.total} item${p.page.total === 1 ? '' : 's'} wait for your approval (you decide them yourself; I never approve):`,
    ...p.items.map((i) => {
      const what =
        i.kind === 'invoice_approval'
          ? `invoice ${i.reference} (${money(i.total!)})`
          : `${i.actionType} request ${i.requestId}`;
      return `- ${what}: ${i.reason}${i.canDecide ? '' : ` — not yours to decide now: ${i.blocked?.message ?? 'blocked'}`}`;
    }),
  ].join('\n');
}

async function reminder(s: AgentSession, client: string): Promise<string> {
  const r = await callForAgent(s, 'invoices_list', { overdue: 'true', client, limit: 20 });
  if (!r.value) return failureWords(r);
  const items = (r.value as Page<Summary>).items;
  const oldest = items[0];
  if (!oldest) return `${client} has no overdue invoice, so there is nothing to remind them of.`;
  const others = items.slice(1).map((i) => `${i.reference} (${money(i.open!)}, due ${i.dueDate})`);
  return [
    `Draft reminder for ${oldest.client.name} (${client}), about its oldest overdue invoice ${oldest.reference}. Nothing was sent.`,
    '',
    `Subject: Payment reminder: invoice ${oldest.reference}`,
    '',
    `Dear ${oldest.client.name} accounts payable team,`,
    '',
    `Our records show that invoice ${oldest.reference}, due on ${oldest.dueDate}, has ${money(oldest.open!)} open of ${money(oldest.total)}, now ${oldest.daysOverdue} days past due.` +
      (others.length ? ` Also open and past due: ${others.join('; ')}.` : ''),
    'Could you let us know when we may expect payment, or tell us if anything on the invoice needs our attention?',
    '',
    'Kind regards,',
  ].join('\n');
}

async function exceptionsPastSla(s: AgentSession): Promise<string> {
  const r = await callForAgent(s, 'exceptions_list', { limit: 200 });
  if (!r.value) return failureWords(r);
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
  if (late.length === 0) return 'No open exception is past its SLA.';
  return [
    `${late.length} exception${late.length === 1 ? ' is' : 's are'} past SLA:`,
    ...late
      .slice(0, 20)
      .map(
        (e) =>
          `- ${e.id.slice(0, 8)} ${e.type} (${e.client ?? 'no client'}, ${e.status}, owner ${e.ownerRole}${e.assignedTo ? `, assigned` : ''}): SLA ${e.slaDueAt.slice(0, 10)} — ${e.message}`,
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
  const r = await callForAgent(s, 'receivables_report', { asOf, weeks: 1 });
  if (!r.value) return failureWords(r);
  const rep = r.value as { periodStart: string; periodDays: number; overall: Metrics[] };
  const head =
    rep.overall.length === 0
      ? [`No open receivables as of ${asOf}.`]
      : [
          `Receivables as of ${asOf} (DSO over the ${rep.periodDays} days of invoicing from ${rep.periodStart}):`,
          ...rep.overall.map(
            (m) =>
              `- ${m.currency}: DSO ${m.dso === null ? 'n/a (nothing invoiced in the period)' : `${m.dso} days`}, ` +
              `${money(m.open)} open on ${m.openInvoices} invoice${m.openInvoices === 1 ? '' : 's'}, ${money(m.overdue)} overdue` +
              `${m.cei === null ? '' : `, CEI ${m.cei}%`}`,
          ),
        ];
  return withExceptions ? [...head, '', await exceptionsPastSla(s)].join('\n') : head.join('\n');
}

async function reviewer(s: AgentSession, ref: string): Promise<string> {
  const r = await callForAgent(s, 'invoices_recommend_reviewer', { ref });
  return r.value ? (r.value as { summary: string }).summary : failureWords(r);
}

async function summarise(s: AgentSession, document: string | null): Promise<string> {
  if (!document)
    return 'Which document? Give its id or a client code ("summarise the ACME statement of work"); summarising any other text needs a model.';
  const r = await callForAgent(s, 'documents_summarise', { document });
  if (!r.value) return failureWords(r);
  const d = r.value as { summary: string; quotes: { field: string; quote: string; page: number | null }[] };
  return [
    d.summary,
    ...(d.quotes.length ? ['', 'From the document:'] : []),
    ...d.quotes.slice(0, 4).map((q) => `- ${q.field}: "${q.quote}"${q.page === null ? '' : ` (p. ${q.page})`}`),
  ].join('\n');
}

async function billingRun(s: AgentSession, period: string): Promise<string> {
  const entry = ALL_TOOLS.find((t) => t.policyAction === 'billing_run.start');
  if (!entry)
    return `Starting a billing run is not in the catalogue of this installation, so I cannot run billing for ${period}; use \`billing-copilot billing-run\`.`;
  const r = await callForAgent(s, entry.name, { period });
  if (!r.value) return failureWords(r);
  const v = r.value as {
    run?: { id: string; status: string };
    summary?: { contracts: number; invoicesWritten: number; exceptions: number; conflicts: number };
  };
  const sum = v.summary;
  return (
    `Billing run for ${period}${v.run ? ` (run ${v.run.id}, ${v.run.status})` : ' started'}` +
    (sum
      ? `: ${sum.contracts} contract${sum.contracts === 1 ? '' : 's'}, ${sum.invoicesWritten} draft${sum.invoicesWritten === 1 ? '' : 's'} written, ${sum.exceptions} exception${sum.exceptions === 1 ? '' : 's'}${sum.conflicts ? `, ${sum.conflicts} conflicts` : ''}. The drafts wait for review; you prepared them, so someone else approves.`
      : '.')
  );
}

async function voidInvoice(s: AgentSession, ref: string, reason: string): Promise<string> {
  const { detail: d, failure } = await show(s, ref);
  if (!d) return failure!;
  const r = await callForAgent(s, 'invoices_void', { invoiceId: d.id, reason });
  return r.value ? `${d.reference} is void (reason: ${reason}).` : `${d.reference}: ${failureWords(r)}`;
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
      return {
        ask: `"${m.said}" could be more than one client: ${m.codes.join(', ')}. Which one? (give the code)`,
        unknown: false,
      };
    case 'unknown':
      return {
        ask:
          `I know no client "${m.said}" that you may see.` +
          (m.near.length ? ` Did you mean ${m.near.join(', ')}?` : ' Give the client code ("ACME") or its name.'),
        unknown: true,
      };
  }
}

/** The built-in router's answer to one intent, acting only through the session's catalogue calls. */
export async function answerIntent(s: AgentSession, intent: Intent): Promise<{ reply: string; refused: boolean }> {
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
      if (!c.code) return { reply: WHICH_CLIENT_FOR_REMINDER, refused: false };
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
      return { reply: intent.question, refused: false };
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
        : { reply: 'Which invoice should the payment go to? Give its number.', refused: false };
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
      return {
        reply: `I never ${intent.what}: approving, granting, rejecting, resolving and recording cash are decisions a person with the role takes, in the approvals inbox or with \`billing-copilot approvals\`. I can tell you what waits for your approval.`,
        refused: true,
      };
    case 'needs_model':
      return {
        reply:
          intent.what === 'who should review' || intent.what === 'recommend'
            ? `Name the invoice and I will say whether it is unusual and who approved similar ones ("who should review DRAFT-1A2B3C4D?"). ${CANNOT}`
            : `I cannot ${intent.what} without a model. ${CANNOT}`,
        refused: false,
      };
    case 'help':
      return {
        reply: ['I can answer, without a model:', ...CAN_DO.map((c) => `- ${c}`), CANNOT].join('\n'),
        refused: false,
      };
    case 'unknown':
      return {
        reply: ['I did not recognise that request. I can answer:', ...CAN_DO.map((c) => `- ${c}`), CANNOT].join('\n'),
        refused: false,
      };
  }
}

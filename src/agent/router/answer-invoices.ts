/** The router's answers that read one invoice or the overdue list: overdue, why held, a line, an invoice. */
import { callForAgent, type AgentSession } from '../session.ts';
import { dateIn } from '../language/format.ts';
import { say, statusIn } from '../language/say.ts';
import { failureWords, langOf, type Money, money } from './answer-words.ts';
import { lineWords, type LineExplanation } from './answer-tool-words.ts';

export type Summary = {
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
export type Page<T> = { items: T[]; page: { total: number } };
export type Detail = Summary & {
  lines: { lineNo: number; description: string; held: boolean; amount: Money }[];
  exceptions: { id: string; type: string; status: string; message: string }[];
  currency: string;
};

export async function overdue(s: AgentSession, client: string | null): Promise<string> {
  const lang = langOf(s);
  const r = await callForAgent(s, 'invoices_list', { overdue: 'true', ...(client ? { client } : {}), limit: 20 });
  if (!r.value) return failureWords(r, lang);
  const p = r.value as Page<Summary>;
  if (p.items.length === 0) return say(lang, 'overdue.none', { client });
  const lines = p.items.map((i) =>
    say(lang, 'overdue.line', {
      ref: i.reference,
      client: i.client.code,
      open: money(i.open!, lang),
      total: money(i.total, lang),
      due: dateIn(i.dueDate, lang),
      days: i.daysOverdue,
    }),
  );
  return [
    say(lang, 'overdue.head', { n: p.page.total, client }),
    ...lines,
    ...(p.page.total > p.items.length ? [say(lang, 'list.showing', { n: p.items.length })] : []),
  ].join('\n');
}

export async function show(s: AgentSession, ref: string): Promise<{ detail?: Detail; failure?: string }> {
  const r = await callForAgent(s, 'invoices_show', { ref });
  return r.value ? { detail: r.value as Detail } : { failure: failureWords(r, langOf(s)) };
}

export async function whyHeld(s: AgentSession, ref: string): Promise<string> {
  const { detail: d, failure } = await show(s, ref);
  if (!d) return failure!;
  const lang = langOf(s);
  const open = d.exceptions.filter((e) => e.status !== 'resolved');
  const status = statusIn(d.status, lang);
  if (!d.held && open.length === 0)
    return say(lang, 'held.not', { ref: d.reference, status, total: money(d.total, lang) });
  const heldLines = d.lines
    .filter((l) => l.held)
    .map((l) => say(lang, 'held.line', { no: l.lineNo, description: l.description, amount: money(l.amount, lang) }));
  return [
    say(lang, 'held.head', {
      ref: d.reference,
      client: d.client.code,
      status,
      held: d.held ? money(d.heldAmount, lang) : '',
      lines: heldLines.join(', '),
    }),
    ...open.map((e) =>
      say(lang, 'held.exception', { id: e.id.slice(0, 8), type: e.type, status: e.status, message: e.message }),
    ),
  ].join('\n');
}

export async function explainLine(s: AgentSession, ref: string, lineNo: number): Promise<string> {
  const r = await callForAgent(s, 'invoices_explain_line', { ref, lineNo });
  if (!r.value) return failureWords(r, langOf(s));
  return lineWords(r.value as LineExplanation, langOf(s));
}

export async function showInvoice(s: AgentSession, ref: string): Promise<string> {
  const { detail: d, failure } = await show(s, ref);
  if (!d) return failure!;
  const lang = langOf(s);
  return say(lang, 'show.invoice', {
    ref: d.reference,
    name: d.client.name,
    code: d.client.code,
    status: statusIn(d.status, lang),
    held: d.held,
    total: money(d.total, lang),
    due: d.dueDate ? dateIn(d.dueDate, lang) : '',
    lines: d.lines.length,
  });
}

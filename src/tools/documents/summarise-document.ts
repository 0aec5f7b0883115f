import { z } from 'zod';
import { newestClientDocumentId } from '../../db/stores/document-lookup.ts';
import { getDocumentSummary } from '../../extraction/documents/store.ts';
import type { SowTerms } from '../../extraction/sow-terms.ts';
import { CONTRACT_READERS } from '../../policy/role-groups.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { linkedEntities } from './document-scope.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const summariseDocumentSchema = z
  .object({
    document: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .describe("A document id, or a client code: that client's newest document (processed ones first)"),
  })
  .describe('Which document to summarise');

type Quote = { field: string; quote: string; page: number | null };
export interface DocumentDigest {
  documentId: string;
  fileName: string | null;
  status: string;
  summary: string;
  quotes: Quote[];
}

const words = (s: string): string => s.replaceAll('_', ' ');

/** The terms of a processed document in a few sentences, each value as the document states it (pure). */
export function summariseTerms(name: string, t: SowTerms): { summary: string; quotes: Quote[] } {
  const cur = t.currency ? ` ${t.currency}` : '';
  const parts = [
    `${name} is a ${words(t.documentType)}${t.reference ? ` (${t.reference})` : ''}` +
      `${t.parties.provider || t.parties.client ? ` between ${t.parties.provider ?? 'the provider'} and ${t.parties.client ?? 'the client'}` : ''}` +
      `${t.effectiveDate ? `, effective ${t.effectiveDate}` : ''}${t.endDate ? ` to ${t.endDate}` : ''}.`,
  ];
  if (t.billingModel) parts.push(`Billing: ${words(t.billingModel)}${t.currency ? ` in ${t.currency}` : ''}.`);
  if (t.rates.length)
    parts.push(
      `Rates: ${t.rates
        .slice(0, 6)
        .map((r) => `${r.role} ${r.amount}${r.currency ? ` ${r.currency}` : cur}/${r.unit}`)
        .join('; ')}${t.rates.length > 6 ? ` and ${t.rates.length - 6} more` : ''}.`,
    );
  if (t.milestones.length)
    parts.push(
      `${t.milestones.length} milestone${t.milestones.length === 1 ? '' : 's'}: ${t.milestones
        .slice(0, 5)
        .map((m) => `${m.name}${m.amount ? ` ${m.amount}${cur}` : m.percent !== null ? ` ${m.percent}%` : ''}`)
        .join('; ')}.`,
    );
  if (t.retainer)
    parts.push(
      `Retainer ${t.retainer.amount}${cur} per ${t.retainer.period}${t.retainer.includedHours !== null ? ` for ${t.retainer.includedHours} hours` : ''}${t.retainer.overageRate ? `, overage ${t.retainer.overageRate}${cur}/hour` : ''}.`,
    );
  if (t.recurringFee) parts.push(`Recurring fee ${t.recurringFee.amount}${cur} per ${t.recurringFee.period}.`);
  if (t.usageTiers.length) parts.push(`${t.usageTiers.length} usage price tier(s) per ${t.usageTiers[0]!.unit}.`);
  for (const c of t.caps)
    parts.push(
      `Cap (${words(c.kind)}): ${c.amount ?? `${c.percentOfFees}% of fees`}${c.period ? ` per ${c.period}` : ' over the term'}.`,
    );
  if (t.paymentTerms.netDays !== null)
    parts.push(
      `Payment: net ${t.paymentTerms.netDays} days${t.paymentTerms.basis ? ` from ${words(t.paymentTerms.basis)}` : ''}.`,
    );
  if (t.invoiceFrequency) parts.push(`Invoiced ${words(t.invoiceFrequency)}.`);
  if (t.poNumber) parts.push(`Invoices must quote PO ${t.poNumber}.`);
  if (t.lateFee) parts.push(`Late fee ${t.lateFee.percent}% per ${t.lateFee.period}.`);
  return {
    summary: parts.join(' '),
    quotes: t.evidence.slice(0, 8).map((e) => ({ field: e.field, quote: e.quote, page: e.page })),
  };
}

type SummariseError = { code: 'DOCUMENT_NOT_FOUND'; message: string; document: string } | ScopeError;

export const documentsSummarise = defineTool({
  name: 'documents_summarise',
  description:
    "A processed document's terms in a few sentences (type, parties, dates, billing model, rates, milestones, retainer, caps, " +
    'payment terms, PO), with up to 8 verbatim quotes and their pages; by document id or a client code (its newest document). ' +
    'Built from the extracted terms, so it works without a language model. Read-only.',
  input: summariseDocumentSchema,
  output: z
    .object({
      documentId: z.string(),
      fileName: z.string().nullable(),
      status: z.string().describe('queued, processing, done or failed: only a done document has terms to summarise'),
      summary: z.string(),
      quotes: z.array(z.object({ field: z.string(), quote: z.string(), page: z.number().int().nullable() })),
    })
    .describe("The document's terms in words, with the quotes they rest on"),
  risk: 'read',
  policyAction: null,
  readers: CONTRACT_READERS,
  handler: async (ctx, { document }): Promise<Result<DocumentDigest, SummariseError>> => {
    const id = UUID.test(document) ? document : await newestClientDocumentId(ctx.db, document.toUpperCase());
    const d = id ? await getDocumentSummary(ctx.db, id) : null;
    if (!d) return err({ code: 'DOCUMENT_NOT_FOUND', message: `No document ${document}`, document });
    const entities = await linkedEntities(ctx.db, d);
    const denied =
      entities === null
        ? actorMayTouch(ctx.actor, null)
          ? undefined
          : null
        : entities.find((e) => !actorMayTouch(ctx.actor, e));
    if (denied !== undefined) return err(outOfScopeError(denied));
    const name = d.fileName ?? `document ${d.id.slice(0, 8)}`;
    if (d.status !== 'done' || !d.terms)
      return ok({
        documentId: d.id,
        fileName: d.fileName,
        status: d.status,
        summary: `${name} is ${d.status === 'failed' ? 'a document whose extraction failed' : `still ${d.status}`}: there are no terms to summarise yet.`,
        quotes: [],
      });
    const s = summariseTerms(name, d.terms as unknown as SowTerms);
    return ok({ documentId: d.id, fileName: d.fileName, status: d.status, ...s });
  },
});

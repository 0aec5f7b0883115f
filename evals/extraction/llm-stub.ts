import type { Reply } from '../../src/extraction/llm/testing/stub-server.ts';
import { emptySowTerms, type SowTerms } from '../../src/extraction/sow-terms.ts';
import type { Hit } from './llm-stub-forms.ts';
import { inventedValues, wrongValue } from './llm-stub-noise.ts';
import { truthUnits, type Unit, type UnitKind } from './llm-stub-units.ts';

/**
 * Scripted models for the LLM eval, served by the repo's OpenAI-shaped stub: each reads the chunk it
 * is sent and answers from the truth of the document being extracted.
 * - oracle: every true value, each with a quote found in the chunk where the value is written (the
 *   smallest run of lines holding it); a value written nowhere is answered on the last chunk with
 *   its best quote. The ceiling of the plumbing: verification, chunking, merging.
 * - noisy: the oracle with a seeded share of values replaced by plausible wrong ones carrying the
 *   true quote (which does not state them) or a fabricated one, values the document does not have,
 *   and a share of answers that are not JSON.
 * - silent: answers nothing, so the LLM result must equal the built-in one.
 */

export type StubModel = 'oracle' | 'noisy' | 'silent';
export const STUB_MODELS: readonly StubModel[] = ['oracle', 'noisy', 'silent'];

type Loose = Record<string, unknown>;

export type AnswerKind = 'true' | 'unquotable' | 'noise' | 'noise-enum' | 'invented';

export interface AnswerLog {
  doc: string;
  chunk: number;
  unit: string;
  field: string;
  quote: string;
  kind: AnswerKind;
  valueKind: UnitKind;
  quoteKind: 'found' | 'best' | 'mismatching' | 'fabricated';
}

/** A deterministic share in [0, 1) from a string (FNV-1a), so runs and orders give the same script. */
export function share(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h / 0x1_0000_0000;
}

interface Line {
  start: number;
  end: number;
}

function lineSpans(text: string): Line[] {
  const out: Line[] = [];
  let at = 0;
  for (const l of text.split('\n')) {
    out.push({ start: at, end: at + l.length });
    at += l.length + 1;
  }
  return out;
}

const MARKER = /^\s*\[page \d+\]\s*$/;
const MAX_LINES = 8;
const MIN_QUOTE = 8;

/** The smallest run of lines holding every required anchor (preferring the optional ones and the context). */
export function findQuote(text: string, unit: Unit): string | null {
  const req = unit.required.map((a) => a(text));
  if (req.some((h) => h.length === 0)) return null;
  const opt = unit.optional.map((a) => a(text));
  const ctx = unit.context?.(text) ?? [];
  const lines = lineSpans(text);
  const usable = (l: Line): boolean =>
    !MARKER.test(text.slice(l.start, l.end)) && text.slice(l.start, l.end).trim() !== '';
  let best: { score: number; s: number; e: number; hits: Hit[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const li = lines[i] as Line;
    if (!usable(li)) continue;
    for (let j = i; j < Math.min(lines.length, i + MAX_LINES); j++) {
      const lj = lines[j] as Line;
      if (!usable(lj)) continue;
      const inside = (hs: Hit[]): Hit | undefined => hs.find((h) => h.start >= li.start && h.end <= lj.end);
      const found = req.map(inside);
      // A quote of a word or two ("et") is no quote: a model cites a phrase.
      if (found.some((h) => h === undefined) || text.slice(li.start, lj.end).trim().length < MIN_QUOTE) continue;
      const optFound = opt.map(inside);
      const ctxFound = ctx.length === 0 || inside(ctx) !== undefined;
      const score = j - i + 3 * optFound.filter((h) => !h).length + (ctxFound ? 0 : 1);
      if (!best || score < best.score)
        best = { score, s: li.start, e: lj.end, hits: [...found, ...optFound].filter((h): h is Hit => !!h) };
    }
  }
  if (!best) return null;
  let { s, e } = best;
  if (e - s > 300 && best.hits.length) {
    // A long paragraph: keep the sentence-sized stretch around what it states.
    s = Math.max(s, Math.min(...best.hits.map((h) => h.start)) - 60);
    e = Math.min(e, Math.max(...best.hits.map((h) => h.end)) + 60);
  }
  return text.slice(s, e).trim();
}

/** The quote a model gives for a value it cannot find: the line with most of it, else the chunk's first line. */
function bestQuote(text: string, unit: Unit): string {
  const lines = lineSpans(text).filter(
    (l) => !MARKER.test(text.slice(l.start, l.end)) && text.slice(l.start, l.end).trim(),
  );
  const anchors = [...unit.required, ...unit.optional].map((a) => a(text));
  let pick = lines[0];
  let most = 0;
  for (const l of lines) {
    const n = anchors.filter((hs) => hs.some((h) => h.start >= l.start && h.end <= l.end)).length;
    if (n > most) {
      most = n;
      pick = l;
    }
  }
  return pick ? text.slice(pick.start, pick.end).trim() : text.trim().slice(0, 40);
}

/** Puts one value into an answer, with its evidence entry. */
function place(t: SowTerms, unit: Unit, value: unknown, quote: string): string | null {
  const v = value as Loose;
  const ev = (field: string): string => {
    t.evidence.push({ field, quote, page: null });
    return field;
  };
  const n = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));
  const s = (x: unknown): string | null => (x === null || x === undefined ? null : String(x));
  switch (unit.list) {
    case 'rates':
      t.rates.push({
        role: String(v.role),
        amount: String(v.amount),
        unit: v.unit as never,
        currency: s(v.currency),
        effectiveFrom: s(v.effectiveFrom),
      });
      return ev(`rates[${t.rates.length - 1}]`);
    case 'milestones':
      t.milestones.push({ name: String(v.name), amount: s(v.amount), percent: n(v.percent), dueDate: s(v.dueDate) });
      return ev(`milestones[${t.milestones.length - 1}]`);
    case 'usageTiers':
      t.usageTiers.push({
        unit: String(v.unit ?? 'unit'),
        from: Number(v.from),
        upTo: n(v.upTo),
        unitPrice: String(v.unitPrice),
      });
      return ev(`usageTiers[${t.usageTiers.length - 1}]`);
    case 'caps':
      t.caps.push({
        kind: v.kind as never,
        amount: s(v.amount) as string /* null when the cap has none: the answer schema makes it nullable */,
        period: (v.period ?? null) as never,
        percentOfFees: n(v.percentOfFees),
      });
      return ev(`caps[${t.caps.length - 1}]`);
    default:
  }
  const p = unit.path;
  const r = t as unknown as Loose;
  if (p === 'parties.client' || p === 'parties.provider') t.parties[p.slice(8) as 'client'] = String(value);
  else if (p === 'paymentTerms.netDays') t.paymentTerms.netDays = Math.round(Number(value));
  else if (p === 'paymentTerms.basis') t.paymentTerms.basis = value as never;
  else if (p === 'recurringFee' || p === 'minimumCommitment') r[p] = { amount: String(v.amount), period: v.period };
  else if (p === 'lateFee') t.lateFee = { percent: Number(v.percent), period: v.period as never };
  else if (p === 'retainer')
    t.retainer = {
      amount: String(v.amount),
      period: v.period as never,
      includedHours: null,
      overageRate: null,
      rolloverHoursMax: null,
      overageApprovalThresholdPercent: null,
    };
  else if (p.startsWith('retainer.')) {
    if (!t.retainer) return null;
    const k = p.slice(9);
    (t.retainer as unknown as Loose)[k] = k === 'overageRate' ? String(value) : Number(value);
  } else if (p === 'taxRatePercent') t.taxRatePercent = Number(value);
  else r[p] = value;
  return ev(p);
}

export interface CurrentDocument {
  id: string;
  truth: Loose;
  /** The whole document text, so a wrong value can be chosen that the document does not state anywhere. */
  text: string;
}

/** One scripted model: answers chat requests for the document set with begin(). */
export class ScriptedModel {
  readonly log: AnswerLog[] = [];
  invalidAnswers = 0;
  private doc: CurrentDocument | null = null;
  private units: Unit[] = [];
  private answered = new Set<string>();

  constructor(
    readonly kind: StubModel,
    readonly opts: { noiseShare: number; invalidShare: number; seed: string } = {
      noiseShare: 0.25,
      invalidShare: 0.08,
      seed: 's17',
    },
  ) {}

  begin(doc: CurrentDocument): void {
    this.doc = doc;
    this.units = truthUnits(doc.truth);
    this.answered = new Set();
  }

  reply(body: Loose): Reply {
    const user = (body.messages as Array<{ content: string }>)[1]?.content ?? '';
    const part = /^Part (\d+) of (\d+)/.exec(user);
    const index = Number(part?.[1] ?? 1) - 1;
    const last = index === Number(part?.[2] ?? 1) - 1;
    const text = /<document>\n([\s\S]*)\n<\/document>$/.exec(user)?.[1] ?? '';
    const doc = this.doc;
    if (this.kind === 'silent' || !doc) return { content: JSON.stringify(emptySowTerms()) };
    const noisy = this.kind === 'noisy';
    const key = (k: string): number => share(`${this.opts.seed}|${doc.id}|${k}`);
    const t = emptySowTerms();
    const record = (
      unit: string,
      field: string | null,
      quote: string,
      kind: AnswerKind,
      valueKind: UnitKind,
      quoteKind: AnswerLog['quoteKind'],
    ) => {
      if (field) this.log.push({ doc: doc.id, chunk: index, unit, field, quote, kind, valueKind, quoteKind });
    };
    for (const unit of this.units) {
      const found = findQuote(text, unit);
      if (found === null && !(last && !this.answered.has(unit.id))) continue;
      const quote = found ?? bestQuote(text, unit);
      if (found !== null) this.answered.add(unit.id);
      const wrong =
        noisy && found !== null && key(`${unit.id}|noise`) < this.opts.noiseShare
          ? wrongValue(unit, quote, doc.text, key(`${unit.id}|how`))
          : null;
      if (wrong) {
        const field = place(t, unit, wrong.value, wrong.quote);
        record(
          unit.id,
          field,
          wrong.quote,
          unit.kind === 'enum' ? 'noise-enum' : 'noise',
          unit.kind,
          wrong.fabricated ? 'fabricated' : 'mismatching',
        );
        continue;
      }
      const field = place(t, unit, unit.value, quote);
      record(
        unit.id,
        field,
        quote,
        found === null ? 'unquotable' : 'true',
        unit.kind,
        found === null ? 'best' : 'found',
      );
    }
    if (noisy && index === 0)
      for (const inv of inventedValues(doc.truth, key('invent'))) {
        const field = place(t, inv.unit, inv.unit.value, inv.quote);
        record(inv.unit.id, field, inv.quote, 'invented', inv.unit.kind, 'fabricated');
      }
    if (noisy && key(`chunk${index}|invalid`) < this.opts.invalidShare) {
      this.invalidAnswers++;
      // The values of an answer that is not JSON are lost (not verified, not dropped): take them off the log.
      this.log.splice(0, this.log.length, ...this.log.filter((l) => !(l.doc === doc.id && l.chunk === index)));
      const json = JSON.stringify(t);
      return {
        content:
          key(`chunk${index}|prose`) < 0.5
            ? json.slice(0, Math.floor(json.length / 2))
            : `Here are the terms I found: ${json}`,
      };
    }
    return { content: JSON.stringify(t) };
  }
}

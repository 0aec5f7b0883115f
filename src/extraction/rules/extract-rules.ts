import { minorUnits, isKnownCurrency } from '../../shared/currency.ts';
import { enforceEvidence, type DroppedValue } from '../evidence/enforce-evidence.ts';
import { emptySowTerms, type Evidence, type SowTerms } from '../sow-terms.ts';
import { textDocument, type DocumentText } from '../text/document-text.ts';
import { decideBillingModel } from './billing-model.ts';
import { findCaps, PENALTY } from './caps.ts';
import { buildContext, quoteOf, type RuleContext, sentenceAt } from './context.ts';
import { dollarCurrency, findCurrency, sharedRemap } from './currency.ts';
import { findDocumentType } from './document-type.ts';
import { statesFixedPrice } from './billing-model.ts';
import { findRecurringFee, findRetainer, retainerAt } from './fees.ts';
import { deniesMinimum, findMinimumCommitment } from './minimums.ts';
import { findInvoiceFrequency } from './invoice-frequency.ts';
import { findMilestones } from './milestones.ts';
import { formatAmount } from './numbers.ts';
import { findParties } from './parties.ts';
import { letterheadPair } from './party-letterhead.ts';
import { PARTY_WEIGHTS, type PartyWeights, rankParties } from './party-ranker.ts';
import { findPaymentTerms } from './payment-terms.ts';
import { findRates } from './rates.ts';
import { findReference } from './reference.ts';
import { findLateFee, findPoNumber, findTaxRate, isOrderForm, orderFormNumber } from './small-fields.ts';
import { deadlineDates, findEffectiveDate, findEndDate } from './term-dates.ts';
import { findUsageTiers } from './usage.ts';
import { rankedDate, type RankerWeights } from './date-ranker.ts';
import {
  amountCandidates,
  CAP_FIELDS,
  CAP_KIND,
  overriddenAmount,
  overriddenPoNumber,
  rankedAmount,
  rankedCap,
  rankedPoNumber,
  VALUE_WEIGHTS,
  type ValueWeights,
} from './value-ranker.ts';

export interface RulesResult {
  terms: SowTerms;
  dropped: DroppedValue[];
  context: RuleContext;
}

const MAX_QUOTE = 400;

/**
 * Whether the document sets billing terms (a rate, a schedule, a fee, tiers or a stated fixed price): an untitled one
 * (a proposal, a service contract, an accepted offer) is then a statement of work.
 */
const hasBillingTerms = (ctx: RuleContext): boolean =>
  statesFixedPrice(ctx) ||
  findRates(ctx, dollarCurrency(ctx), 'Consultant', true).length > 0 ||
  findMilestones(ctx).length > 0 ||
  findRecurringFee(ctx) !== null ||
  findRetainer(ctx) !== null ||
  findUsageTiers(ctx).length > 0 ||
  findMinimumCommitment(ctx) !== null;

/**
 * The built-in deterministic extractor: reads a document's text and returns SowTerms v1 in which
 * every value carries the verbatim quote and page it came from. Nothing is defaulted: a term the
 * document does not state stays null or empty. Text addressing an assistant is ignored.
 */
export function extractWithRules(
  input: DocumentText | string,
  options: {
    dateRanker?: RankerWeights | false;
    valueRanker?: ValueWeights | false;
    partyRanker?: PartyWeights | false;
  } = {},
): RulesResult {
  const doc = typeof input === 'string' ? textDocument(input) : input;
  const ctx = buildContext(doc);
  const evidence: Evidence[] = [];
  // Labelled statements are 0.9; a rule that inferred a value says so; text read through the
  // German/French lexicon counts a little less than English read as written.
  const base = ctx.language === 'en' ? 0.9 : 0.85;
  const cite = (
    field: string,
    span: { start: number; end: number; confidence?: number } | null,
    confidence?: number,
  ): void => {
    if (!span) return;
    evidence.push({
      field,
      ...quoteOf(ctx, span.start, span.end, MAX_QUOTE),
      confidence: Math.min(base, confidence ?? span.confidence ?? base),
    });
  };

  const terms = emptySowTerms();
  const docType = findDocumentType(ctx, hasBillingTerms(ctx));
  if (docType) {
    terms.documentType = docType.value;
    cite('documentType', docType);
  }
  const reference = findReference(ctx);
  terms.reference = reference?.value ?? null;
  cite('reference', reference);
  const ruledParties = letterheadPair(ctx, findParties(ctx));
  const parties =
    options.partyRanker === false
      ? ruledParties
      : { ...ruledParties, ...rankParties(ctx, ruledParties, options.partyRanker ?? PARTY_WEIGHTS) };
  terms.parties = { client: parties.client?.value ?? null, provider: parties.provider?.value ?? null };
  cite('parties.client', parties.client);
  cite('parties.provider', parties.provider);

  const dollar = dollarCurrency(ctx);
  const currency = findCurrency(ctx, dollar);
  terms.currency = currency?.value ?? null;
  cite('currency', currency);
  // A rate read from a form several currencies share ("Rs.") takes the currency the document's evidence decides.
  const remap = sharedRemap(ctx);
  const digits = (code: string | null | undefined): number | null => {
    const c = code ?? terms.currency;
    return c && isKnownCurrency(c) ? minorUnits(c) : null;
  };

  // Where the rules' phrase lists find no date, the trained date ranker (date-ranker.ts) may: an inferred value.
  const ranker = options.dateRanker ?? undefined;
  const effective =
    findEffectiveDate(ctx) ?? (ranker === false ? null : rankedDate(ctx, 'effectiveDate', null, ranker));
  terms.effectiveDate = effective?.value ?? null;
  cite('effectiveDate', effective);
  const end =
    findEndDate(ctx, terms.effectiveDate) ??
    (ranker === false ? null : rankedDate(ctx, 'endDate', terms.effectiveDate, ranker, deadlineDates(ctx)));
  terms.endDate = end?.value ?? null;
  cite('endDate', end);

  const amending = terms.documentType === 'amendment' || terms.documentType === 'change_order';
  const rates = findRates(ctx, dollar, parties.providerLabel ?? 'Consultant');
  const seenRates = new Set<string>();
  for (const r of rates) {
    const key = `${r.value.role.toLowerCase()}|${r.value.amount}|${r.value.unit}`;
    if (seenRates.has(key)) continue;
    seenRates.add(key);
    cite(`rates[${terms.rates.length}]`, r, r.value.role === (parties.providerLabel ?? 'Consultant') ? 0.6 : undefined);
    terms.rates.push({
      role: r.value.role,
      amount: formatAmount(r.value.amount, digits(remap.get(r.value.currency ?? '') ?? r.value.currency)),
      unit: r.value.unit,
      currency: remap.get(r.value.currency ?? '') ?? r.value.currency,
      effectiveFrom: r.value.effectiveFrom ?? (amending && r.value.changed ? terms.effectiveDate : null),
    });
  }
  const milestones = findMilestones(ctx);
  for (const m of milestones) {
    cite(`milestones[${terms.milestones.length}]`, m);
    terms.milestones.push({
      ...m.value,
      amount: m.value.amount === null ? null : formatAmount(m.value.amount, digits(null)),
    });
  }
  let recurring = findRecurringFee(ctx);
  let retainer = findRetainer(ctx);
  // Where the rules find no fee, the trained value ranker (value-ranker.ts) may: an inferred value (confidence 0.6).
  const values = options.valueRanker === false ? null : (options.valueRanker ?? VALUE_WEIGHTS);
  const amounts = values && values.enabled.length ? amountCandidates(ctx) : [];
  // An amendment's fee the ranker inferred is a change to the contract's fee, not evidence of its billing model.
  let inferredFee = false;
  if (values && !recurring && !retainer) {
    const fee = rankedAmount(ctx, 'recurringFee', values, amounts);
    const ret = rankedAmount(ctx, 'retainer', values, amounts);
    // A retainer the ranker read has its details read around it as the rules' are.
    if (ret && (!fee || ret.probability > fee.probability))
      retainer = { ...retainerAt(ctx, { ...ret.value, start: ret.start, end: ret.end }), retainer: ret };
    else if (fee) recurring = fee;
    inferredFee = recurring !== null || retainer !== null;
  } else if (values) {
    // A fee the rules read but the ranker scores poorly, where it is confident in another amount, is replaced.
    if (retainer) {
      const o = overriddenAmount(ctx, 'retainer', retainer.retainer.value, values, amounts);
      if (o) retainer = { ...retainer, retainer: o };
    } else if (recurring)
      recurring = overriddenAmount(ctx, 'recurringFee', recurring.value, values, amounts) ?? recurring;
  }
  if (retainer) {
    const r = retainer;
    terms.retainer = {
      amount: formatAmount(r.retainer.value.amount, digits(null)),
      period: r.retainer.value.period,
      includedHours: r.includedHours?.value ?? null,
      overageRate: r.overageRate ? formatAmount(r.overageRate.value, digits(null)) : null,
      rolloverHoursMax: r.rolloverHoursMax?.value ?? null,
      overageApprovalThresholdPercent: r.overageApprovalThresholdPercent?.value ?? null,
    };
    cite('retainer', r.retainer);
    cite('retainer.includedHours', r.includedHours);
    cite('retainer.overageRate', r.overageRate);
    cite('retainer.rolloverHoursMax', r.rolloverHoursMax);
    cite('retainer.overageApprovalThresholdPercent', r.overageApprovalThresholdPercent);
  } else if (recurring) {
    terms.recurringFee = { amount: formatAmount(recurring.value.amount, digits(null)), period: recurring.value.period };
    cite('recurringFee', recurring);
  }
  // An untitled agreement whose fee only the ranker read still sets billing terms: a statement of work.
  if (!docType && inferredFee) {
    const sow = findDocumentType(ctx, true);
    if (sow) {
      terms.documentType = sow.value;
      cite('documentType', sow);
    }
  }
  const tiers = findUsageTiers(ctx);
  for (const t of tiers) {
    cite(`usageTiers[${terms.usageTiers.length}]`, t);
    terms.usageTiers.push({ ...t.value, unitPrice: formatAmount(t.value.unitPrice, digits(null)) });
  }
  const ruled = findMinimumCommitment(ctx);
  const minimum = !values
    ? ruled
    : ruled
      ? (overriddenAmount(ctx, 'minimumCommitment', ruled.value, values, amounts) ?? ruled)
      : deniesMinimum(ctx)
        ? null
        : rankedAmount(ctx, 'minimumCommitment', values, amounts);
  if (minimum) {
    terms.minimumCommitment = {
      amount: formatAmount(minimum.value.amount, digits(null)),
      period: minimum.value.period,
    };
    cite('minimumCommitment', minimum);
  }
  for (const c of findCaps(ctx)) {
    cite(`caps[${terms.caps.length}]`, c);
    const cap = { ...c.value };
    if (cap.amount !== undefined && cap.kind !== 'hours_per_period')
      cap.amount = formatAmount(cap.amount, digits(null));
    if (cap.amount === undefined) delete cap.amount;
    terms.caps.push(cap);
  }
  // A money cap of a kind the rules did not find, the kind's trained ranker may: an inferred value.
  for (const field of values ? CAP_FIELDS : []) {
    if (!values || terms.caps.some((c) => c.kind === CAP_KIND[field])) continue;
    // An amount the rules already read as a cap of another kind is not this one, nor a penalty's maximum.
    const taken = new Set(terms.caps.map((c) => Number(c.amount)));
    const notCap = (a: { start: number }): boolean => {
      const s = sentenceAt(ctx, a.start);
      return PENALTY.test(ctx.text.slice(s.start, s.end));
    };
    const c = rankedCap(
      ctx,
      field,
      values,
      amounts.filter((a) => !taken.has(Number(a.value)) && !notCap(a)),
    );
    if (!c) continue;
    cite(`caps[${terms.caps.length}]`, c);
    terms.caps.push({ ...c.value, amount: formatAmount(c.value.amount, digits(null)), percentOfFees: null });
  }
  const payment = findPaymentTerms(ctx);
  terms.paymentTerms = { netDays: payment.netDays?.value ?? null, basis: payment.basis?.value ?? null };
  cite('paymentTerms.netDays', payment.netDays);
  cite('paymentTerms.basis', payment.basis);
  const ruledPo = findPoNumber(ctx) ?? orderFormNumber(ctx, reference);
  // A number stated as replacing the old one, or an order form's own, stays: the ranker scores the old one as likely
  // and never takes the reference.
  const po = !values
    ? ruledPo
    : ruledPo
      ? ruledPo.keep
        ? ruledPo
        : (overriddenPoNumber(ctx, ruledPo.value, terms.reference, values) ?? ruledPo)
      : rankedPoNumber(ctx, terms.reference, values);
  terms.poNumber = po?.value ?? null;
  cite('poNumber', po);
  // The other way round: a purchase order's PO number is its own number.
  if (!terms.reference && po && isOrderForm(ctx)) {
    terms.reference = po.value;
    cite('reference', { ...po, confidence: 0.7 });
  }
  const late = findLateFee(ctx);
  terms.lateFee = late?.value ?? null;
  cite('lateFee', late);
  const tax = findTaxRate(ctx);
  terms.taxRatePercent = tax?.value ?? null;
  cite('taxRatePercent', tax);

  // A retainer's overage rate is part of the retainer, not a rate card of its own.
  const overage = terms.retainer?.overageRate ?? null;
  const feeForModel = !(inferredFee && amending);
  const model = decideBillingModel(ctx, {
    documentType: terms.documentType,
    rates: overage === null ? rates : rates.filter((r) => Number(r.value.amount) !== Number(overage)),
    recurringFee: terms.recurringFee && feeForModel ? recurring : null,
    milestones,
    retainer: feeForModel ? (retainer?.retainer ?? null) : null,
    usageTiers: tiers,
  });
  terms.billingModel = model?.value ?? null;
  cite('billingModel', model);
  const frequency = findInvoiceFrequency(ctx, terms.billingModel, milestones[0] ?? null);
  terms.invoiceFrequency = frequency?.value ?? null;
  cite('invoiceFrequency', frequency);

  terms.evidence = evidence;
  const verified = enforceEvidence(terms, ctx.joined, { instructionSpans: ctx.instructionSpans, checkSupport: false });
  return { terms: verified.terms, dropped: verified.dropped, context: ctx };
}

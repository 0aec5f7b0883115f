import { currencyHits, dateHits, type Hit, numberHits, stringHits, wordHits } from './llm-stub-forms.ts';

/**
 * The values of a truth file as units a scripted model answers one by one: where each is written
 * (anchors the quote must contain), words that make a quote the natural one (context), and how to
 * make a plausible wrong value of it for the noisy model.
 */

type Loose = Record<string, unknown>;
export type Anchor = (text: string) => Hit[];

export type UnitKind = 'number' | 'date' | 'string' | 'enum';

export interface Unit {
  /** Stable id within the document: "reference", "rates#2", "retainer.includedHours". */
  id: string;
  /** Where it goes: a scalar path, or a list name with the item. */
  path: string;
  list: 'rates' | 'milestones' | 'usageTiers' | 'caps' | null;
  value: unknown;
  /** Anchors every quote must contain (the value as written). */
  required: Anchor[];
  /** Anchors a good quote also contains (a rate's role, a milestone's name). */
  optional: Anchor[];
  context: Anchor | null;
  /** What is checked when the value is wrong: a number, a date, a string, or an enum no quote can prove. */
  kind: UnitKind;
}

const num = (v: unknown): number => Number(v);
const present = (v: unknown): boolean => v !== null && v !== undefined && v !== '';
const words =
  (...w: string[]): Anchor =>
  (t) =>
    wordHits(t, w);
const amount =
  (v: unknown): Anchor =>
  (t) =>
    numberHits(t, num(v));
const percent = amount;

const DOC_TYPE_WORDS: Record<string, string[]> = {
  sow: [
    'statement of work',
    'SOW',
    'Leistungsschein',
    'Leistungsbeschreibung',
    'cahier des charges',
    'bon de commande',
  ],
  msa: ['master services agreement', 'MSA', 'Rahmenvertrag', 'contrat-cadre'],
  amendment: ['amendment', 'addendum', 'variation', 'Nachtrag', 'Änderung', 'avenant'],
  change_order: ['change order', 'change request', 'variation order', 'Änderungsauftrag', 'Change Request'],
  consulting_agreement: ['consulting agreement', 'Beratungsvertrag', 'contrat de conseil', 'agreement', 'contrat'],
};
const MODEL_WORDS: Record<string, string[]> = {
  time_and_materials: [
    'hourly',
    'per hour',
    'day rate',
    'time and materials',
    'Stundensatz',
    'Tagessatz',
    'régie',
    'taux horaire',
    'TJM',
  ],
  fixed_fee: ['fixed fee', 'fixed price', 'Festpreis', 'Pauschal', 'forfait', 'prix forfaitaire'],
  milestone: ['milestone', 'payment schedule', 'stage', 'Meilenstein', 'Rate', 'jalon', 'échéance'],
  retainer: ['retainer', 'included hours', 'Pauschale', 'abonnement', 'forfait'],
  usage: ['per unit', 'tier', 'usage', 'volume', 'Staffel', 'palier'],
  blended: ['plus', 'and', 'et', 'und'],
};
const FREQ_WORDS: Record<string, string[]> = {
  monthly: ['monthly', 'each month', 'monatlich', 'mensuel', 'mensuellement', 'chaque mois'],
  quarterly: ['quarterly', 'quartal', 'vierteljährlich', 'trimestriel', 'trimestre'],
  milestone: ['milestone', 'on acceptance', 'Meilenstein', 'jalon'],
  in_advance_monthly: ['in advance', 'im Voraus', "d'avance", 'à échoir'],
  on_completion: ['on completion', 'upon completion', 'nach Abnahme', 'à la fin', 'achèvement'],
  other: ['invoice', 'Rechnung', 'facture'],
};
const BASIS_WORDS: Record<string, string[]> = {
  invoice_date: ['invoice date', 'date of invoice', 'Rechnungsdatum', 'date de facture', 'date of the invoice'],
  receipt: ['receipt', 'Eingang', 'Erhalt', 'réception'],
  end_of_month: ['end of month', 'end of the month', 'Monatsende', 'fin de mois'],
  end_of_following_month: ['following month', 'Folgemonat', 'mois suivant'],
  other: ['days', 'Tage', 'jours'],
};
const TAX_WORDS = [
  'VAT',
  'GST',
  'HST',
  'SST',
  'IVU',
  'GCT',
  'tax',
  'MwSt',
  'USt',
  'TVA',
  'Mehrwertsteuer',
  'Umsatzsteuer',
  'Steuer',
];
const NO_CARRY = [
  'will be lost',
  'are lost',
  'forfeited',
  'cannot be carried over',
  'do not roll over',
  'expire',
  'lapse',
  'verfallen',
  'verfällt',
  'non reportables',
  'ne sont pas reportées',
  'sont perdues',
];
const ZERO_TAX = [
  'reverse charge',
  'reverse-charge',
  'exempt',
  'zero-rated',
  'steuerfrei',
  'autoliquidation',
  'exonéré',
  'exonération',
  'no VAT',
  'not subject',
];

/** Every value of a truth file, as units. */
export function truthUnits(truth: Loose): Unit[] {
  const u: Unit[] = [];
  const add = (x: Omit<Unit, 'optional' | 'context' | 'list'> & Partial<Pick<Unit, 'optional' | 'context' | 'list'>>) =>
    u.push({ optional: [], context: null, list: null, ...x });
  const str = (path: string, v: unknown) =>
    present(v) && add({ id: path, path, value: v, required: [(t) => stringHits(t, String(v))], kind: 'string' });
  const date = (path: string, v: unknown) =>
    present(v) && add({ id: path, path, value: v, required: [(t) => dateHits(t, String(v))], kind: 'date' });
  const enm = (path: string, v: unknown, w: string[]) =>
    present(v) && add({ id: path, path, value: v, required: [], context: words(...w), kind: 'enum' });
  if (present(truth.documentType) && truth.documentType !== 'other')
    enm('documentType', truth.documentType, DOC_TYPE_WORDS[String(truth.documentType)] ?? []);
  str('reference', truth.reference);
  const parties = (truth.parties ?? {}) as Loose;
  str('parties.client', parties.client);
  str('parties.provider', parties.provider);
  date('effectiveDate', truth.effectiveDate);
  date('endDate', truth.endDate);
  enm('billingModel', truth.billingModel, MODEL_WORDS[String(truth.billingModel)] ?? []);
  if (present(truth.currency))
    add({
      id: 'currency',
      path: 'currency',
      value: truth.currency,
      required: [(t) => currencyHits(t, String(truth.currency))],
      kind: 'enum',
    });
  str('poNumber', truth.poNumber);
  if (present(truth.taxRatePercent)) {
    const v = num(truth.taxRatePercent);
    const req: Anchor = v === 0 ? (t) => [...numberHits(t, 0), ...wordHits(t, ZERO_TAX)] : percent(v);
    add({
      id: 'taxRatePercent',
      path: 'taxRatePercent',
      value: v,
      required: [req],
      context: words(...TAX_WORDS),
      kind: 'number',
    });
  }
  enm('invoiceFrequency', truth.invoiceFrequency, FREQ_WORDS[String(truth.invoiceFrequency)] ?? []);
  const pt = (truth.paymentTerms ?? {}) as Loose;
  if (present(pt.netDays))
    add({
      id: 'paymentTerms.netDays',
      path: 'paymentTerms.netDays',
      value: num(pt.netDays),
      required: [amount(pt.netDays)],
      context: words('days', 'day', 'net', 'Tage', 'Tagen', 'jours', 'netto'),
      kind: 'number',
    });
  enm('paymentTerms.basis', pt.basis, BASIS_WORDS[String(pt.basis)] ?? []);
  for (const f of ['recurringFee', 'minimumCommitment'] as const) {
    const v = truth[f] as Loose | null | undefined;
    if (v && present(v.amount))
      add({
        id: f,
        path: f,
        value: v,
        required: [amount(v.amount)],
        context: words(String(v.period), 'minimum', 'Mindest'),
        kind: 'number',
      });
  }
  const late = truth.lateFee as Loose | null | undefined;
  if (late && present(late.percent))
    add({
      id: 'lateFee',
      path: 'lateFee',
      value: late,
      required: [percent(late.percent)],
      context: words('interest', 'late', 'overdue', 'Verzug', 'retard', 'intérêts'),
      kind: 'number',
    });
  const ret = truth.retainer as Loose | null | undefined;
  if (ret && present(ret.amount)) {
    add({
      id: 'retainer',
      path: 'retainer',
      value: ret,
      required: [amount(ret.amount)],
      context: words('retainer', 'month', 'quarter', 'Pauschale', 'forfait'),
      kind: 'number',
    });
    if (num(ret.rolloverHoursMax) === 0)
      add({
        id: 'retainer.rolloverHoursMax',
        path: 'retainer.rolloverHoursMax',
        value: 0,
        required: [(t) => [...numberHits(t, 0), ...wordHits(t, NO_CARRY)]],
        kind: 'number',
      });
    for (const k of ['includedHours', 'overageRate', 'rolloverHoursMax', 'overageApprovalThresholdPercent'])
      if (present(ret[k]) && !(k === 'rolloverHoursMax' && num(ret[k]) === 0))
        add({
          id: `retainer.${k}`,
          path: `retainer.${k}`,
          value: num(ret[k]),
          required: [amount(ret[k])],
          kind: 'number',
        });
  }
  const items = (l: string): Loose[] => (Array.isArray(truth[l]) ? (truth[l] as Loose[]) : []);
  items('rates').forEach((r, i) =>
    add({
      id: `rates#${i}`,
      path: 'rates',
      list: 'rates',
      value: r,
      required: [amount(r.amount)],
      optional: [(t) => stringHits(t, String(r.role))],
      kind: 'number',
    }),
  );
  items('milestones').forEach((m, i) => {
    const req: Anchor[] = [];
    if (present(m.amount)) req.push(amount(m.amount));
    if (present(m.percent)) req.push(percent(m.percent));
    if (present(m.dueDate)) req.push((t) => dateHits(t, String(m.dueDate)));
    add({
      id: `milestones#${i}`,
      path: 'milestones',
      list: 'milestones',
      value: m,
      required: req,
      optional: [(t) => stringHits(t, String(m.name))],
      kind: req.length ? 'number' : 'enum',
    });
  });
  items('usageTiers').forEach((x, i) => {
    const opt: Anchor[] = [amount(x.from)];
    if (present(x.upTo)) opt.push(amount(x.upTo));
    add({
      id: `usageTiers#${i}`,
      path: 'usageTiers',
      list: 'usageTiers',
      value: x,
      required: [amount(x.unitPrice)],
      optional: opt,
      kind: 'number',
    });
  });
  items('caps').forEach((c, i) => {
    const req: Anchor[] = [];
    if (present(c.amount)) req.push(amount(c.amount));
    if (present(c.percentOfFees)) req.push(percent(c.percentOfFees));
    add({ id: `caps#${i}`, path: 'caps', list: 'caps', value: c, required: req, kind: req.length ? 'number' : 'enum' });
  });
  return u;
}

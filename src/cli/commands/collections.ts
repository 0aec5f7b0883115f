import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { assignCollector } from '../../db/usecases/collections/assign-collector.ts';
import { collectionsWorklist } from '../../db/usecases/collections/collections-worklist.ts';
import { prioritizeCollections } from '../../db/usecases/collections/prioritize-collections.ts';
import { trainRiskModels } from '../../db/usecases/collections/train-risk-models.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { EXIT, type CliContext } from '../io.ts';
import { renderTable } from '../table.ts';
import { keyUser } from './billing-run.ts';

const USAGE = `Usage:
  billing-copilot models train [--as-of YYYY-MM-DD] [--json]
  billing-copilot collections prioritize --as-of YYYY-MM-DD [--json]
  billing-copilot collections worklist [--as-of YYYY-MM-DD] [--collector EMAIL] [--limit N] [--json]
  billing-copilot collections assign --client CODE [--collector EMAIL] [--segment NAME]
`;

function dateFlag(ctx: CliContext, value: string | undefined, required: boolean): string | null | undefined {
  if (value === undefined) {
    if (required) ctx.io.stderr(`--as-of YYYY-MM-DD is required.\n${USAGE}`);
    return required ? null : undefined;
  }
  if (!isIsoDate(value)) {
    ctx.io.stderr(`--as-of must be a date YYYY-MM-DD, got "${value}". Nothing was written.\n`);
    return null;
  }
  return value;
}

/** `models train`: trains and stores the next risk model version (as the key's user). */
export async function modelsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'train') { ctx.io.stderr(USAGE); return EXIT.USAGE; }
  const { values } = parseArgs({ args: rest, strict: true, options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } } });
  const asOf = dateFlag(ctx, values['as-of'], false);
  if (asOf === null) return EXIT.USAGE;
  const who = await keyUser(ctx, 'training risk models');
  if ('code' in who) return who.code;
  const r = await trainRiskModels(who.database, { actor: who.actor, correlationId: `cli:${randomUUID()}`, now: ctx.now() }, asOf ? { asOf } : {});
  if (!r.ok) { ctx.io.stderr(`Refused (${r.error.code}): ${r.error.message}. Nothing was written.\n`); return EXIT.PROBLEMS; }
  if (values.json) { ctx.io.stdout(`${JSON.stringify(r.value, null, 2)}\n`); return EXIT.OK; }
  const m = r.value.metrics;
  ctx.io.stdout(`Risk model version ${r.value.version} (${r.value.kind === 'prior' ? 'documented prior: too little settled history to train' : 'trained'}) `
    + `on ${m.trainedOn} settled invoices through ${r.value.trainedThrough} (${m.disputes} disputed, ${m.late} late).\n`);
  if (m.holdout) {
    const h = m.holdout;
    ctx.io.stdout(`Held-out last quarter (${h.rows} invoices): dispute AUC ${h.disputeAuc.toFixed(3)}, Brier ${h.disputeBrier.toFixed(3)}; `
      + `late AUC ${h.lateAuc.toFixed(3)}, Brier ${h.lateBrier.toFixed(3)}.\n`);
  }
  return EXIT.OK;
}

/** `collections prioritize|worklist|assign`. */
export async function collectionsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({ args: rest, strict: true, options: {
    'as-of': { type: 'string' }, json: { type: 'boolean' }, collector: { type: 'string' }, client: { type: 'string' },
    segment: { type: 'string' }, limit: { type: 'string' },
  } });
  if (sub === 'prioritize') {
    const asOf = dateFlag(ctx, values['as-of'], true);
    if (!asOf) return EXIT.USAGE;
    const who = await keyUser(ctx, 'the prioritization run');
    if ('code' in who) return who.code;
    const r = await prioritizeCollections(who.database, { actor: who.actor, correlationId: `cli:${randomUUID()}`, now: ctx.now() }, { asOf });
    if (!r.ok) { ctx.io.stderr(`Refused (${r.error.code}): ${r.error.message}. Nothing was written.\n`); return EXIT.PROBLEMS; }
    if (values.json) { ctx.io.stdout(`${JSON.stringify(r.value, null, 2)}\n`); return EXIT.OK; }
    const s = r.value.summary;
    ctx.io.stdout(`${r.value.replayed ? 'The worklist of' : 'Prioritized'} ${asOf}${r.value.replayed ? ' was already stored; unchanged' : ''}: ${s.items} open receivables `
      + `(${Object.entries(s.byAction).map(([a, n]) => `${n} ${a}`).join(', ') || 'none'}), ${s.unassigned} without a collector; `
      + `model ${r.value.modelVersion === null ? 'none trained (prior)' : `v${r.value.modelVersion}`}.\n`);
    return EXIT.OK;
  }
  if (sub === 'worklist') {
    const asOf = dateFlag(ctx, values['as-of'], false);
    if (asOf === null) return EXIT.USAGE;
    const who = await keyUser(ctx, 'reading a worklist');
    if ('code' in who) return who.code;
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) { ctx.io.stderr('--limit must be a whole number from 1 to 5000.\n'); return EXIT.USAGE; }
    const r = await collectionsWorklist(who.database, { actor: who.actor, correlationId: `cli:${randomUUID()}`, now: ctx.now() }, {
      ...(asOf ? { asOf } : {}), ...(values.collector ? { collectorEmail: values.collector } : {}), limit,
    });
    if (!r.ok) { ctx.io.stderr(`Refused (${r.error.code}): ${r.error.message}.\n`); return EXIT.PROBLEMS; }
    if (values.json) { ctx.io.stdout(`${JSON.stringify(r.value, null, 2)}\n`); return EXIT.OK; }
    if (!r.value.run) { ctx.io.stdout('No prioritization run yet: run `billing-copilot collections prioritize --as-of DATE`.\n'); return EXIT.OK; }
    ctx.io.stdout(renderTable(['#', 'Invoice', 'Client', 'Open', 'Past due', 'P(late)', 'Action', 'Why'],
      r.value.items.map((i) => [String(i.rank), i.number ?? i.invoiceId.slice(0, 8), i.client, `${i.open.amount} ${i.open.currency}`, String(i.daysPastDue),
        i.lateProbability, i.step ? `${i.action}:${i.step}` : i.action, i.reasons[0] ?? ''])));
    ctx.io.stdout(`${r.value.items.length} of ${r.value.total} items of ${r.value.run.asOf} (${r.value.scope}).\n`);
    return EXIT.OK;
  }
  if (sub === 'assign') {
    if (!values.client || (values.collector === undefined && values.segment === undefined)) { ctx.io.stderr(USAGE); return EXIT.USAGE; }
    const who = await keyUser(ctx, 'assigning a collector');
    if ('code' in who) return who.code;
    const r = await assignCollector(who.database, { actor: who.actor, correlationId: `cli:${randomUUID()}`, now: ctx.now() }, {
      clientCode: values.client, ...(values.collector ? { collectorEmail: values.collector } : {}), ...(values.segment ? { segment: values.segment } : {}),
    });
    if (!r.ok) {
      ctx.io.stderr(`Refused (${r.error.code}): ${r.error.message}. Nothing was written.\n`);
      return r.error.code === 'CLIENT_NOT_FOUND' ? EXIT.NOT_FOUND : EXIT.PROBLEMS;
    }
    ctx.io.stdout(`${r.value.client}: collector ${r.value.collector ?? '(unchanged)'}, segment ${r.value.segment}.\n`);
    return EXIT.OK;
  }
  ctx.io.stderr(USAGE);
  return EXIT.USAGE;
}

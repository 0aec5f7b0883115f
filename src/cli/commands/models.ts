import { parseArgs } from 'node:util';
import { EXIT, type CliContext } from '../io.ts';
import { runToolCommand, toJson } from '../tool-command.ts';
import { dateFlag, USAGE } from './collections.ts';

/**
 * `models train`: trains and stores the next risk model version, then stores its dispute scores for
 * the open invoices (`models backfill`, unless --no-backfill), so the next night reads them; as the key's user.
 */
export async function modelsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'train' && sub !== 'backfill') {
    ctx.io.stderr(USAGE);
    return EXIT.USAGE;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      'as-of': { type: 'string' },
      json: { type: 'boolean' },
      ...(sub === 'train' ? { 'no-backfill': { type: 'boolean' as const } } : {}),
    },
  });
  const asOf = dateFlag(ctx, values['as-of'] as string | undefined, false);
  if (asOf === null) return EXIT.USAGE;
  if (sub === 'train') {
    const { riskModelsTrain } = await import('../../tools/collections/train-risk-models.ts');
    const trained = await runToolCommand(ctx, riskModelsTrain, asOf ? { asOf } : {}, (v) => {
      if (values.json) {
        ctx.io.stdout(`${toJson(v)}\n`);
        return;
      }
      const m = v.metrics;
      ctx.io.stdout(
        `Risk model version ${v.version} (${v.kind === 'prior' ? 'documented prior: too little settled history to train' : 'trained'}) ` +
          `on ${m.trainedOn} settled invoices through ${v.trainedThrough} (${m.disputes} disputed, ${m.late} late).\n`,
      );
      if (m.holdout) {
        const h = m.holdout;
        ctx.io.stdout(
          `Held-out last quarter (${h.rows} invoices): dispute AUC ${h.disputeAuc.toFixed(3)}, Brier ${h.disputeBrier.toFixed(3)}; ` +
            `late AUC ${h.lateAuc.toFixed(3)}, Brier ${h.lateBrier.toFixed(3)}.\n`,
        );
      }
    });
    // The scores are stored for the open invoices of today, whatever date the history was read as of.
    if (trained !== EXIT.OK || values['no-backfill']) return trained;
    return backfill(ctx, undefined, Boolean(values.json));
  }
  return backfill(ctx, asOf, Boolean(values.json));
}

/** `models backfill`: the newest model's dispute scores for the invoices open on the date, with a progress line. */
async function backfill(ctx: CliContext, asOf: string | undefined, json: boolean): Promise<number> {
  const { riskScoresBackfill } = await import('../../tools/collections/backfill-dispute-scores.ts');
  return runToolCommand(
    ctx,
    riskScoresBackfill,
    asOf ? { asOf } : {},
    (v) => {
      if (json) return ctx.io.stdout(`${toJson(v)}\n`);
      if (v.modelVersion === null) return ctx.io.stdout('No risk model is stored yet: no scores to store.\n');
      ctx.io.stdout(
        v.skipped
          ? `Every unsettled invoice already has its dispute score under model version ${v.modelVersion}: nothing to store.\n`
          : `Dispute scores under model version ${v.modelVersion}: ${v.stored} stored, ${v.alreadyStored} already there, ` +
              `of ${v.open} invoices open on ${v.asOf}.\n`,
      );
    },
    { progressLabel: 'dispute scores' },
  );
}

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, type CliContext } from '../io.ts';
import { renderTable } from '../table.ts';
import { runToolCommand, toJson } from '../tool-command.ts';

const USAGE = `Usage: billing-copilot receivables [--as-of YYYY-MM-DD] [--entity CODE] [--period-days 90] [--weeks 8] [--json] [--svg DIR] [--png DIR] [--pdf FILE]
  aging buckets, DSO, CEI, dispute rate and credit exposure overall, per entity, segment and client (each per currency),
  cash expected by week, promises to pay and late-payment likelihood; --svg DIR and --png DIR write the charts
  aging, forecast, promises and late-likelihood there; --pdf FILE a two-page PDF of them   (as the user of BILLING_COPILOT_API_KEY)
`;

/** `receivables`: the catalogue entry receivables_report, as the key's user, as tables, JSON or SVG charts. */
export async function receivablesCommand(argv: string[], ctx: CliContext): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'as-of': { type: 'string' },
        entity: { type: 'string' },
        'period-days': { type: 'string' },
        weeks: { type: 'string' },
        json: { type: 'boolean' },
        svg: { type: 'string' },
        png: { type: 'string' },
        pdf: { type: 'string' },
      },
    }));
  } catch (e) {
    ctx.io.stderr(`${(e as Error).message}\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  const { receivablesReport } = await import('../../tools/receivables/receivables-report.ts');
  const { CHARTS, renderChartPng, renderChartSvg } = await import('../../tools/receivables/render-charts.ts');
  let report: Parameters<typeof renderChartSvg>[1] | null = null;
  const code = await runToolCommand(
    ctx,
    receivablesReport,
    {
      asOf: values['as-of'],
      legalEntity: values.entity,
      periodDays: values['period-days'] ?? '90',
      weeks: values.weeks ?? '8',
    },
    (r) => {
      report = r;
      if (values.json) return ctx.io.stdout(`${toJson(r)}\n`);
      const row = (name: string, m: (typeof r.overall)[number]) => [
        name,
        m.currency,
        m.open.amount,
        m.buckets.current.amount,
        m.buckets['1-30'].amount,
        m.buckets['31-60'].amount,
        m.buckets['61-90'].amount,
        m.buckets.over_90.amount,
        m.dso === null ? '' : String(m.dso),
        m.cei === null ? '' : `${m.cei}%`,
        m.disputeRate === null ? '' : `${m.disputeRate}% (${m.disputedInvoices}/${m.issuedInvoices})`,
      ];
      const head = ['', 'Cur', 'Open', 'Current', '1-30', '31-60', '61-90', 'Over 90', 'DSO', 'CEI', 'Disputed'];
      ctx.io.stdout(`Receivables on ${r.asOf} (DSO, CEI and dispute rate over ${r.periodStart}..${r.asOf})\n`);
      ctx.io.stdout(
        renderTable(head, [
          ...r.overall.map((m) => row('All', m)),
          ...r.byEntity.flatMap((g) => g.metrics.map((m) => row(g.entity, m))),
          ...r.bySegment.flatMap((g) => g.metrics.map((m) => row(`segment ${g.segment}`, m))),
        ]),
      );
      ctx.io.stdout(
        `\nClients, most open first\n${renderTable(
          head,
          r.byClient.slice(0, 15).flatMap((g) => g.metrics.map((m) => row(g.client, m))),
        )}`,
      );
      const watch = r.credit.filter((c) => c.overLimit || (c.usedPercent ?? 0) >= 80).slice(0, 15);
      if (watch.length)
        ctx.io.stdout(
          `\nCredit limits: over or at 80 % and more\n${renderTable(
            ['Client', 'Cur', 'Limit', 'Exposure', 'Headroom', 'Used', 'Converted', 'No rate: not counted'],
            watch.map((c) => [
              c.overLimit ? `${c.client} (over)` : c.client,
              c.limit.currency,
              c.limit.amount,
              c.exposure.amount,
              c.headroom.amount,
              c.usedPercent === null ? '' : `${c.usedPercent}%`,
              c.converted.map((x) => `${x.open.amount} ${x.open.currency} at ${x.rate}`).join(', '),
              c.notCounted.map((o) => `${o.amount} ${o.currency}`).join(', '),
            ]),
          )}`,
        );
      for (const f of r.forecast) {
        ctx.io.stdout(
          `\nCash expected by week, ${f.currency}\n${renderTable(
            ['Week from', 'Expected', 'Invoices'],
            f.weeks.map((w) => [w.to ? w.from : `${w.from} and later`, w.expected.amount, String(w.invoices)]),
          )}`,
        );
      }
    },
  );
  if (code !== EXIT.OK || !report) return code;
  const written: string[] = [];
  try {
    for (const [dir, ext] of [
      [values.svg, 'svg'],
      [values.png, 'png'],
    ] as const) {
      if (!dir) continue;
      await mkdir(dir, { recursive: true });
      for (const name of CHARTS) {
        const file = path.join(dir, `${name}.${ext}`);
        await writeFile(file, ext === 'svg' ? renderChartSvg(name, report) : renderChartPng(name, report));
        written.push(file);
      }
    }
    if (values.pdf) {
      const { renderReceivablesPdf } = await import('../../tools/receivables/render-pdf.ts');
      await writeFile(values.pdf, await renderReceivablesPdf(report));
      written.push(values.pdf);
    }
  } catch (e) {
    ctx.io.stderr(`Cannot write the charts: ${(e as Error).message}\n`);
    return EXIT.PROBLEMS;
  }
  if (written.length && !values.json) ctx.io.stdout(`\nCharts: ${written.join(', ')}\n`);
  return code;
}

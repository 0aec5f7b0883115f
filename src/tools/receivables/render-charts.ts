import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ChartName } from './chart-names.ts';
import type { ReceivablesReport } from './receivables-report.ts';

/**
 * The receivables charts, drawn by Apache ECharts' server-side SVG renderer (no DOM, no canvas) and
 * turned into PNG by resvg with a bundled DejaVu Sans, so a machine without fonts draws the same
 * image. Amounts only set bar heights here; every figure printed is the report's decimal string.
 */

export { CHARTS, type ChartName } from './chart-names.ts';

const FONT_FAMILY = 'DejaVu Sans';
const fontFile = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const AGING_COLORS = ['#2e7d32', '#9e9d24', '#f9a825', '#ef6c00', '#c62828'];
const AGING_LABELS = ['Current', '1-30', '31-60', '61-90', 'Over 90'];
const LATE_COLORS = ['#2e7d32', '#9e9d24', '#f9a825', '#ef6c00', '#c62828', '#9e9e9e'];

/** A decimal string shortened for a label: 1234567.89 -> 1.23M, 45210.00 -> 45.2k. */
export function compact(amount: string): string {
  const n = Number(amount);
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return amount;
}

/** An axis tick, whole and short: 5000 -> 5k, 2500000 -> 2.5M, 750 -> 750. */
export function axisLabel(v: number): string {
  const short = (x: number) => String(Number(x.toFixed(2)));
  if (Math.abs(v) >= 1e9) return `${short(v / 1e9)}B`;
  if (Math.abs(v) >= 1e6) return `${short(v / 1e6)}M`;
  if (Math.abs(v) >= 1e3) return `${short(v / 1e3)}k`;
  return short(v);
}

/** One series of a panel: a decimal string per category; one color, or one per category. */
export interface Series {
  name: string;
  values: string[];
  color: string | string[];
}
/** One bar chart of one currency: what the SVG, the PNG and the PDF show. */
export interface Panel {
  title: string;
  categories: { label: string; sub?: string }[];
  series: Series[];
  /** Bars of several series stacked (their total labelled) rather than one series. */
  stacked: boolean;
  footer: string;
}

/** The aging panels: one per currency, bars by bucket, DSO and CEI in the footer. */
export function agingPanels(r: ReceivablesReport): Panel[] {
  return r.overall.map((m) => ({
    title: `Receivables aging on ${r.asOf}, ${m.currency}`,
    categories: AGING_LABELS.map((label) => ({ label })),
    series: [
      {
        name: 'Open',
        values: (['current', '1-30', '31-60', '61-90', 'over_90'] as const).map((b) => m.buckets[b].amount),
        color: AGING_COLORS,
      },
    ],
    stacked: false,
    footer: `DSO ${m.dso ?? 'n/a'} days · CEI ${m.cei === null ? 'n/a' : `${m.cei}%`} · ${m.openInvoices} open, ${m.open.amount} ${m.currency} (${m.overdue.amount} overdue) · last ${r.periodDays} days`,
  }));
}

/** The forecast panels: one per currency, bars by week (the last: later). */
export function forecastPanels(r: ReceivablesReport): Panel[] {
  return r.forecast.map((f) => ({
    title: `Cash expected by week from ${r.asOf}, ${f.currency}`,
    categories: f.weeks.map((w) => ({ label: w.to ? w.from.slice(5) : 'later', sub: `${w.invoices} inv.` })),
    series: [
      {
        name: 'Expected',
        values: f.weeks.map((w) => w.expected.amount),
        color: f.weeks.map((w, k) => (w.to ? (k === 0 ? '#1565c0' : '#42a5f5') : '#9e9e9e')),
      },
    ],
    stacked: false,
    footer: `Week starting (MM-DD); overdue cash falls in the first week. Expected dates from: ${Object.entries(f.basis)
      .map(([k, n]) => `${k.replace('_', ' ')} ${n}`)
      .join(', ')}`,
  }));
}

/** Promises to pay by week of the promised date: kept, still open, missed; one panel per currency. */
export function promisePanels(r: ReceivablesReport): Panel[] {
  return r.promises.map((p) => ({
    title: `Promises to pay by promised week, ${p.currency} (as of ${r.asOf})`,
    categories: p.weeks.map((w) => ({ label: w.from.slice(5), sub: `${w.promises} prom.` })),
    series: [
      { name: 'Kept', values: p.weeks.map((w) => w.kept.amount), color: '#2e7d32' },
      { name: 'Open', values: p.weeks.map((w) => w.open.amount), color: '#42a5f5' },
      { name: 'Missed', values: p.weeks.map((w) => w.missed.amount), color: '#c62828' },
    ],
    stacked: true,
    footer: `Week starting (MM-DD). Kept: paid as promised by ${r.asOf}; open: promised date still ahead; missed: the date passed unpaid.`,
  }));
}

/** Open amounts by the late-payment model's probability; one panel per currency. */
export function lateLikelihoodPanels(r: ReceivablesReport): Panel[] {
  return r.lateLikelihood.map((l) => ({
    title: `Open receivables by likelihood of paying late, ${l.currency} (${r.asOf})`,
    categories: l.bands.map((b) => ({ label: b.band, sub: `${b.invoices} inv.` })),
    series: [{ name: 'Open', values: l.bands.map((b) => b.open.amount), color: LATE_COLORS }],
    stacked: false,
    footer:
      "The late-payment model's probability from the newest prioritization run by this date; not scored: invoices that run did not rank.",
  }));
}

const PANELS: Record<ChartName, (r: ReceivablesReport) => Panel[]> = {
  aging: agingPanels,
  forecast: forecastPanels,
  promises: promisePanels,
  'late-likelihood': lateLikelihoodPanels,
};

const WIDTH: Record<ChartName, number> = { aging: 720, forecast: 820, promises: 900, 'late-likelihood': 760 };
const PANEL_HEIGHT = 340;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The ECharts option of one panel: no animation, every label from the panel's decimal strings. */
function optionOf(p: Panel): echarts.EChartsCoreOption {
  const totals = p.categories.map((_, k) => p.series.reduce((s, x) => s + Number(x.values[k]), 0));
  const label = (text: (k: number) => string) => ({
    show: true,
    position: 'top' as const,
    fontSize: 11,
    formatter: (x: { dataIndex: number }) => text(x.dataIndex),
  });
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: { text: p.title, left: 16, top: 10, textStyle: { fontSize: 15, fontFamily: FONT_FAMILY } },
    legend: p.stacked ? { right: 16, top: 12, textStyle: { fontFamily: FONT_FAMILY } } : undefined,
    grid: { left: 72, right: 24, top: 52, bottom: 74 },
    xAxis: {
      type: 'category',
      data: p.categories.map((c) => (c.sub ? `${c.label}\n${c.sub}` : c.label)),
      axisLabel: { fontSize: 11, interval: 0, lineHeight: 14 },
    },
    yAxis: { type: 'value', axisLabel: { fontSize: 11, formatter: axisLabel } },
    series: p.series.map((s, i) => ({
      name: s.name,
      type: 'bar',
      stack: p.stacked ? 'total' : undefined,
      barMaxWidth: 64,
      // A series of one color carries it itself (the legend shows it); per-bar colors go on each bar.
      ...(Array.isArray(s.color) ? {} : { itemStyle: { color: s.color } }),
      data: s.values.map((v, k) => ({
        value: Number(v),
        ...(Array.isArray(s.color) ? { itemStyle: { color: s.color[k] } } : {}),
      })),
      // A stacked chart labels its total above the top series; a single series labels each bar.
      label: p.stacked
        ? i === p.series.length - 1
          ? label((k) => (totals[k]! > 0 ? compact(totals[k]!.toFixed(2)) : ''))
          : undefined
        : label((k) => compact(s.values[k]!)),
    })),
    graphic: [
      {
        type: 'text',
        left: 16,
        bottom: 10,
        style: { text: p.footer, fontSize: 11, fill: '#333', fontFamily: FONT_FAMILY },
      },
    ],
  };
}

/** One panel as an SVG document of width × height. */
function panelSvg(p: Panel, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(optionOf(p));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * A chart of the report as SVG: its panels (one per currency) stacked vertically, or a line saying
 * there is nothing to draw.
 * @example renderChartSvg('aging', report) // '<svg xmlns=... width="720" height="340" ...'
 */
export function renderChartSvg(name: ChartName, r: ReceivablesReport): string {
  const width = WIDTH[name];
  const panels = PANELS[name](r);
  const head = (h: number) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}">\n` +
    `<rect width="100%" height="100%" fill="#ffffff"/>\n`;
  if (panels.length === 0) {
    const what = name === 'promises' ? 'No promises to pay around' : 'No open receivables on';
    return `${head(80)}<text x="20" y="45" font-size="14" font-family="${FONT_FAMILY}">${what} ${esc(r.asOf)}.</text>\n</svg>\n`;
  }
  const body = panels
    .map((p, i) => panelSvg(p, width, PANEL_HEIGHT).replace('<svg ', `<svg x="0" y="${i * PANEL_HEIGHT}" `))
    .join('\n');
  return `${head(PANEL_HEIGHT * panels.length)}${body}\n</svg>\n`;
}

/** The panels of a chart (one per currency), for a page that places them itself (the PDF). */
export const panelsOf = (name: ChartName, r: ReceivablesReport): Panel[] => PANELS[name](r);

/** A chart's panel size in the SVG and PNG, in pixels. */
export const panelSize = (name: ChartName): { width: number; height: number } => ({
  width: WIDTH[name],
  height: PANEL_HEIGHT,
});

/** One panel as PNG, `scale` times width × height. */
export const panelPng = (p: Panel, width: number, height: number, scale = 2): Buffer =>
  svgToPng(panelSvg(p, width, height), scale);

/** A chart as PNG (from its SVG), `scale` times its SVG size. */
export function renderChartPng(name: ChartName, r: ReceivablesReport, scale = 1): Buffer {
  return svgToPng(renderChartSvg(name, r), scale);
}

/** An SVG as PNG bytes, drawn with the bundled font only (the same image on every machine). */
export function svgToPng(svg: string, scale = 1): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: FONT_FAMILY },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

/** Aging by bucket, one panel per currency, with DSO and CEI under each. */
export const renderAgingSvg = (r: ReceivablesReport): string => renderChartSvg('aging', r);

/** Cash expected by week, one panel per currency. */
export const renderForecastSvg = (r: ReceivablesReport): string => renderChartSvg('forecast', r);

import type { ReceivablesReport } from './receivables-report.ts';

/**
 * The receivables charts as SVG (hand-written: a bar chart is a few rectangles, and the output is
 * plain text that tests can read and browsers, converters and PDFs render alike). Amounts only set
 * bar heights here; every figure printed is the report's decimal string.
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const AGING_COLORS = ['#2e7d32', '#9e9d24', '#f9a825', '#ef6c00', '#c62828'];
const AGING_LABELS = ['Current', '1-30', '31-60', '61-90', 'Over 90'];

/** A decimal string shortened for a label: 1234567.89 -> 1.23M, 45210.00 -> 45.2k. */
export function compact(amount: string): string {
  const n = Number(amount);
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return amount;
}

/** A round axis maximum and step for values up to max. */
function axis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

export interface Bar {
  label: string;
  sub?: string;
  value: string;
  color: string;
}
/** One bar chart: what both the SVG and the PDF renderers draw. */
export interface Panel {
  title: string;
  bars: Bar[];
  footer: string;
}

/** A round axis maximum and step, exported for the PDF renderer. */
export const axisOf = (max: number) => axis(max);

/** One bar panel at y offset `top`: title, y grid with labels, bars with their values. */
function panel(title: string, bars: readonly Bar[], top: number, width: number, height: number): string {
  const left = 70,
    right = 20,
    plotTop = top + 48,
    plotH = height - 110;
  const plotW = width - left - right;
  const { top: maxV, step } = axis(Math.max(...bars.map((b) => Number(b.value))));
  const y = (v: number) => plotTop + plotH - (v / maxV) * plotH;
  const out = [`<text x="${left}" y="${top + 22}" font-size="16" font-weight="bold" ${FONT}>${esc(title)}</text>`];
  for (let v = 0; v <= maxV + step / 2; v += step) {
    out.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e0e0e0"/>`,
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555" ${FONT}>${esc(compact(v.toFixed(2)))}</text>`,
    );
  }
  const slot = plotW / bars.length;
  const bw = Math.min(70, slot * 0.7);
  bars.forEach((b, i) => {
    const x = left + slot * i + (slot - bw) / 2;
    const yy = y(Number(b.value));
    out.push(
      `<rect x="${x.toFixed(1)}" y="${yy.toFixed(1)}" width="${bw.toFixed(1)}" height="${(plotTop + plotH - yy).toFixed(1)}" fill="${b.color}"/>`,
      `<text x="${(x + bw / 2).toFixed(1)}" y="${(yy - 5).toFixed(1)}" font-size="11" text-anchor="middle" ${FONT}>${esc(compact(b.value))}</text>`,
      `<text x="${(x + bw / 2).toFixed(1)}" y="${plotTop + plotH + 16}" font-size="11" text-anchor="middle" ${FONT}>${esc(b.label)}</text>`,
    );
    if (b.sub)
      out.push(
        `<text x="${(x + bw / 2).toFixed(1)}" y="${plotTop + plotH + 30}" font-size="10" text-anchor="middle" fill="#777" ${FONT}>${esc(b.sub)}</text>`,
      );
  });
  out.push(`<line x1="${left}" x2="${left + plotW}" y1="${plotTop + plotH}" y2="${plotTop + plotH}" stroke="#333"/>`);
  return out.join('\n');
}

function svg(width: number, height: number, body: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n` +
    `<rect width="100%" height="100%" fill="#ffffff"/>\n${body}\n</svg>\n`
  );
}

/** The aging panels: one per currency, bars by bucket, DSO and CEI in the footer. */
export function agingPanels(r: ReceivablesReport): Panel[] {
  return r.overall.map((m) => ({
    title: `Receivables aging on ${r.asOf}, ${m.currency}`,
    bars: (['current', '1-30', '31-60', '61-90', 'over_90'] as const).map((b, k) => ({
      label: AGING_LABELS[k]!,
      value: m.buckets[b].amount,
      color: AGING_COLORS[k]!,
    })),
    footer: `DSO ${m.dso ?? 'n/a'} days · CEI ${m.cei === null ? 'n/a' : `${m.cei}%`} · ${m.openInvoices} open, ${m.open.amount} ${m.currency} (${m.overdue.amount} overdue) · last ${r.periodDays} days`,
  }));
}

/** The forecast panels: one per currency, bars by week (the last: later). */
export function forecastPanels(r: ReceivablesReport): Panel[] {
  return r.forecast.map((f) => ({
    title: `Cash expected by week from ${r.asOf}, ${f.currency}`,
    bars: f.weeks.map((w, k) => ({
      label: w.to ? w.from.slice(5) : 'later',
      sub: `${w.invoices} inv.`,
      value: w.expected.amount,
      color: w.to ? (k === 0 ? '#1565c0' : '#42a5f5') : '#9e9e9e',
    })),
    footer: `Week starting (MM-DD); overdue cash falls in the first week. Expected dates from: ${Object.entries(f.basis)
      .map(([k, n]) => `${k.replace('_', ' ')} ${n}`)
      .join(', ')}`,
  }));
}

function render(panels: readonly Panel[], asOf: string, width: number, panelHeight: number): string {
  if (panels.length === 0)
    return svg(width, 80, `<text x="20" y="45" font-size="14" ${FONT}>No open receivables on ${esc(asOf)}.</text>`);
  return svg(
    width,
    panelHeight * panels.length,
    panels
      .map(
        (p, i) =>
          `${panel(p.title, p.bars, i * panelHeight, width, panelHeight)}\n` +
          `<text x="70" y="${i * panelHeight + panelHeight - 12}" font-size="11" fill="#333" ${FONT}>${esc(p.footer)}</text>`,
      )
      .join('\n'),
  );
}

/** Aging by bucket, one panel per currency, with DSO and CEI under each. */
export const renderAgingSvg = (r: ReceivablesReport, width = 720, panelHeight = 330): string =>
  render(agingPanels(r), r.asOf, width, panelHeight);

/** Cash expected by week, one panel per currency. */
export const renderForecastSvg = (r: ReceivablesReport, width = 820, panelHeight = 330): string =>
  render(forecastPanels(r), r.asOf, width, panelHeight);

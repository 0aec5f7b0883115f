/**
 * The receivables charts by name, apart from their renderer: a route or a command can name and check them
 * without loading ECharts and resvg (about 2,700 modules), which render-charts.ts loads when a chart is drawn.
 */
export const CHARTS = ['aging', 'forecast', 'promises', 'late-likelihood'] as const;
export type ChartName = (typeof CHARTS)[number];

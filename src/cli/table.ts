/** Renders rows as an aligned text table; numeric-looking columns align right. */
export function renderTable(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const numeric = headers.map(
    (_, i) => cells.length > 0 && cells.every((r) => /^-?[\d,]+(\.\d+)?( [A-Z]{3})?$|^$/.test(r[i] ?? '')),
  );
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)].join('\n') + '\n';
}

/** Kept here for the commands that import it from the table module; it lives in shared/money.ts. */
export { groupThousands } from '../shared/money.ts';

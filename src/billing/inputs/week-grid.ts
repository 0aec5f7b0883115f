import { z } from 'zod';
import { boundedText, codeField, dateField, decimalField } from '../../shared/bounded-fields.ts';
import { DAILY_HOURS_MAX } from '../../shared/bounds.ts';
import { addDays } from '../../shared/dates.ts';
import type { TimeEntryInput } from './contract-bundle.ts';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const HOURS = /^\d{1,2}(\.\d{1,2})?$/;

/** One timesheet row as a grid is entered: a person on a project (and task), seven daily cells from Monday. */
export const weekRowSchema = z.object({
  person: codeField(),
  project: codeField(),
  role: boundedText('label').min(1).nullish().describe('Defaults to the person role'),
  task: boundedText('freeText')
    .default('')
    .describe("The task or note of the row; each day's entry carries it as its description"),
  billable: z.boolean().default(true),
  externalId: boundedText('externalId')
    .min(1)
    .nullish()
    .describe('The timesheet row id; each day\'s entry gets "<externalId>:<date>"'),
  rate: decimalField('rate').nullish().describe('The rate the timesheet system applied, checked against the contract'),
  hours: z
    .array(z.union([z.string(), z.number()]))
    .length(7)
    .describe('Hours per day, Monday to Sunday, in hundredths ("7.5", 7.5); "" or 0 where nothing was worked'),
});

/** A week of timesheet rows: imported all or none; one entry per non-empty cell. */
export const weekGridSchema = z
  .object({
    weekOf: dateField()
      .refine((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1, 'weekOf is the Monday the week starts on')
      .describe('The Monday of the week, YYYY-MM-DD'),
    rows: z.array(weekRowSchema).min(1).max(500),
  })
  .superRefine((g, ctx) => {
    g.rows.forEach((row, r) =>
      row.hours.forEach((cell, d) => {
        const text = typeof cell === 'number' ? String(cell) : cell.trim();
        if (text === '') return;
        const date = addDays(g.weekOf, d);
        const where = `row ${r + 1} (${row.person} on ${row.project}), ${WEEKDAYS[d]} ${date}`;
        if (!HOURS.test(text) || Number(text) > DAILY_HOURS_MAX) {
          ctx.addIssue({
            code: 'custom',
            path: ['rows', r, 'hours', d],
            message: `${where}: "${text}" is not hours from 0 to ${DAILY_HOURS_MAX} in hundredths`,
          });
        }
      }),
    );
  });
export type WeekGrid = z.output<typeof weekGridSchema>;

/** Where an entry of a week came from: its row and day, for errors that name the cell. */
export interface WeekCell {
  row: number;
  day: (typeof WEEKDAYS)[number];
  date: string;
}

/**
 * The entries a week stands for, one per cell with hours (submitted), and the cell of each.
 * @example weekEntries({ weekOf: '2026-10-05', rows: [{ person: 'ANA', project: 'P', hours: ['8', '', 0, '7.5', '', '', ''], ... }] })
 * // two entries: 2026-10-05 8 h and 2026-10-08 7.5 h
 */
export function weekEntries(week: WeekGrid): { entries: TimeEntryInput[]; cells: WeekCell[] } {
  const entries: TimeEntryInput[] = [];
  const cells: WeekCell[] = [];
  week.rows.forEach((row, r) =>
    row.hours.forEach((cell, d) => {
      const hours = typeof cell === 'number' ? String(cell) : cell.trim();
      if (hours === '' || Number(hours) === 0) return;
      const date = addDays(week.weekOf, d);
      entries.push({
        person: row.person,
        project: row.project,
        role: row.role ?? null,
        date,
        hours,
        billable: row.billable,
        description: row.task,
        externalId: row.externalId ? `${row.externalId}:${date}` : null,
        rate: row.rate ?? null,
        status: 'submitted',
        approvedBy: null,
      });
      cells.push({ row: r, day: WEEKDAYS[d]!, date });
    }),
  );
  return { entries, cells };
}

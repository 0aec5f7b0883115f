import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { people, projects, timeEntries } from '../schema/index.ts';
import type { ParsedRow, RowError } from '../../billing/inputs/parse-time-entries-csv.ts';

export type ImportOutcome = { ok: true; inserted: number; ids: number[] } | { ok: false; errors: RowError[] };

/**
 * Resolves people and projects by code and inserts all rows, inside the caller's transaction. Any
 * unknown reference or already-imported external id fails the whole import with line numbers.
 */
export async function insertTimeEntries(tx: DbOrTx, rows: ParsedRow[], now: Date): Promise<ImportOutcome> {
  const personCodes = [...new Set(rows.map((r) => r.entry.person))];
  const projectCodes = [...new Set(rows.map((r) => r.entry.project))];
  const [ps, prs] = await Promise.all([
    personCodes.length ? tx.select({ id: people.id, code: people.code, role: people.role }).from(people).where(inArray(people.code, personCodes)) : [],
    projectCodes.length ? tx.select({ id: projects.id, code: projects.code, contractId: projects.contractId, status: projects.status }).from(projects).where(inArray(projects.code, projectCodes)) : [],
  ]);
  const personBy = new Map(ps.map((p) => [p.code, p]));
  const projectBy = new Map(prs.map((p) => [p.code, p]));
  const errors: RowError[] = [];
  const ext = rows.flatMap((r) => (r.entry.externalId ? [r.entry.externalId] : []));
  const existing = new Set<string>();
  for (let i = 0; i < ext.length; i += 5000) {
    const found = await tx.select({ externalId: timeEntries.externalId }).from(timeEntries).where(inArray(timeEntries.externalId, ext.slice(i, i + 5000)));
    for (const f of found) if (f.externalId) existing.add(f.externalId);
  }
  const values = [];
  for (const { line, entry } of rows) {
    const person = personBy.get(entry.person);
    const project = projectBy.get(entry.project);
    if (!person) errors.push({ line, message: `person: no person with code "${entry.person}"` });
    if (!project) errors.push({ line, message: `project: no project with code "${entry.project}"` });
    if (entry.externalId && existing.has(entry.externalId)) errors.push({ line, message: `external_id "${entry.externalId}" was already imported` });
    if (!person || !project) continue;
    values.push({
      externalId: entry.externalId ?? null, personId: person.id, projectId: project.id, contractId: project.contractId,
      role: entry.role ?? person.role, workDate: entry.date, hours: entry.hours, billable: entry.billable, description: entry.description,
      rateQuoted: entry.rate ?? null, approvalStatus: entry.status, approvedBy: entry.status === 'approved' ? (entry.approvedBy ?? 'import') : null,
      approvedAt: entry.status === 'approved' ? now : null,
    });
  }
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  const ids: number[] = [];
  for (let i = 0; i < values.length; i += 2000) {
    const rows = await tx.insert(timeEntries).values(values.slice(i, i + 2000)).returning({ id: timeEntries.id });
    for (const r of rows) ids.push(r.id);
  }
  return { ok: true, inserted: values.length, ids };
}

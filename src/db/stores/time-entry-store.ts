import { sql } from 'drizzle-orm';
import { preparedRows, type DbOrTx } from '../client.ts';
import { insertJsonRows } from '../json-rows.ts';
import { timeEntries } from '../schema/index.ts';
import type { ParsedRow, RowError } from '../../billing/inputs/parse-time-entries-csv.ts';

export type ImportOutcome = { ok: true; inserted: number; ids: number[] } | { ok: false; errors: RowError[] };

/** A time entry ready to insert, its id allocated. */
export type NewTimeEntry = typeof timeEntries.$inferInsert & { id: number };

export interface ResolvedTimeEntries {
  /** The rows to insert, in input order (empty when there are errors). */
  values: NewTimeEntry[];
  /** Problems by input line; nothing may be inserted unless this is empty. */
  errors: RowError[];
  /** The legal entity of each known project (by code), for scope checks. */
  projectEntities: Map<string, string | null>;
}

/**
 * Everything an import needs from the database, in one statement: people and projects by code
 * (with each project's contract and legal entity), which external ids were already imported, and
 * one new id per row from the table's identity sequence (ids of an import that fails are skipped,
 * as a rolled-back insert skips them). Then checks every row: any unknown reference, external id
 * already imported or given twice fails the whole import with line numbers.
 */
export async function resolveTimeEntries(db: DbOrTx, rows: ParsedRow[], now: Date): Promise<ResolvedTimeEntries> {
  const personCodes = [...new Set(rows.map((r) => r.entry.person))];
  const projectCodes = [...new Set(rows.map((r) => r.entry.project))];
  const ext = rows.flatMap((r) => (r.entry.externalId ? [r.entry.externalId] : []));
  const [found] = await preparedRows<{
    people: { code: string; id: string; role: string }[]; projects: { code: string; id: string; contractId: string; entityId: string | null }[];
    taken: string[]; ids: string[];
  }>(db, sql`SELECT
    (SELECT COALESCE(json_agg(json_build_object('code', code, 'id', id, 'role', role)), '[]') FROM people WHERE code = ANY(${sql.param(personCodes)}::text[])) AS people,
    (SELECT COALESCE(json_agg(json_build_object('code', p.code, 'id', p.id, 'contractId', p.contract_id, 'entityId', c.legal_entity_id)), '[]')
       FROM projects p JOIN contracts c ON c.id = p.contract_id WHERE p.code = ANY(${sql.param(projectCodes)}::text[])) AS projects,
    (SELECT COALESCE(json_agg(external_id), '[]') FROM time_entries WHERE external_id = ANY(${sql.param(ext)}::text[])) AS taken,
    (SELECT COALESCE(json_agg(nextval(pg_get_serial_sequence('time_entries', 'id'))::text), '[]') FROM generate_series(1, ${rows.length}::int)) AS ids`);
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  const personBy = new Map(parse(found!.people).map((p) => [p.code, p]));
  const projectBy = new Map(parse(found!.projects).map((p) => [p.code, p]));
  const existing = new Set(parse(found!.taken));
  const ids = parse(found!.ids).map(Number).sort((a, b) => a - b);
  const errors: RowError[] = [];
  const values: NewTimeEntry[] = [];
  const seen = new Set<string>();
  rows.forEach(({ line, entry }, i) => {
    if (entry.externalId && seen.has(entry.externalId)) errors.push({ line, message: `external_id "${entry.externalId}" appears more than once in this import` });
    if (entry.externalId) seen.add(entry.externalId);
    const person = personBy.get(entry.person);
    const project = projectBy.get(entry.project);
    if (!person) errors.push({ line, message: `person: no person with code "${entry.person}"` });
    if (!project) errors.push({ line, message: `project: no project with code "${entry.project}"` });
    if (entry.externalId && existing.has(entry.externalId)) errors.push({ line, message: `external_id "${entry.externalId}" was already imported` });
    if (!person || !project) return;
    values.push({
      id: ids[i]!, externalId: entry.externalId ?? null, personId: person.id, projectId: project.id, contractId: project.contractId,
      role: entry.role ?? person.role, workDate: entry.date, hours: entry.hours, billable: entry.billable, description: entry.description,
      rateQuoted: entry.rate ?? null, approvalStatus: entry.status, approvedBy: entry.status === 'approved' ? (entry.approvedBy ?? 'import') : null,
      approvedAt: entry.status === 'approved' ? now : null,
    });
  });
  return {
    values: errors.length ? [] : values,
    errors: errors.sort((a, b) => a.line - b.line),
    projectEntities: new Map([...projectBy.values()].map((p) => [p.code, p.entityId])),
  };
}

/** The INSERT of resolved entries, to run where `gate` holds (in a one-statement commit, or with sql`true`). */
export const insertResolvedTimeEntries = (values: NewTimeEntry[]) => insertJsonRows(timeEntries, values);

/** Resolves and inserts all rows inside the caller's transaction, or none (see resolveTimeEntries). */
export async function insertTimeEntries(tx: DbOrTx, rows: ParsedRow[], now: Date): Promise<ImportOutcome> {
  const resolved = await resolveTimeEntries(tx, rows, now);
  if (resolved.errors.length) return { ok: false, errors: resolved.errors };
  if (resolved.values.length) await tx.execute(insertResolvedTimeEntries(resolved.values)(sql`true`));
  return { ok: true, inserted: resolved.values.length, ids: resolved.values.map((v) => v.id) };
}

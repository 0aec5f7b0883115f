import { sql } from 'drizzle-orm';
import { preparedRows, type Db, type DbOrTx } from '../client.ts';
import { encodeJsonRows, insertJsonRows } from '../json-rows.ts';
import type { CommitGuard, GatedWrite } from './audit-store.ts';
import { timeEntries } from '../schema/index.ts';
import type { ParsedRow, RowError } from '../../billing/inputs/parse-time-entries-csv.ts';
import { dailyHoursErrors, type StoredDayHours } from '../../billing/inputs/daily-hours.ts';
import { DAILY_HOURS_MAX } from '../../shared/bounds.ts';

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
 * (with each project's contract and legal entity) and which external ids were already imported.
 * Then checks every row: any unknown reference, external id already imported or given twice fails
 * the whole import with line numbers. `ids` are the new rows' ids, one per row in input order
 * (reserveTimeEntryIds, or sequenceIds inside a transaction).
 */
export async function resolveTimeEntries(
  db: DbOrTx,
  rows: ParsedRow[],
  ids: readonly number[],
  now: Date,
): Promise<ResolvedTimeEntries> {
  const personCodes = [...new Set(rows.map((r) => r.entry.person))];
  const projectCodes = [...new Set(rows.map((r) => r.entry.project))];
  const ext = rows.flatMap((r) => (r.entry.externalId ? [r.entry.externalId] : []));
  const dates = [...new Set(rows.map((r) => r.entry.date))];
  const [found] = await preparedRows<{
    people: { code: string; id: string; role: string }[];
    projects: { code: string; id: string; contractId: string; entityId: string | null }[];
    taken: string[];
    stored: StoredDayHours[];
  }>(
    db,
    sql`SELECT
    (SELECT COALESCE(json_agg(json_build_object('code', code, 'id', id, 'role', role)), '[]') FROM people WHERE code = ANY(${sql.param(personCodes)}::text[])) AS people,
    (SELECT COALESCE(json_agg(json_build_object('code', p.code, 'id', p.id, 'contractId', p.contract_id, 'entityId', c.legal_entity_id)), '[]')
       FROM projects p JOIN contracts c ON c.id = p.contract_id WHERE p.code = ANY(${sql.param(projectCodes)}::text[])) AS projects,
    (SELECT COALESCE(json_agg(external_id), '[]') FROM time_entries WHERE external_id = ANY(${sql.param(ext)}::text[])) AS taken,
    ${storedDayHours(personCodes, dates)} AS stored`,
  );
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  const personBy = new Map(parse(found!.people).map((p) => [p.code, p]));
  const projectBy = new Map(parse(found!.projects).map((p) => [p.code, p]));
  const existing = new Set(parse(found!.taken));
  const errors: RowError[] = [];
  const values: NewTimeEntry[] = [];
  const seen = new Set<string>();
  rows.forEach(({ line, entry }, i) => {
    if (entry.externalId && seen.has(entry.externalId))
      errors.push({ line, message: `external_id "${entry.externalId}" appears more than once in this import` });
    if (entry.externalId) seen.add(entry.externalId);
    const person = personBy.get(entry.person);
    const project = projectBy.get(entry.project);
    if (!person) errors.push({ line, message: `person: no person with code "${entry.person}"` });
    if (!project) errors.push({ line, message: `project: no project with code "${entry.project}"` });
    if (entry.externalId && existing.has(entry.externalId))
      errors.push({ line, message: `external_id "${entry.externalId}" was already imported` });
    if (!person || !project) return;
    values.push({
      id: ids[i]!,
      externalId: entry.externalId ?? null,
      personId: person.id,
      projectId: project.id,
      contractId: project.contractId,
      role: entry.role ?? person.role,
      workDate: entry.date,
      hours: entry.hours,
      billable: entry.billable,
      description: entry.description,
      rateQuoted: entry.rate ?? null,
      approvalStatus: entry.status,
      approvedBy: entry.status === 'approved' ? (entry.approvedBy ?? 'import') : null,
      approvedAt: entry.status === 'approved' ? now : null,
    });
  });
  errors.push(...dailyHoursErrors(rows, parse(found!.stored)));
  return {
    values: errors.length ? [] : values,
    errors: errors.sort((a, b) => a.line - b.line),
    projectEntities: new Map([...projectBy.values()].map((p) => [p.code, p.entityId])),
  };
}

/** Hours already recorded (not rejected) per person and day, for the people and days of an import, as json. */
const storedDayHours = (
  personCodes: string[],
  dates: string[],
) => sql`(SELECT COALESCE(json_agg(json_build_object('person', p.code, 'date', s.work_date::text, 'hours', s.hours::text)), '[]')
  FROM (SELECT person_id, work_date, sum(hours) AS hours FROM time_entries
        WHERE person_id IN (SELECT id FROM people WHERE code = ANY(${sql.param(personCodes)}::text[])) AND work_date = ANY(${sql.param(dates)}::date[])
          AND approval_status <> 'rejected' GROUP BY 1, 2) s JOIN people p ON p.id = s.person_id)`;

/**
 * The one-statement import's guard part: no person's hours on a day, stored and imported, exceed
 * DAILY_HOURS_MAX. One look-up per person and day on time_entries_person_date_idx (a join over the
 * stored rows scanned the table: 17 ms against 5 ms for 200 rows with 100,000 stored, docs/limits.md).
 */
const withinDailyHours = sql`NOT EXISTS (
  SELECT 1 FROM (SELECT person_id, work_date, sum(hours) AS h FROM te_resolved WHERE approval_status <> 'rejected' GROUP BY 1, 2) n
  WHERE n.h + COALESCE((SELECT sum(t.hours) FROM time_entries t
                        WHERE t.person_id = n.person_id AND t.work_date = n.work_date AND t.approval_status <> 'rejected'), 0) > ${DAILY_HOURS_MAX})`;

/** The INSERT of resolved entries, to run where `gate` holds (in a one-statement commit, or with sql`true`). */
export const insertResolvedTimeEntries = (values: NewTimeEntry[]) => insertJsonRows(timeEntries, values);

/** How many time entry ids a process takes from the sequence at a time. */
const ID_BLOCK = 1000;
/** Per database handle: ids taken from the sequence and not yet used, and the refill on its way. */
const idBlocks = new WeakMap<Db, { free: number[]; refill: Promise<void> | null }>();

/**
 * n new time entry ids from the table's identity sequence, ascending, in one round trip (ids of an
 * import that fails are skipped, as a rolled-back insert skips them).
 */
export const sequenceIds = async (db: DbOrTx, n: number): Promise<number[]> =>
  (
    await preparedRows<{ id: string }>(
      db,
      sql`SELECT nextval(pg_get_serial_sequence('time_entries', 'id'))::text AS id FROM generate_series(1, ${n}::int)`,
    )
  )
    .map((r) => Number(r.id))
    .sort((a, b) => a - b);

/**
 * n new time entry ids, in ascending order, from a block this process took from the identity
 * sequence (ID_BLOCK at a time), so an import need not read the sequence itself. Ids are unique
 * across processes, as the sequence hands each out once; those of an import that fails, and a
 * block's rest when the process ends, are skipped, as a rolled-back insert skips its ids. An import
 * larger than half a block takes its own ids.
 */
export async function reserveTimeEntryIds(db: Db, n: number): Promise<number[]> {
  if (n > ID_BLOCK / 2) return sequenceIds(db, n);
  let block = idBlocks.get(db);
  if (!block) idBlocks.set(db, (block = { free: [], refill: null }));
  while (block.free.length < n) {
    const b = block;
    b.refill ??= sequenceIds(db, ID_BLOCK)
      .then((ids) => {
        b.free.push(...ids);
      })
      .finally(() => {
        b.refill = null;
      });
    await b.refill;
  }
  return block.free.splice(0, n);
}

/** Per database handle: the legal entity of each project code met, for imports planned as one statement. */
const projectEntityCache = new WeakMap<Db, Map<string, string | null>>();
/** How many project codes a process remembers per database before it starts over. */
const PROJECT_CACHE_MAX = 10_000;

/**
 * The legal entity of each known project among `codes` (by its contract), from what this process
 * has read before, reading only the codes it has not met. What it returns is a presumption, not a
 * fact: a one-statement import checks it again inside its statement (importTimeEntriesInStatement
 * with that entity), and forgets the codes (forgetProjectEntities) when the check fails.
 */
export async function projectEntities(db: Db, codes: readonly string[]): Promise<Map<string, string | null>> {
  let cache = projectEntityCache.get(db);
  if (!cache) projectEntityCache.set(db, (cache = new Map()));
  const missing = codes.filter((c) => !cache.has(c));
  if (missing.length) {
    const rows = await preparedRows<{ code: string; entity: string | null }>(
      db,
      sql`SELECT p.code, c.legal_entity_id AS entity FROM projects p JOIN contracts c ON c.id = p.contract_id
        WHERE p.code = ANY(${sql.param(missing)}::text[])`,
    );
    if (cache.size + rows.length > PROJECT_CACHE_MAX) cache.clear();
    for (const r of rows) cache.set(r.code, r.entity);
  }
  return new Map(codes.flatMap((c) => (cache.has(c) ? [[c, cache.get(c) ?? null] as const] : [])));
}

/** Forgets what projectEntities remembered of these codes (their next import reads them again). */
export function forgetProjectEntities(db: Db, codes: readonly string[]): void {
  const cache = projectEntityCache.get(db);
  for (const c of codes) cache?.delete(c);
}

/**
 * An import that resolves its own references, for a one-statement commit: the rows go to the
 * database with person and project codes, and the statement joins them to people, projects and
 * contracts, so the import costs no read of its own. The guard holds when every row found its
 * person and project (in `entityIds` when the caller is limited to some legal entities) and no
 * external id was imported before; when it does not, nothing is written and resolveTimeEntries
 * finds out why (with the same ids). Rows must not repeat an external id (checked before; see resolveTimeEntries).
 */
export function importTimeEntriesInStatement(
  rows: ParsedRow[],
  ids: number[],
  entityIds: readonly string[] | null,
): { guard: CommitGuard; write: GatedWrite } {
  // Every row gives every key (role undefined travels as null, for the person's role).
  const values: Partial<NewTimeEntry>[] = rows.map(({ entry }, i) => ({
    id: ids[i]!,
    externalId: entry.externalId ?? null,
    role: entry.role ?? undefined,
    workDate: entry.date,
    hours: entry.hours,
    billable: entry.billable,
    description: entry.description,
    rateQuoted: entry.rate ?? null,
    approvalStatus: 'submitted',
    approvedBy: null,
    approvedAt: null,
  }));
  const { json } = encodeJsonRows(timeEntries, values, (i) => ({
    person: rows[i]!.entry.person,
    project: rows[i]!.entry.project,
  }));
  const ext = rows.flatMap((r) => (r.entry.externalId ? [r.entry.externalId] : []));
  const inScope = entityIds === null ? sql`` : sql` WHERE legal_entity_id = ANY(${sql.param([...entityIds])}::uuid[])`;
  const columns = sql`id, external_id, person_id, project_id, contract_id, role, work_date, hours, billable, description, rate_quoted, approval_status, approved_by, approved_at`;
  return {
    guard: {
      with: [
        sql`te_input AS (
        SELECT r.*, e.j->>'person' AS person_code, e.j->>'project' AS project_code
        FROM json_array_elements(${json}::json) AS e(j), LATERAL json_populate_record(NULL::time_entries, e.j) AS r)`,
        sql`te_resolved AS (
        SELECT i.id, i.external_id, p.id AS person_id, pr.id AS project_id, pr.contract_id, COALESCE(i.role, p.role) AS role, i.work_date, i.hours, i.billable,
          i.description, i.rate_quoted, i.approval_status, i.approved_by, i.approved_at, c.legal_entity_id
        FROM te_input i JOIN people p ON p.code = i.person_code JOIN projects pr ON pr.code = i.project_code JOIN contracts c ON c.id = pr.contract_id)`,
      ],
      holds: sql`(SELECT count(*) FROM te_resolved${inScope}) = ${rows.length}
        AND NOT EXISTS (SELECT 1 FROM time_entries WHERE external_id = ANY(${sql.param(ext)}::text[]))
        AND ${withinDailyHours}`,
    },
    write: (gate) =>
      sql`INSERT INTO time_entries (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM te_resolved WHERE ${gate} RETURNING 1`,
  };
}

/** Resolves and inserts all rows inside the caller's transaction, or none (see resolveTimeEntries). */
export async function insertTimeEntries(tx: DbOrTx, rows: ParsedRow[], now: Date): Promise<ImportOutcome> {
  const resolved = await resolveTimeEntries(tx, rows, await sequenceIds(tx, rows.length), now);
  if (resolved.errors.length) return { ok: false, errors: resolved.errors };
  if (resolved.values.length) await tx.execute(insertResolvedTimeEntries(resolved.values)(sql`true`));
  return { ok: true, inserted: resolved.values.length, ids: resolved.values.map((v) => v.id) };
}

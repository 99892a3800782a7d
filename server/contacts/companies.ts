import { sql, type SQL } from 'drizzle-orm';
import type { Company, CompanyCreate, CompanyFilterQuery, CompanyListQuery } from '../../contracts/contacts.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { definitionsFor, validateAttributes } from './attributes.ts';
import { endMemberships } from './memberships.ts';
import { afterCursor, compileFilters, compileSort, encodeCursor, orderBy, parseFilter, type Table } from './query.ts';
import { toCompany, type CompanyRecord } from './records.ts';
import { likeEscape, rows } from './sql.ts';

export const companyTable: Table = {
  columns: {
    name: { expr: sql`co.name`, type: 'text', nullable: true },
    plan: { expr: sql`co.plan`, type: 'text', nullable: true },
    mrr: { expr: sql`co.mrr`, type: 'number', nullable: true },
    external_id: { expr: sql`co.external_id`, type: 'text', nullable: true },
    industry: { expr: sql`co.industry`, type: 'text', nullable: true },
    size: { expr: sql`co.size`, type: 'number', nullable: true },
    created_at: { expr: sql`co.created_at`, type: 'timestamp', nullable: false },
    trial_ends_at: { expr: sql`co.trial_ends_at`, type: 'timestamp', nullable: true },
  },
  sortable: ['created_at', 'name', 'plan', 'mrr', 'trial_ends_at'],
  attributes: sql`co.attributes`,
  id: sql`co.id`,
};

const CONTACT_COUNT = sql`(select count(*) from contact_companies cc
  where cc.workspace_id = co.workspace_id and cc.company_id = co.id)::int as contact_count`;

export async function getCompany(db: DbOrTx, workspaceId: string, id: string): Promise<Company> {
  const [row] = await rows<CompanyRecord>(
    db,
    sql`select co.*, ${CONTACT_COUNT} from companies co where co.workspace_id = ${workspaceId} and co.id = ${id}`,
  );
  if (!row) throw notFound('Company');
  return toCompany(row);
}

/** The WHERE conditions of a company list query; `extra`: conditions over `co` the caller compiled itself (a segment's rule). */
async function companyConditions(db: DbOrTx, workspaceId: string, query: CompanyFilterQuery, extra: SQL[]): Promise<SQL[]> {
  const filters = parseFilter(query.filter);
  const defs = filters.some((f) => f.field.startsWith('attributes.'))
    ? await definitionsFor(db, workspaceId, 'company')
    : new Map();
  const where: SQL[] = [sql`co.workspace_id = ${workspaceId}`, ...compileFilters(companyTable, filters, defs), ...extra];
  if (query.q?.trim()) {
    const pattern = `%${likeEscape(query.q.trim())}%`;
    where.push(sql`(co.name ilike ${pattern} escape '\\' or co.website ilike ${pattern} escape '\\')`);
  }
  return where;
}

export async function countCompanies(db: DbOrTx, workspaceId: string, query: CompanyFilterQuery, extra: SQL[] = []) {
  const where = await companyConditions(db, workspaceId, query, extra);
  const [row] = await rows<{ count: number }>(db, sql`select count(*)::int as count from companies co where ${sql.join(where, sql` and `)}`);
  return row?.count ?? 0;
}

export async function listCompanies(db: DbOrTx, workspaceId: string, query: CompanyListQuery, extra: SQL[] = []) {
  const where = await companyConditions(db, workspaceId, query, extra);
  const sort = compileSort(companyTable, query.sort ?? 'created_at', query.order);
  if (query.cursor) where.push(afterCursor(sort, companyTable.id, query.cursor));
  const list = await rows<CompanyRecord & { _sort: unknown }>(
    db,
    sql`select co.*, ${CONTACT_COUNT}, ${sort.expr} as _sort from companies co
        where ${sql.join(where, sql` and `)}
        order by ${orderBy(sort, companyTable.id)} limit ${query.limit + 1}`,
  );
  const page = list.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toCompany),
    next_cursor: list.length > query.limit && last ? encodeCursor(sort, last._sort, last.id) : null,
  };
}

async function checkExternalId(db: DbOrTx, workspaceId: string, externalId: string, selfId?: string) {
  const [hit] = await rows(
    db,
    sql`select id from companies where workspace_id = ${workspaceId} and external_id = ${externalId}
        ${selfId ? sql`and id <> ${selfId}` : sql``}`,
  );
  if (hit) {
    throw new AppError('conflict', 'external_id: another company already has this value', [
      { field: 'external_id', message: 'another company already has this value' },
    ]);
  }
}

export async function createCompany(db: DbOrTx, workspaceId: string, input: CompanyCreate): Promise<Company> {
  const attributes = validateAttributes(input.attributes ?? {}, await definitionsFor(db, workspaceId, 'company'));
  if (input.external_id) await checkExternalId(db, workspaceId, input.external_id);
  const id = newId();
  await db.execute(sql`insert into companies (workspace_id, id, external_id, name, plan, mrr, trial_ends_at,
      website, industry, size, attributes)
    values (${workspaceId}, ${id}, ${input.external_id ?? null}, ${input.name ?? null}, ${input.plan ?? null},
      ${input.mrr ?? null}, ${input.trial_ends_at ?? null}, ${input.website ?? null}, ${input.industry ?? null},
      ${input.size ?? null}, ${JSON.stringify(attributes)}::jsonb)`);
  return getCompany(db, workspaceId, id);
}

const PLAIN_FIELDS = ['external_id', 'name', 'plan', 'mrr', 'trial_ends_at', 'website', 'industry', 'size'] as const;

export async function updateCompany(db: DbOrTx, workspaceId: string, id: string, patch: CompanyCreate) {
  const current = await getCompany(db, workspaceId, id);
  if (patch.external_id) await checkExternalId(db, workspaceId, patch.external_id, id);
  const sets: SQL[] = [sql`updated_at = now()`];
  for (const f of PLAIN_FIELDS) {
    if (patch[f] !== undefined) sets.push(sql`${sql.identifier(f)} = ${patch[f]}`);
  }
  if (patch.attributes) {
    const attrs = validateAttributes(patch.attributes, await definitionsFor(db, workspaceId, 'company'));
    const merged = { ...current.attributes, ...attrs };
    for (const [k, v] of Object.entries(attrs)) if (v === null) delete merged[k];
    sets.push(sql`attributes = ${JSON.stringify(merged)}::jsonb`);
  }
  await db.execute(sql`update companies set ${sql.join(sets, sql`, `)} where workspace_id = ${workspaceId} and id = ${id}`);
  return getCompany(db, workspaceId, id);
}

export async function deleteCompany(db: DbOrTx, workspaceId: string, id: string): Promise<Company> {
  const before = await getCompany(db, workspaceId, id);
  await endMemberships(db, workspaceId, sql`company_id = ${id}`);
  await db.execute(sql`delete from companies where workspace_id = ${workspaceId} and id = ${id}`);
  return before;
}

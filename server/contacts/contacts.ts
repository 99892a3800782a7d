import { sql, type SQL } from 'drizzle-orm';
import type { Contact, ContactCreate, ContactFilterQuery, ContactListQuery, ContactPage } from '../../contracts/contacts.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, badField, notFound, type FieldProblem } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { definitionsFor, validateAttributes } from './attributes.ts';
import { endMemberships } from './memberships.ts';
import { afterCursor, compileFilters, compileSort, encodeCursor, orderBy, parseFilter, type Table } from './query.ts';
import { toContact, type CompanyRef, type ContactRecord } from './records.ts';
import { iso, jsonList, likeEscape, rows } from './sql.ts';

export const contactTable: Table = {
  columns: {
    email: { expr: sql`c.email`, type: 'email', nullable: true },
    name: { expr: sql`c.name`, type: 'text', nullable: true },
    role: { expr: sql`c.role`, type: 'enum', nullable: false, values: ['user', 'lead'] },
    external_id: { expr: sql`c.external_id`, type: 'text', nullable: true },
    phone: { expr: sql`c.phone`, type: 'text', nullable: true },
    locale: { expr: sql`c.locale`, type: 'text', nullable: true },
    timezone: { expr: sql`c.timezone`, type: 'text', nullable: true },
    created_at: { expr: sql`c.created_at`, type: 'timestamp', nullable: false },
    last_seen_at: { expr: sql`c.last_seen_at`, type: 'timestamp', nullable: true },
    signed_up_at: { expr: sql`c.signed_up_at`, type: 'timestamp', nullable: true },
    session_count: { expr: sql`c.session_count`, type: 'number', nullable: false },
  },
  sortable: ['created_at', 'last_seen_at', 'name', 'email', 'signed_up_at'],
  attributes: sql`c.attributes`,
  id: sql`c.id`,
};

/** Companies of each contact, for the `companies` field of the wire form. */
export async function companiesOf(db: DbOrTx, workspaceId: string, ids: string[]) {
  const map = new Map<string, CompanyRef[]>();
  if (ids.length === 0) return map;
  const list = await rows<CompanyRef & { contact_id: string }>(
    db,
    sql`select cc.contact_id, co.id, co.name, co.plan from contact_companies cc
        join companies co on co.workspace_id = cc.workspace_id and co.id = cc.company_id
        where cc.workspace_id = ${workspaceId} and cc.contact_id in ${jsonList(ids, 'uuid')}
        order by co.name`,
  );
  for (const { contact_id, ...ref } of list) map.set(contact_id, [...(map.get(contact_id) ?? []), ref]);
  return map;
}

export async function withCompanies(db: DbOrTx, workspaceId: string, records: ContactRecord[]): Promise<Contact[]> {
  const companies = await companiesOf(db, workspaceId, records.map((r) => r.id));
  return records.map((r) => toContact(r, companies.get(r.id) ?? []));
}

export async function findContact(db: DbOrTx, workspaceId: string, id: string, lock = false) {
  const [row] = await rows<ContactRecord>(
    db,
    sql`select * from contacts where workspace_id = ${workspaceId} and id = ${id} ${lock ? sql`for update` : sql``}`,
  );
  if (!row) throw notFound('Contact');
  return row;
}

export async function getContact(db: DbOrTx, workspaceId: string, id: string): Promise<Contact> {
  const [contact] = await withCompanies(db, workspaceId, [await findContact(db, workspaceId, id)]);
  return contact!;
}

/** The WHERE conditions of a contact list query; `extra`: conditions over `c` the caller compiled itself (a segment's rule). */
async function contactConditions(db: DbOrTx, workspaceId: string, query: ContactFilterQuery, extra: SQL[]): Promise<SQL[]> {
  const filters = parseFilter(query.filter);
  const defs = filters.some((f) => f.field.startsWith('attributes.'))
    ? await definitionsFor(db, workspaceId, 'contact')
    : new Map();
  const where: SQL[] = [sql`c.workspace_id = ${workspaceId}`, ...compileFilters(contactTable, filters, defs), ...extra];
  if (query.role) where.push(sql`c.role = ${query.role}`);
  if (query.company_id) {
    where.push(sql`exists (select 1 from contact_companies cc where cc.workspace_id = c.workspace_id
                           and cc.contact_id = c.id and cc.company_id = ${query.company_id}::uuid)`);
  }
  if (query.q?.trim()) {
    const pattern = `%${likeEscape(query.q.trim())}%`;
    where.push(sql`(c.email ilike ${pattern} escape '\\' or c.name ilike ${pattern} escape '\\')`);
  }
  return where;
}

export async function countContacts(db: DbOrTx, workspaceId: string, query: ContactFilterQuery, extra: SQL[] = []) {
  const where = await contactConditions(db, workspaceId, query, extra);
  const [row] = await rows<{ count: number }>(db, sql`select count(*)::int as count from contacts c where ${sql.join(where, sql` and `)}`);
  return row?.count ?? 0;
}

export async function listContacts(
  db: DbOrTx,
  workspaceId: string,
  query: ContactListQuery,
  extra: SQL[] = [],
): Promise<ContactPage> {
  const where = await contactConditions(db, workspaceId, query, extra);
  const sort = compileSort(contactTable, query.sort ?? 'created_at', query.order);
  if (query.cursor) where.push(afterCursor(sort, contactTable.id, query.cursor));
  const list = await rows<ContactRecord & { _sort: unknown }>(
    db,
    sql`select c.*, ${sort.expr} as _sort from contacts c where ${sql.join(where, sql` and `)}
        order by ${orderBy(sort, contactTable.id)} limit ${query.limit + 1}`,
  );
  const page = list.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: await withCompanies(db, workspaceId, page),
    next_cursor: list.length > query.limit && last ? encodeCursor(sort, last._sort, last.id) : null,
  };
}

/** Which unique field (e-mail, external_id) another contact of the workspace already holds. */
async function conflicts(db: DbOrTx, workspaceId: string, input: ContactCreate, selfId?: string) {
  const problems: FieldProblem[] = [];
  const check = async (field: 'email' | 'external_id', cond: SQL) => {
    const [hit] = await rows(
      db,
      sql`select id from contacts where workspace_id = ${workspaceId} and ${cond}
          ${selfId ? sql`and id <> ${selfId}` : sql``} limit 1`,
    );
    if (hit) problems.push({ field, message: 'another contact already has this value' });
  };
  if (input.email) await check('email', sql`lower(email) = lower(${input.email})`);
  if (input.external_id) await check('external_id', sql`external_id = ${input.external_id}`);
  if (problems.length) {
    throw new AppError('conflict', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
}

async function setCompanies(db: DbOrTx, workspaceId: string, contactId: string, companyIds: string[]) {
  const found = await rows<{ id: string }>(
    db,
    sql`select id from companies where workspace_id = ${workspaceId} and id in ${jsonList(companyIds, 'uuid')}`,
  );
  const known = new Set(found.map((r) => r.id));
  const missing = companyIds.findIndex((id) => !known.has(id));
  if (missing >= 0) throw badField(`company_ids.${missing}`, 'no such company');
  // Memberships the list keeps stay as they are: their created_at is when the contact joined, which
  // the customer tier and the insights sweep read.
  await endMemberships(db, workspaceId, sql`contact_id = ${contactId} and company_id not in ${jsonList([...known], 'uuid')}`);
  if (companyIds.length) {
    await db.execute(sql`insert into contact_companies (workspace_id, contact_id, company_id)
      select ${workspaceId}, ${contactId}, x from ${jsonList([...known], 'uuid')} as t(x) on conflict do nothing`);
  }
}

export async function createContact(db: DbOrTx, workspaceId: string, input: ContactCreate): Promise<ContactRecord> {
  const attributes = validateAttributes(input.attributes ?? {}, await definitionsFor(db, workspaceId, 'contact'));
  await conflicts(db, workspaceId, input);
  const role = input.role ?? (input.external_id || input.email ? 'user' : 'lead');
  const [row] = await rows<ContactRecord>(
    db,
    sql`insert into contacts (workspace_id, id, role, external_id, email, name, phone, avatar_url, locale,
          timezone, attributes, signed_up_at, last_seen_at, session_count)
        values (${workspaceId}, ${newId()}, ${role}, ${input.external_id ?? null}, ${input.email ?? null},
          ${input.name ?? null}, ${input.phone ?? null}, ${input.avatar_url ?? null}, ${input.locale ?? null},
          ${input.timezone ?? null}, ${JSON.stringify(attributes)}::jsonb, ${input.signed_up_at ?? null},
          ${input.last_seen_at ?? null}, ${input.last_seen_at ? 1 : 0})
        returning *`,
  );
  if (input.company_ids) await setCompanies(db, workspaceId, row!.id, input.company_ids);
  return row!;
}

const PLAIN_FIELDS = [
  'role', 'external_id', 'email', 'name', 'phone', 'avatar_url', 'locale', 'timezone', 'signed_up_at', 'last_seen_at',
] as const;

/** Applies only the fields given; attributes merge key by key and a null value removes a key. */
export async function updateContact(db: DbOrTx, workspaceId: string, id: string, patch: ContactCreate) {
  const current = await findContact(db, workspaceId, id, true);
  await conflicts(db, workspaceId, patch, id);
  const sets: SQL[] = [sql`updated_at = now()`];
  for (const f of PLAIN_FIELDS) {
    if (patch[f] !== undefined) sets.push(sql`${sql.identifier(f)} = ${patch[f]}`);
  }
  if (patch.attributes) {
    const attrs = validateAttributes(patch.attributes, await definitionsFor(db, workspaceId, 'contact'));
    const merged = { ...current.attributes, ...attrs };
    for (const [k, v] of Object.entries(attrs)) if (v === null) delete merged[k];
    sets.push(sql`attributes = ${JSON.stringify(merged)}::jsonb`);
  }
  const [row] = await rows<ContactRecord>(
    db,
    sql`update contacts set ${sql.join(sets, sql`, `)} where workspace_id = ${workspaceId} and id = ${id} returning *`,
  );
  if (patch.company_ids) await setCompanies(db, workspaceId, id, patch.company_ids);
  return row!;
}

/** Removes the contact with its events, page views and memberships. */
export async function deleteContact(db: DbOrTx, workspaceId: string, id: string): Promise<Contact> {
  const before = await getContact(db, workspaceId, id);
  for (const table of ['events', 'page_views'] as const) {
    await db.execute(
      sql`delete from ${sql.identifier(table)} where workspace_id = ${workspaceId} and contact_id = ${id}`,
    );
  }
  await endMemberships(db, workspaceId, sql`contact_id = ${id}`);
  await db.execute(sql`delete from contacts where workspace_id = ${workspaceId} and id = ${id}`);
  return before;
}

/**
 * Tables holding a `(workspace_id, contact_id)` pair that must follow a lead merged into a user.
 * Other modules register theirs (the Inbox's conversations) through the contacts service, so
 * every merge path (REST, Segment identify, the Messenger's boot) moves them in its transaction.
 */
const contactReferences = new Set<string>(['events', 'page_views']);
export function followContactMerges(table: string): void {
  contactReferences.add(table);
}

/**
 * Folds a lead into a user: its events, page views and companies move over, the user keeps its
 * own values where both have one, and the lead is deleted. Returns the lead as it was.
 */
export async function mergeLead(db: DbOrTx, workspaceId: string, leadId: string, intoId: string) {
  if (leadId === intoId) throw badField('into_id', 'cannot merge a contact into itself');
  const lead = await findContact(db, workspaceId, leadId, true);
  if (lead.role !== 'lead') throw badField('id', 'only a lead can be merged');
  let into: ContactRecord;
  try {
    into = await findContact(db, workspaceId, intoId, true);
  } catch {
    throw badField('into_id', 'no such contact');
  }
  if (into.role !== 'user') throw badField('into_id', 'a lead can only be merged into a user');
  const before = (await withCompanies(db, workspaceId, [lead]))[0]!;
  for (const table of contactReferences) {
    await db.execute(sql`update ${sql.identifier(table)} set contact_id = ${intoId}
                         where workspace_id = ${workspaceId} and contact_id = ${leadId}`);
  }
  await db.execute(sql`insert into contact_companies (workspace_id, contact_id, company_id)
    select workspace_id, ${intoId}, company_id from contact_companies
    where workspace_id = ${workspaceId} and contact_id = ${leadId} on conflict do nothing`);
  await endMemberships(db, workspaceId, sql`contact_id = ${leadId}`, intoId);
  // The lead goes first so its e-mail and anonymous id are free for the user to take over.
  await db.execute(sql`delete from contacts where workspace_id = ${workspaceId} and id = ${leadId}`);
  await db.execute(sql`update contacts set
      email = coalesce(email, ${lead.email}), name = coalesce(name, ${lead.name}),
      phone = coalesce(phone, ${lead.phone}), avatar_url = coalesce(avatar_url, ${lead.avatar_url}),
      locale = coalesce(locale, ${lead.locale}), timezone = coalesce(timezone, ${lead.timezone}),
      anonymous_id = coalesce(anonymous_id, ${lead.anonymous_id}),
      attributes = ${JSON.stringify(lead.attributes)}::jsonb || attributes,
      last_seen_at = greatest(last_seen_at, ${iso(lead.last_seen_at)}::timestamptz),
      session_count = session_count + ${lead.session_count}, updated_at = now()
    where workspace_id = ${workspaceId} and id = ${intoId}`);
  return before;
}

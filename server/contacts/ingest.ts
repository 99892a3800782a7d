import { sql } from 'drizzle-orm';
import type { Attributes, Contact, Event } from '../../contracts/contacts.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { coerce, definitionsFor, type Definitions } from './attributes.ts';
import { mergeLead } from './contacts.ts';
import { IdentityMap, type Known } from './identity.ts';
import {
  insertEvents,
  insertPageViews,
  LAST_SEEN_RESOLUTION_MS,
  touchContacts,
  type NewEvent,
  type NewPageView,
} from './events.ts';
import type { Normalized } from './segment.ts';
import { jsonList, rows } from './sql.ts';

/** What a stored batch changed, for the domain events published after commit. */
export interface IngestResult {
  createdContacts: string[];
  updatedContacts: string[];
  deletedContacts: Contact[];
  createdCompanies: string[];
  updatedCompanies: string[];
  events: Event[];
}

export const emptyResult = (): IngestResult => ({
  createdContacts: [], updatedContacts: [], deletedContacts: [], createdCompanies: [], updatedCompanies: [], events: [],
});

const str = (v: unknown, max = 255) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Segment's reserved identify traits that map onto contact columns; the rest are attributes. */
const CONTACT_TRAITS = new Set([
  'email', 'name', 'firstName', 'lastName', 'first_name', 'last_name', 'phone', 'avatar', 'createdAt', 'created_at',
]);
const COMPANY_TRAITS = new Set(['name', 'plan', 'mrr', 'industry', 'employees', 'website', 'trialEndsAt', 'trial_ends_at']);

/**
 * Typed custom traits against their definitions. A value that cannot be its declared type
 * rejects the whole batch, naming the field, before anything is stored.
 */
function customTraits(traits: Attributes, reserved: Set<string>, defs: Definitions, field: string, problems: FieldProblem[]) {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(traits)) {
    if (reserved.has(key) || key.length > 64) continue;
    const type = defs.get(key);
    const v = type ? coerce(value, type) : value;
    if (v === undefined) problems.push({ field: `${field}.${key}`, message: `expected a ${type}` });
    else out[key] = v;
  }
  return out;
}

interface CompanyChange {
  id: string;
  isNew: boolean;
  external_id: string;
  name?: string;
  plan?: string;
  mrr?: number;
  industry?: string;
  size?: number;
  website?: string;
  trial_ends_at?: string;
  attributes: Attributes;
}

/**
 * Stores a validated batch of Segment calls with a handful of statements: identities resolved
 * in bulk, one multi-row INSERT each for contacts, events and page views. Run it in a
 * transaction; or, with `onlyKnownContacts`, outside one for batches of track/page/screen calls
 * from existing contacts: it then returns null, having written nothing, when the batch needs
 * more. Without a transaction a failure can leave part of a batch stored, which is safe because
 * the client's retry skips every messageId already stored.
 */
export async function ingestBatch(
  tx: DbOrTx,
  workspaceId: string,
  messages: Normalized[],
  receivedAt: Date,
  opts: { onlyKnownContacts?: boolean } = {},
): Promise<IngestResult | null> {
  const result = emptyResult();
  const fresh = await freshStateCalls(tx, workspaceId, messages);
  const calls = messages.filter((m) => (m.type === 'identify' || m.type === 'group' || m.type === 'alias' ? fresh.has(m.messageId) : true));
  if (calls.length === 0) return result;

  const userIds = new Set<string>();
  const anonIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const m of calls) {
    if (m.userId) userIds.add(m.userId);
    if (m.anonymousId) anonIds.add(m.anonymousId);
    if (m.type === 'alias') {
      userIds.add(m.previousId).add(m.userId);
      anonIds.add(m.previousId);
    }
    if (m.type === 'group') groupIds.add(m.groupId);
  }
  const hasTraits = calls.some((m) => m.type === 'identify' || m.type === 'group');
  // One after another: a transaction is one connection, which runs one query at a time.
  const ids = await IdentityMap.load(tx, workspaceId, userIds, anonIds);
  const contactDefs = hasTraits ? await definitionsFor(tx, workspaceId, 'contact') : new Map();
  const companyDefs = hasTraits ? await definitionsFor(tx, workspaceId, 'company') : new Map();
  const emailOwner = await emailOwners(tx, workspaceId, calls);
  const companies = await loadCompanies(tx, workspaceId, groupIds);

  const problems: FieldProblem[] = [];
  const touched = new Set<Known>();
  const memberships: Array<{ contact_id: string; company: CompanyChange }> = [];
  /** Activity per call; calls whose event turns out to be a retry are dropped before counting. */
  const activity: Array<{ contact: Known; at: number; rowId?: string }> = [];
  const events: NewEvent[] = [];
  const pages: NewPageView[] = [];
  const seen = (contact: Known, at: number, rowId?: string) =>
    activity.push({ contact, at: Math.min(at, receivedAt.getTime()), rowId });

  calls.forEach((m) => {
    const traitsField = m.field ? `${m.field}.traits` : 'traits';
    if (m.type === 'alias') {
      touched.add(ids.alias(m.previousId, m.userId));
      return;
    }
    const c = ids.resolve(m.userId, m.anonymousId);
    const occurred_at = new Date(m.at).toISOString();
    const ctx = m.context ?? {};
    if (m.type === 'identify') {
      applyContactTraits(c, m.traits ?? {}, emailOwner);
      const custom = customTraits(m.traits ?? {}, CONTACT_TRAITS, contactDefs, traitsField, problems);
      if (Object.keys(custom).length) c.patch.attributes = { ...c.patch.attributes, ...custom };
      if (str(ctx.locale, 35)) c.patch.locale = str(ctx.locale, 35);
      if (str(ctx.timezone, 64)) c.patch.timezone = str(ctx.timezone, 64);
      touched.add(c);
      seen(c, m.at);
    } else if (m.type === 'group') {
      const co = companyFor(companies, m.groupId);
      applyCompanyTraits(co, m.traits ?? {});
      const custom = customTraits(m.traits ?? {}, COMPANY_TRAITS, companyDefs, traitsField, problems);
      co.attributes = { ...co.attributes, ...custom };
      memberships.push({ contact_id: c.id, company: co });
    } else if (m.type === 'track') {
      const rowId = newId();
      events.push({ id: rowId, contact_id: c.id, name: m.event, properties: m.properties ?? {}, occurred_at, message_id: m.messageId, source: 'segment' });
      seen(c, m.at, rowId);
    } else {
      const props = m.properties ?? {};
      const page = (ctx.page ?? {}) as Record<string, unknown>;
      const rowId = newId();
      pages.push({
        id: rowId,
        contact_id: c.id,
        kind: m.type,
        name: str(m.name) ?? null,
        url: str(props.url, 2000) ?? str(page.url, 2000) ?? null,
        path: str(props.path, 2000) ?? str(page.path, 2000) ?? null,
        title: str(props.title) ?? str(page.title) ?? null,
        referrer: str(props.referrer, 2000) ?? str(page.referrer, 2000) ?? null,
        properties: props,
        occurred_at,
        message_id: m.messageId,
      });
      seen(c, m.at, rowId);
    }
  });
  if (problems.length) {
    throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
  // Nothing has been written yet: the caller retries in a transaction that may create contacts.
  if (opts.onlyKnownContacts && (ids.created.length || ids.merges.length || touched.size || companies.size)) return null;

  const { real, reused } = await insertContacts(tx, workspaceId, ids.created);
  const id = (x: string) => real.get(x) ?? x;
  // A contact a concurrent batch created a moment ago still needs this batch's traits.
  const patched = [...touched].filter((c) => (!c.isNew || reused.has(id(c.id))) && Object.keys(c.patch).length);
  await patchContacts(tx, workspaceId, patched, id);
  await writeCompanies(tx, workspaceId, [...companies.values()]);
  if (memberships.length) {
    await tx.execute(sql`insert into contact_companies (workspace_id, contact_id, company_id)
      select ${workspaceId}, x.contact_id, x.company_id
      from jsonb_to_recordset(${JSON.stringify(memberships.map((m) => ({ contact_id: id(m.contact_id), company_id: m.company.id })))}::jsonb)
        as x(contact_id uuid, company_id uuid)
      on conflict do nothing`);
  }
  for (const e of events) e.contact_id = id(e.contact_id);
  for (const p of pages) p.contact_id = id(p.contact_id);
  const newEvents = await insertEvents(tx, workspaceId, events, receivedAt);
  const newPages = await insertPageViews(tx, workspaceId, pages);
  const times = new Map<string, number[]>();
  for (const a of activity) {
    if (a.rowId && !newEvents.has(a.rowId) && !newPages.has(a.rowId)) continue;
    // Known to be seen within the last minute: nothing to write (see LAST_SEEN_RESOLUTION_MS).
    if (a.contact.last_seen !== null && a.at <= a.contact.last_seen + LAST_SEEN_RESOLUTION_MS) continue;
    const key = id(a.contact.id);
    times.set(key, [...(times.get(key) ?? []), a.at]);
  }
  await touchContacts(tx, workspaceId, times);
  for (const m of ids.merges) {
    result.deletedContacts.push(await mergeLead(tx, workspaceId, id(m.leadId), id(m.intoId)));
  }

  const receivedIso = receivedAt.toISOString();
  for (const e of events) {
    if (newEvents.has(e.id)) {
      result.events.push({ id: e.id, kind: 'track', contact_id: e.contact_id, name: e.name, properties: e.properties, occurred_at: e.occurred_at, received_at: receivedIso });
    }
  }
  for (const p of pages) {
    if (newPages.has(p.id)) {
      result.events.push({ id: p.id, kind: p.kind, contact_id: p.contact_id, name: p.name ?? p.title ?? p.path, properties: p.properties, url: p.url, title: p.title, occurred_at: p.occurred_at, received_at: receivedIso });
    }
  }
  const deleted = new Set(result.deletedContacts.map((c) => c.id));
  result.createdContacts = ids.created.map((c) => id(c.id)).filter((x) => !reused.has(x) && !deleted.has(x));
  result.updatedContacts = [...new Set(patched.map((c) => id(c.id)))]
    .concat(ids.merges.map((m) => id(m.intoId)))
    .filter((x) => !deleted.has(x));
  for (const co of companies.values()) (co.isNew ? result.createdCompanies : result.updatedCompanies).push(co.id);
  return result;
}

/** identify/group/alias leave no row of their own: their messageIds are remembered here. */
async function freshStateCalls(tx: DbOrTx, workspaceId: string, messages: Normalized[]) {
  const stateIds = messages.filter((m) => m.type === 'identify' || m.type === 'group' || m.type === 'alias').map((m) => m.messageId);
  if (stateIds.length === 0) return new Set<string>();
  const inserted = await rows<{ message_id: string }>(
    tx,
    sql`insert into ingest_receipts (workspace_id, message_id) select ${workspaceId}, x from ${jsonList(stateIds, 'text')} as t(x)
        on conflict do nothing returning message_id`,
  );
  return new Set(inserted.map((r) => r.message_id));
}

/** Who holds each e-mail an identify wants to set: an e-mail stays unique per workspace. */
async function emailOwners(tx: DbOrTx, workspaceId: string, calls: Normalized[]) {
  const emails = new Set<string>();
  for (const m of calls) {
    const e = m.type === 'identify' ? str(m.traits?.email, 320) : undefined;
    if (e) emails.add(e.toLowerCase());
  }
  const owners = new Map<string, string>();
  if (emails.size === 0) return owners;
  const found = await rows<{ id: string; email: string }>(
    tx,
    sql`select id, lower(email) as email from contacts where workspace_id = ${workspaceId} and lower(email) in ${jsonList([...emails], 'text')}`,
  );
  for (const r of found) owners.set(r.email, r.id);
  return owners;
}

function applyContactTraits(c: Known, t: Attributes, emailOwner: Map<string, string>) {
  const email = str(t.email, 320);
  if (email && EMAIL_RE.test(email)) {
    const owner = emailOwner.get(email.toLowerCase());
    // An e-mail another contact holds is not taken over: that would break uniqueness.
    if (!owner || owner === c.id) {
      emailOwner.set(email.toLowerCase(), c.id);
      c.patch.email = email;
    }
  }
  const first = str(t.firstName) ?? str(t.first_name);
  const last = str(t.lastName) ?? str(t.last_name);
  const name = str(t.name) ?? ([first, last].filter(Boolean).join(' ') || undefined);
  if (name) c.patch.name = name;
  if (str(t.phone, 64)) c.patch.phone = str(t.phone, 64);
  if (str(t.avatar, 2000)) c.patch.avatar_url = str(t.avatar, 2000);
  const created = t.createdAt ?? t.created_at;
  if (typeof created === 'string' || typeof created === 'number') {
    const d = new Date(created);
    if (!Number.isNaN(d.getTime())) c.patch.signed_up_at = d.toISOString();
  }
}

async function loadCompanies(tx: DbOrTx, workspaceId: string, groupIds: Set<string>) {
  const map = new Map<string, CompanyChange>();
  if (groupIds.size === 0) return map;
  const found = await rows<{ id: string; external_id: string }>(
    tx,
    sql`select id, external_id from companies where workspace_id = ${workspaceId} and external_id in ${jsonList([...groupIds], 'text')}`,
  );
  for (const r of found) map.set(r.external_id, { id: r.id, isNew: false, external_id: r.external_id, attributes: {} });
  return map;
}

function companyFor(map: Map<string, CompanyChange>, groupId: string): CompanyChange {
  let co = map.get(groupId);
  if (!co) map.set(groupId, (co = { id: newId(), isNew: true, external_id: groupId, attributes: {} }));
  return co;
}

function applyCompanyTraits(co: CompanyChange, t: Attributes) {
  co.name = str(t.name) ?? co.name;
  co.plan = str(t.plan, 64) ?? co.plan;
  co.industry = str(t.industry) ?? co.industry;
  co.website = str(t.website, 2000) ?? co.website;
  const mrr = coerce(t.mrr, 'number');
  if (typeof mrr === 'number' && mrr >= 0 && mrr < 1e11) co.mrr = mrr;
  const size = coerce(t.employees, 'number');
  if (typeof size === 'number' && Number.isInteger(size) && size >= 0 && size < 1e7) co.size = size;
  const trial = coerce(t.trialEndsAt ?? t.trial_ends_at, 'date');
  if (typeof trial === 'string') co.trial_ends_at = trial;
}

/**
 * New contacts in one INSERT. A concurrent batch may have created the same identity a moment
 * ago: those rows are skipped and the existing contact's id is used instead.
 */
async function insertContacts(tx: DbOrTx, workspaceId: string, created: Known[]) {
  const real = new Map<string, string>();
  const reused = new Set<string>();
  if (created.length === 0) return { real, reused };
  const list = created.map((c) => ({
    id: c.id, role: c.role, external_id: c.external_id, anonymous_id: c.anonymous_id, ...c.patch,
    attributes: c.patch.attributes ?? {},
  }));
  const inserted = await rows<{ id: string }>(
    tx,
    sql`insert into contacts (workspace_id, id, role, external_id, anonymous_id, email, name, phone, avatar_url,
          locale, timezone, signed_up_at, attributes)
        select ${workspaceId}, x.id, x.role, x.external_id, x.anonymous_id, x.email, x.name, x.phone, x.avatar_url,
          x.locale, x.timezone, x.signed_up_at, coalesce(x.attributes, '{}')
        from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(id uuid, role text, external_id text,
          anonymous_id text, email text, name text, phone text, avatar_url text, locale text, timezone text,
          signed_up_at timestamptz, attributes jsonb)
        on conflict do nothing returning id`,
  );
  const ok = new Set(inserted.map((r) => r.id));
  for (const c of created.filter((x) => !ok.has(x.id))) {
    const [existing] = await rows<{ id: string }>(
      tx,
      sql`select id from contacts where workspace_id = ${workspaceId} and
          ${c.external_id ? sql`external_id = ${c.external_id}` : sql`anonymous_id = ${c.anonymous_id}`}`,
    );
    if (!existing) throw new AppError('conflict', 'A contact changed while this batch was stored; retry it');
    real.set(c.id, existing.id);
    reused.add(existing.id);
  }
  return { real, reused };
}

async function patchContacts(tx: DbOrTx, workspaceId: string, list: Known[], id: (x: string) => string) {
  if (list.length === 0) return;
  const data = list.map((c) => ({ ...c.patch, id: id(c.id), attributes: c.patch.attributes ?? null }));
  await tx.execute(sql`update contacts c set
      role = coalesce(x.role, c.role), external_id = coalesce(x.external_id, c.external_id),
      email = coalesce(x.email, c.email), name = coalesce(x.name, c.name), phone = coalesce(x.phone, c.phone),
      avatar_url = coalesce(x.avatar_url, c.avatar_url), locale = coalesce(x.locale, c.locale),
      timezone = coalesce(x.timezone, c.timezone), signed_up_at = coalesce(x.signed_up_at, c.signed_up_at),
      attributes = c.attributes || coalesce(x.attributes, '{}'), updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as x(id uuid, role text, external_id text, email text,
      name text, phone text, avatar_url text, locale text, timezone text, signed_up_at timestamptz, attributes jsonb)
    where c.workspace_id = ${workspaceId} and c.id = x.id`);
}

async function writeCompanies(tx: DbOrTx, workspaceId: string, list: CompanyChange[]) {
  if (list.length === 0) return;
  const inserted = await rows<{ id: string }>(tx, sql`insert into companies (workspace_id, id, external_id, name, plan, mrr, industry, size, website,
      trial_ends_at, attributes)
    select ${workspaceId}, x.id, x.external_id, x.name, x.plan, x.mrr, x.industry, x.size, x.website, x.trial_ends_at,
      coalesce(x.attributes, '{}')
    from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(id uuid, "isNew" boolean, external_id text, name text, plan text,
      mrr numeric, industry text, size int, website text, trial_ends_at timestamptz, attributes jsonb)
    where x."isNew"
    on conflict do nothing returning id`);
  const ok = new Set(inserted.map((r) => r.id));
  // A concurrent batch created the same company a moment ago: use that one.
  for (const co of list.filter((c) => c.isNew && !ok.has(c.id))) {
    const [existing] = await rows<{ id: string }>(
      tx,
      sql`select id from companies where workspace_id = ${workspaceId} and external_id = ${co.external_id}`,
    );
    if (!existing) throw new AppError('conflict', 'A company changed while this batch was stored; retry it');
    co.id = existing.id;
    co.isNew = false;
  }
  await tx.execute(sql`update companies co set
      name = coalesce(x.name, co.name), plan = coalesce(x.plan, co.plan), mrr = coalesce(x.mrr, co.mrr),
      industry = coalesce(x.industry, co.industry), size = coalesce(x.size, co.size),
      website = coalesce(x.website, co.website), trial_ends_at = coalesce(x.trial_ends_at, co.trial_ends_at),
      attributes = co.attributes || coalesce(x.attributes, '{}'), updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(id uuid, "isNew" boolean, name text, plan text, mrr numeric,
      industry text, size int, website text, trial_ends_at timestamptz, attributes jsonb)
    where co.workspace_id = ${workspaceId} and co.id = x.id and not x."isNew"`);
}

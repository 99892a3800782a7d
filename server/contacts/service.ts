import { sql, type SQL } from 'drizzle-orm';
import type {
  AttributeCreate,
  CompanyCreate,
  CompanyFilterQuery,
  CompanyListQuery,
  ContactCreate,
  ContactFilterQuery,
  ContactListQuery,
  Event,
  EventCreate,
} from '../../contracts/contacts.ts';
import type { SegmentTarget } from '../../contracts/segments.ts';
import { domainEvent, type Ctx } from '../platform/context.ts';
import type { DomainEvent } from '../platform/bus.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { createDefinition, deleteDefinition, listDefinitions, type Target } from './attributes.ts';
import { countCompanies, createCompany, deleteCompany, getCompany, listCompanies, updateCompany } from './companies.ts';
import {
  countContacts,
  createContact,
  deleteContact,
  findContact,
  followContactMerges,
  getContact,
  listContacts,
  mergeLead,
  updateContact,
  withCompanies,
} from './contacts.ts';
import { seedDemo } from './demo.ts';
import {
  aggregateMetrics,
  changedUnitsSql,
  experimentMetric,
  experimentMetrics,
  perUnitSql,
  plannerStatistics,
  type AggregateQuery,
  type MetricQuery,
  type MetricsQuery,
} from './experiment-metrics.ts';
import { segmentCondition } from './segments/service.ts';
import { eventNames, insertEvents, listNamedEvents, listTimeline, touchContacts } from './events.ts';
import { emptyResult, ingestBatch } from './ingest.ts';
import { ingestKnownTracks } from './ingest-fast.ts';
import { fastId } from './fast-ids.ts';
import { toEvent, type ContactRecord, type EventRecord } from './records.ts';
import type { Normalized } from './segment.ts';
import { isUniqueViolation, jsonList, rows } from './sql.ts';

/** Which of these event names the contact has ever done (for checklist items done by an event). */
/**
 * The contact's own time zone (null when unknown) as a scalar subquery: for a caller that needs it
 * inside a statement of its own, in the same round trip (a campaign decision).
 */
export const contactTimeZoneSql = (workspaceId: string, contactId: string): SQL =>
  sql`(select timezone from contacts where workspace_id = ${workspaceId} and id = ${contactId})`;

export async function contactDidEvents(db: DbOrTx, workspaceId: string, contactId: string, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const found = await rows<{ name: string }>(
    db,
    sql`select distinct name from events where workspace_id = ${workspaceId} and contact_id = ${contactId}
          and name in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))`,
  );
  return new Set(found.map((r) => r.name));
}

/**
 * People, companies, attributes and events. Every method takes the caller's workspace id (from
 * its credentials, never from a request body) and every query filters by it. Domain events go
 * out only after the transaction committed.
 */
export function createContactsService(ctx: Ctx) {
  const db = ctx.db;
  /**
   * A transaction whose unique-key race with a concurrent request (checked values taken in
   * between) is a 409 for the caller, not a 500.
   */
  const write = async <T>(work: (tx: DbOrTx) => Promise<T>): Promise<T> => {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', 'Another request just took one of these unique values; retry');
      throw err;
    }
  };
  const publish = (events: DomainEvent[]) => ctx.bus.publishAll(events);
  const contactEvent = (type: string, ws: string) => (contact: unknown) => domainEvent(type, ws, { contact });
  const contactsByIds = async (ws: string, ids: string[]) =>
    ids.length === 0
      ? []
      : withCompanies(
          db,
          ws,
          await rows<ContactRecord>(db, sql`select * from contacts where workspace_id = ${ws} and id in ${jsonList(ids, 'uuid')}`),
        );

  const refreshStatistics = plannerStatistics((tables) => db.execute(sql.raw(`analyze ${tables}`)));
  const inSegment = async (ws: string, query: { segment_id?: string }, target: SegmentTarget) =>
    query.segment_id ? [await segmentCondition(db, ws, query.segment_id, target)] : [];

  // What other modules delete with a contact (its conversations), in the deleting transaction.
  const deleteHooks: Array<(tx: DbOrTx, ws: string, contactId: string) => Promise<void>> = [];

  const service = {
    /** Runs inside the transaction that deletes a contact, before the contact row goes. */
    onDelete(hook: (tx: DbOrTx, ws: string, contactId: string) => Promise<void>): void {
      deleteHooks.push(hook);
    },

    listContacts: async (ws: string, query: ContactListQuery) => listContacts(db, ws, query, await inSegment(ws, query, 'contact')),
    countContacts: async (ws: string, query: ContactFilterQuery) =>
      countContacts(db, ws, query, await inSegment(ws, query, 'contact')),
    getContact: (ws: string, id: string) => getContact(db, ws, id),

    async createContact(ws: string, input: ContactCreate) {
      const contact = await write(async (tx) => {
        const row = await createContact(tx, ws, input);
        return getContact(tx, ws, row.id);
      });
      await publish([domainEvent('contact.created', ws, { contact })]);
      return contact;
    },

    async updateContact(ws: string, id: string, patch: ContactCreate) {
      const contact = await write(async (tx) => {
        await updateContact(tx, ws, id, patch);
        return getContact(tx, ws, id);
      });
      await publish([domainEvent('contact.updated', ws, { contact })]);
      return contact;
    },

    async deleteContact(ws: string, id: string) {
      const contact = await write(async (tx) => {
        for (const hook of deleteHooks) await hook(tx, ws, id);
        return deleteContact(tx, ws, id);
      });
      await publish([domainEvent('contact.deleted', ws, { contact })]);
    },

    /** Merges a lead into a user; returns the user as it is afterwards. */
    async mergeContact(ws: string, leadId: string, intoId: string) {
      const { lead, contact } = await write(async (tx) => {
        const lead = await mergeLead(tx, ws, leadId, intoId);
        return { lead, contact: await getContact(tx, ws, intoId) };
      });
      await publish([domainEvent('contact.deleted', ws, { contact: lead }), domainEvent('contact.updated', ws, { contact })]);
      return contact;
    },

    async listContactEvents(ws: string, id: string, page: { cursor?: string; limit: number }) {
      await findContact(db, ws, id);
      return listTimeline(db, ws, { contactId: id, ...page });
    },

    eventNames: (ws: string) => eventNames(db, ws),

    /** A contact's latest events of some names (e.g. its frustration signals), newest first. */
    async recentEvents(ws: string, id: string, opts: { names: readonly string[]; since: Date; limit: number }): Promise<Event[]> {
      await findContact(db, ws, id);
      return (await listNamedEvents(db, ws, { contactId: id, ...opts })).map(toEvent);
    },

    listCompanies: async (ws: string, query: CompanyListQuery) =>
      listCompanies(db, ws, query, await inSegment(ws, query, 'company')),
    countCompanies: async (ws: string, query: CompanyFilterQuery) =>
      countCompanies(db, ws, query, await inSegment(ws, query, 'company')),
    getCompany: (ws: string, id: string) => getCompany(db, ws, id),

    async createCompany(ws: string, input: CompanyCreate) {
      const company = await write((tx) => createCompany(tx, ws, input));
      await publish([domainEvent('company.created', ws, { company })]);
      return company;
    },

    async updateCompany(ws: string, id: string, patch: CompanyCreate) {
      const company = await write((tx) => updateCompany(tx, ws, id, patch));
      await publish([domainEvent('company.updated', ws, { company })]);
      return company;
    },

    async deleteCompany(ws: string, id: string) {
      await write((tx) => deleteCompany(tx, ws, id));
    },

    async listCompanyContacts(ws: string, id: string, query: ContactListQuery) {
      await getCompany(db, ws, id);
      return listContacts(db, ws, { ...query, company_id: id }, await inSegment(ws, query, 'contact'));
    },

    /** Records one event through the REST API; a repeated message_id returns the first event. */
    async trackEvent(ws: string, input: EventCreate): Promise<{ event: Event; created: boolean }> {
      const receivedAt = new Date();
      const result = await write(async (tx) => {
        const contact = await contactFor(tx, ws, input);
        const occurred = input.occurred_at ? new Date(input.occurred_at) : receivedAt;
        const id = newId();
        const inserted = await insertEvents(
          tx,
          ws,
          [{ id, contact_id: contact.id, name: input.name, properties: input.properties ?? {}, occurred_at: occurred.toISOString(), message_id: input.message_id ?? null, source: 'api' }],
          receivedAt,
        );
        const created = inserted.has(id);
        if (created) await touchContacts(tx, ws, new Map([[contact.id, [Math.min(occurred.getTime(), receivedAt.getTime())]]]));
        const [row] = await rows<EventRecord>(
          tx,
          sql`select id, 'track' as kind, contact_id, name, properties, occurred_at, received_at from events
              where workspace_id = ${ws} and ${created ? sql`id = ${id}` : sql`message_id = ${input.message_id!}`}`,
        );
        return { event: toEvent(row!), created };
      });
      if (result.created) await publish([domainEvent('event.tracked', ws, { event: result.event })]);
      return result;
    },

    listEvents: (ws: string, opts: { contact_id?: string; cursor?: string; limit: number }) =>
      listTimeline(db, ws, { contactId: opts.contact_id, cursor: opts.cursor, limit: opts.limit }),

    listAttributes: (ws: string, target?: Target) => listDefinitions(db, ws, target),
    createAttribute: (ws: string, input: AttributeCreate) => createDefinition(db, ws, input),
    deleteAttribute: (ws: string, id: string) => deleteDefinition(db, ws, id),

    /** Stores validated Segment calls in one transaction, then publishes what changed. */
    async ingest(ws: string, messages: Normalized[], receivedAt: Date) {
      // Most calls are tracks from known contacts: one statement, no transaction. A failure
      // part-way is safe because the client's retry skips every messageId already stored.
      // Not with identify/group calls: their traits may still be refused, and then nothing of
      // the batch may have been stored.
      const checked = messages.every((m) => m.type !== 'identify' && m.type !== 'group');
      const fast = checked ? await ingestKnownTracks(ctx.database, ws, messages, receivedAt) : { events: [], rest: messages };
      const rest = fast.rest;
      const activityOnly = rest.every((m) => m.type === 'track' || m.type === 'page' || m.type === 'screen');
      const r =
        rest.length === 0
          ? emptyResult()
          : ((activityOnly ? await ingestBatch(db, ws, rest, receivedAt, { onlyKnownContacts: true }) : null) ??
            (await write((tx) => ingestBatch(tx, ws, rest, receivedAt)))!);
      r.events.unshift(...fast.events);
      const [created, updated] = await Promise.all([
        contactsByIds(ws, r.createdContacts),
        contactsByIds(ws, r.updatedContacts),
      ]);
      const at = new Date().toISOString();
      const companies = await Promise.all([...r.createdCompanies, ...r.updatedCompanies].map((id) => getCompany(db, ws, id)));
      await publish([
        ...created.map(contactEvent('contact.created', ws)),
        ...updated.map(contactEvent('contact.updated', ws)),
        ...r.deletedContacts.map(contactEvent('contact.deleted', ws)),
        ...companies.map((company) =>
          domainEvent(r.createdCompanies.includes(company.id) ? 'company.created' : 'company.updated', ws, { company }),
        ),
        // One per stored event: ids from the pooled generator (see fast-ids.ts).
        ...r.events.map((event): DomainEvent => ({ id: fastId(), type: 'event.tracked', workspaceId: ws, at, data: { event } })),
      ]);
    },

    /** Another module's table whose contact_id follows merges (see followContactMerges). */
    followMerges: followContactMerges,

    /** The contact known by this external user id, else this anonymous (visitor) id, else this e-mail. */
    async findContactId(ws: string, ids: { externalId?: string; anonymousId?: string; email?: string }) {
      const conds = [
        ids.externalId === undefined ? undefined : sql`external_id = ${ids.externalId}`,
        ids.anonymousId === undefined ? undefined : sql`anonymous_id = ${ids.anonymousId}`,
        ids.email === undefined ? undefined : sql`lower(email) = lower(${ids.email})`,
      ];
      for (const cond of conds) {
        if (!cond) continue;
        const [row] = await rows<{ id: string; role: 'user' | 'lead'; email: string | null }>(
          db,
          sql`select id, role, email from contacts where workspace_id = ${ws} and ${cond}`,
        );
        if (row) return row;
      }
      return null;
    },

    /**
     * Per-arm sufficient statistics of an experiment metric computed from events, contacts and
     * companies in the database (see experiment-metrics.ts); the experiments module analyses them.
     */
    async experimentMetric(ws: string, q: MetricQuery) {
      if (ctx.database.driver === 'pglite') await refreshStatistics('events, contact_companies, contacts, companies');
      return experimentMetric(db, ws, q);
    },

    /** All of an experiment's metrics in one statement (one pass over the events). */
    async experimentMetrics(ws: string, q: MetricsQuery) {
      if (ctx.database.driver === 'pglite') await refreshStatistics('events, contact_companies, contacts, companies');
      return experimentMetrics(db, ws, q);
    },

    /** The statistics of per-unit rows stored before (the experiments rollup): no events read. */
    experimentAggregates: (ws: string, q: AggregateQuery) => aggregateMetrics(db, ws, q),

    /** The SELECT of every unit's metric values (see experiment-metrics.ts), for a caller to store. */
    experimentPerUnitSql: perUnitSql,

    /** The SELECT of units whose metric inputs may have changed since a time (see experiment-metrics.ts). */
    experimentChangedUnitsSql: changedUnitsSql,

    /** Baton ids of contacts or companies by their external ids (missing ones are absent). */
    async idsByExternalId(ws: string, target: 'contact' | 'company', externalIds: string[]): Promise<Map<string, string>> {
      const table = sql.raw(target === 'contact' ? 'contacts' : 'companies');
      const found = await rows<{ id: string; external_id: string }>(
        db,
        sql`select id, external_id from ${table} where workspace_id = ${ws} and external_id in ${jsonList(externalIds, 'text')}`,
      );
      return new Map(found.map((r) => [r.external_id, r.id]));
    },

    /** Fills a workspace with demo contacts, companies and events (see demo.ts). */
    seedDemo: (ws: string) => seedDemo(ctx, ws),
  };
  return service;
}

async function contactFor(tx: DbOrTx, ws: string, input: EventCreate) {
  const cond = input.contact_id
    ? sql`id = ${input.contact_id}`
    : input.external_id
      ? sql`external_id = ${input.external_id}`
      : sql`lower(email) = lower(${input.email!})`;
  const [row] = await rows<{ id: string }>(tx, sql`select id from contacts where workspace_id = ${ws} and ${cond}`);
  if (!row) throw notFound('Contact');
  return row;
}

export type ContactsService = ReturnType<typeof createContactsService>;

import { sql } from 'drizzle-orm';
import type {
  AttributeCreate,
  CompanyCreate,
  CompanyListQuery,
  ContactCreate,
  ContactListQuery,
  Event,
  EventCreate,
} from '../../contracts/contacts.ts';
import { domainEvent, type Ctx } from '../platform/context.ts';
import type { DomainEvent } from '../platform/bus.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { createDefinition, deleteDefinition, listDefinitions, type Target } from './attributes.ts';
import { createCompany, deleteCompany, getCompany, listCompanies, updateCompany } from './companies.ts';
import {
  createContact,
  deleteContact,
  findContact,
  getContact,
  listContacts,
  mergeLead,
  updateContact,
  withCompanies,
} from './contacts.ts';
import { seedDemo } from './demo.ts';
import { insertEvents, listTimeline, touchContacts } from './events.ts';
import { emptyResult, ingestBatch } from './ingest.ts';
import { ingestKnownTracks } from './ingest-fast.ts';
import { fastId } from './fast-ids.ts';
import { toEvent, type ContactRecord, type EventRecord } from './records.ts';
import type { Normalized } from './segment.ts';
import { isUniqueViolation, jsonList, rows } from './sql.ts';

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
  const publish = async (events: DomainEvent[]) => {
    for (const e of events) await ctx.bus.publish(e);
  };
  const contactEvent = (type: string, ws: string) => (contact: unknown) => domainEvent(type, ws, { contact });
  const contactsByIds = async (ws: string, ids: string[]) =>
    ids.length === 0
      ? []
      : withCompanies(
          db,
          ws,
          await rows<ContactRecord>(db, sql`select * from contacts where workspace_id = ${ws} and id in ${jsonList(ids, 'uuid')}`),
        );

  const service = {
    listContacts: (ws: string, query: ContactListQuery) => listContacts(db, ws, query),
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
      const contact = await write((tx) => deleteContact(tx, ws, id));
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

    listCompanies: (ws: string, query: CompanyListQuery) => listCompanies(db, ws, query),
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
      return listContacts(db, ws, { ...query, company_id: id });
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
      const fast = checked ? await ingestKnownTracks(db, ws, messages, receivedAt) : { events: [], rest: messages };
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

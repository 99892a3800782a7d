import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../contracts/common.ts';
import {
  AttributeCreate,
  AttributeDefinition,
  AttributeListQuery,
  Company,
  CompanyCreate,
  CompanyFilterQuery,
  CompanyListQuery,
  CompanyPage,
  CompanyUpdate,
  Contact,
  ContactCreate,
  ContactFilterQuery,
  ContactListQuery,
  Count,
  ContactPage,
  ContactUpdate,
  Event,
  EventCreate,
  EventListQuery,
  EventPage,
  MergeBody,
  PageQuery,
} from '../../contracts/contacts.ts';
import { requireWorkspace } from '../platform/auth/plugin.ts';
import type { Services } from '../services.ts';

const Deleted = z.null().describe('Deleted');

/** REST API v1: thin handlers; the workspace always comes from the caller's credentials. */
export async function restRoutes(base: FastifyInstance, services: Services) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = services.contacts;
  const ws = (req: Parameters<typeof requireWorkspace>[0]) => requireWorkspace(req).workspaceId;

  const contacts = { tags: ['Contacts'] };
  app.get('/api/v1/contacts', {
    schema: { ...contacts, summary: 'List contacts (filter, sort, search, cursor pagination)', querystring: ContactListQuery, response: { 200: ContactPage, ...problemResponses } },
  }, (req) => svc.listContacts(ws(req), req.query));
  app.get('/api/v1/contacts/count', {
    schema: { ...contacts, summary: 'Count the contacts a list with these filters would show', querystring: ContactFilterQuery, response: { 200: Count, ...problemResponses } },
  }, async (req) => ({ count: await svc.countContacts(ws(req), req.query) }));
  app.post('/api/v1/contacts', {
    schema: { ...contacts, summary: 'Create a contact', body: ContactCreate, response: { 201: Contact, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.createContact(ws(req), req.body)));
  app.get('/api/v1/contacts/:id', {
    schema: { ...contacts, summary: 'Get a contact', params: IdParams, response: { 200: Contact, ...problemResponses } },
  }, (req) => svc.getContact(ws(req), req.params.id));
  app.patch('/api/v1/contacts/:id', {
    schema: { ...contacts, summary: 'Update a contact (attributes merge; null removes a key)', params: IdParams, body: ContactUpdate, response: { 200: Contact, ...problemResponses } },
  }, (req) => svc.updateContact(ws(req), req.params.id, req.body));
  app.delete('/api/v1/contacts/:id', {
    schema: { ...contacts, summary: 'Delete a contact with its events', params: IdParams, response: { 204: Deleted, ...problemResponses } },
  }, async (req, reply) => {
    await svc.deleteContact(ws(req), req.params.id);
    return reply.status(204).send(null);
  });
  app.post('/api/v1/contacts/:id/merge', {
    schema: { ...contacts, summary: 'Merge this lead into a user', params: IdParams, body: MergeBody, response: { 200: Contact, ...problemResponses } },
  }, (req) => svc.mergeContact(ws(req), req.params.id, req.body.into_id));
  app.get('/api/v1/contacts/:id/events', {
    schema: { ...contacts, summary: "A contact's events and page views, newest first", params: IdParams, querystring: PageQuery, response: { 200: EventPage, ...problemResponses } },
  }, (req) => svc.listContactEvents(ws(req), req.params.id, req.query));

  const companies = { tags: ['Companies'] };
  app.get('/api/v1/companies', {
    schema: { ...companies, summary: 'List companies', querystring: CompanyListQuery, response: { 200: CompanyPage, ...problemResponses } },
  }, (req) => svc.listCompanies(ws(req), req.query));
  app.get('/api/v1/companies/count', {
    schema: { ...companies, summary: 'Count the companies a list with these filters would show', querystring: CompanyFilterQuery, response: { 200: Count, ...problemResponses } },
  }, async (req) => ({ count: await svc.countCompanies(ws(req), req.query) }));
  app.post('/api/v1/companies', {
    schema: { ...companies, summary: 'Create a company', body: CompanyCreate, response: { 201: Company, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.createCompany(ws(req), req.body)));
  app.get('/api/v1/companies/:id', {
    schema: { ...companies, summary: 'Get a company', params: IdParams, response: { 200: Company, ...problemResponses } },
  }, (req) => svc.getCompany(ws(req), req.params.id));
  app.patch('/api/v1/companies/:id', {
    schema: { ...companies, summary: 'Update a company', params: IdParams, body: CompanyUpdate, response: { 200: Company, ...problemResponses } },
  }, (req) => svc.updateCompany(ws(req), req.params.id, req.body));
  app.delete('/api/v1/companies/:id', {
    schema: { ...companies, summary: 'Delete a company (its contacts stay)', params: IdParams, response: { 204: Deleted, ...problemResponses } },
  }, async (req, reply) => {
    await svc.deleteCompany(ws(req), req.params.id);
    return reply.status(204).send(null);
  });
  app.get('/api/v1/companies/:id/contacts', {
    schema: { ...companies, summary: "A company's contacts", params: IdParams, querystring: ContactListQuery, response: { 200: ContactPage, ...problemResponses } },
  }, (req) => svc.listCompanyContacts(ws(req), req.params.id, req.query));

  const events = { tags: ['Events'] };
  app.post('/api/v1/events', {
    schema: { ...events, summary: 'Track an event for a contact (idempotent on message_id)', body: EventCreate, response: { 200: Event, 201: Event, ...problemResponses } },
  }, async (req, reply) => {
    const { event, created } = await svc.trackEvent(ws(req), req.body);
    return reply.status(created ? 201 : 200).send(event);
  });
  app.get('/api/v1/events', {
    schema: { ...events, summary: 'List events and page views, newest first', querystring: EventListQuery, response: { 200: EventPage, ...problemResponses } },
  }, (req) => svc.listEvents(ws(req), req.query));

  const attributes = { tags: ['Attributes'] };
  app.get('/api/v1/attributes', {
    schema: { ...attributes, summary: 'List custom attribute definitions', querystring: AttributeListQuery, response: { 200: z.object({ data: z.array(AttributeDefinition) }), ...problemResponses } },
  }, async (req) => ({ data: await svc.listAttributes(ws(req), req.query.target) }));
  app.post('/api/v1/attributes', {
    schema: { ...attributes, summary: 'Define a custom attribute', body: AttributeCreate, response: { 201: AttributeDefinition, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.createAttribute(ws(req), req.body)));
  app.delete('/api/v1/attributes/:id', {
    schema: { ...attributes, summary: 'Delete an attribute definition (stored values stay)', params: IdParams, response: { 204: Deleted, ...problemResponses } },
  }, async (req, reply) => {
    await svc.deleteAttribute(ws(req), req.params.id);
    return reply.status(204).send(null);
  });
}

import type { Attributes, Company, Contact, Event } from '../../contracts/contacts.ts';
import { iso } from './sql.ts';

/** Rows as raw SQL returns them (snake_case columns) and their REST wire form. */
export interface ContactRecord {
  id: string;
  role: 'user' | 'lead';
  external_id: string | null;
  email: string | null;
  name: string | null;
  phone: string | null;
  avatar_url: string | null;
  locale: string | null;
  timezone: string | null;
  anonymous_id: string | null;
  attributes: Attributes;
  signed_up_at: Date | string | null;
  last_seen_at: Date | string | null;
  session_count: number;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface CompanyRecord {
  id: string;
  external_id: string | null;
  name: string | null;
  plan: string | null;
  mrr: string | number | null;
  trial_ends_at: Date | string | null;
  website: string | null;
  industry: string | null;
  size: number | null;
  attributes: Attributes;
  contact_count?: number | string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface EventRecord {
  id: string;
  kind: 'track' | 'page' | 'screen';
  contact_id: string;
  name: string | null;
  properties: Attributes;
  url: string | null;
  title: string | null;
  occurred_at: Date | string;
  received_at: Date | string;
}

export type CompanyRef = Contact['companies'][number];

export function toContact(r: ContactRecord, companies: CompanyRef[] = []): Contact {
  return {
    id: r.id,
    role: r.role,
    external_id: r.external_id,
    email: r.email,
    name: r.name,
    phone: r.phone,
    avatar_url: r.avatar_url,
    locale: r.locale,
    timezone: r.timezone,
    attributes: r.attributes ?? {},
    companies,
    signed_up_at: iso(r.signed_up_at),
    last_seen_at: iso(r.last_seen_at),
    session_count: Number(r.session_count),
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
  };
}

export function toCompany(r: CompanyRecord): Company {
  const mrr = r.mrr === null ? null : Number(r.mrr);
  return {
    id: r.id,
    external_id: r.external_id,
    name: r.name,
    plan: r.plan,
    mrr,
    // Rounded to cents: 12 × a two-decimal amount must not pick up float noise.
    arr: mrr === null ? null : Math.round(mrr * 1200) / 100,
    trial_ends_at: iso(r.trial_ends_at),
    website: r.website,
    industry: r.industry,
    size: r.size,
    attributes: r.attributes ?? {},
    contact_count: Number(r.contact_count ?? 0),
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
  };
}

export function toEvent(r: EventRecord): Event {
  return {
    id: r.id,
    kind: r.kind,
    contact_id: r.contact_id,
    name: r.name,
    properties: r.properties ?? {},
    ...(r.kind === 'track' ? {} : { url: r.url, title: r.title }),
    occurred_at: iso(r.occurred_at)!,
    received_at: iso(r.received_at)!,
  };
}

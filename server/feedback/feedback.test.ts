import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackItem, FeedbackItemDetail, NotificationRun } from '../../contracts/feedback.ts';
import { LOCALES } from '../../contracts/messenger-constants.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { rows } from '../contacts/sql.ts';
import { messages } from '../inbox/schema.ts';
import { outboxEmails } from '../platform/mail/schema.ts';
import { startReceiver, waitFor, type Receiver } from '../platform/webhooks/testing.ts';

/**
 * Planted voice-of-the-customer data: a feature request told by 37 customers of known companies,
 * plans and MRR, a bug told by 5 customers of one large company. Every number is recomputed here
 * from the plan, independently of the SQL.
 */

let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;
let receiver: Receiver;

const WEEK = 7 * 86_400_000;
const now = Date.now();

/** mulberry32: a fixed seed gives the same plan on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PlannedCompany { key: string; plan: string | null; mrrCents: number | null }
interface PlannedContact { key: string; email: string | null; locale: string; companies: number[]; conversationsAt: number[] }

const rand = random(8);
const PLANS = ['starter', 'pro', 'enterprise'];
const companiesPlan: PlannedCompany[] = Array.from({ length: 12 }, (_, i) => ({
  key: `co-${i}`,
  plan: i === 11 ? null : PLANS[Math.floor(rand() * PLANS.length)]!,
  mrrCents: i === 10 ? null : 1000 + Math.floor(rand() * 200_000),
}));
/** The bug's one large customer. */
const bigCompany: PlannedCompany = { key: 'co-big', plan: 'enterprise', mrrCents: 5_000_000 };

const featureContacts: PlannedContact[] = Array.from({ length: 37 }, (_, i) => ({
  key: `fr-${i}`,
  email: i % 9 === 0 ? null : `fr-${i}@customers.test`,
  locale: LOCALES[i % LOCALES.length]!,
  companies: i < 30 ? [i % 12] : i < 34 ? [] : [i % 12, (i + 5) % 12],
  conversationsAt: (i % 4 === 0 ? [0, 1] : [0]).map((k) => now - ((i + k) % 6) * WEEK - 3_600_000),
}));
const bugContacts: PlannedContact[] = Array.from({ length: 5 }, (_, i) => ({
  key: `bug-${i}`,
  email: `bug-${i}@customers.test`,
  locale: 'en',
  companies: [12],
  conversationsAt: [now - 3_600_000],
}));

const companyIds: string[] = [];
const contactIds = new Map<string, string>();
const conversationsOf = new Map<string, string[]>();
let feature: FeedbackItem;
let bug: FeedbackItem;

async function plant(contact: PlannedContact, item: FeedbackItem, body: string) {
  const created = await api<{ id: string }>('post', '/api/v1/contacts', {
    external_id: contact.key,
    email: contact.email,
    locale: contact.locale,
    company_ids: contact.companies.map((c) => companyIds[c]!),
  });
  expect(created.status).toBe(201);
  contactIds.set(contact.key, created.body.id);
  const ids: string[] = [];
  for (const at of contact.conversationsAt) {
    const c = await api<{ id: string }>('post', '/api/v1/conversations', { contact_id: created.body.id, body });
    ids.push(c.body.id);
    await baton.ctx.db.execute(sql`update conversations set created_at = ${new Date(at).toISOString()} where id = ${c.body.id}`);
    const linked = await api('post', `/api/v1/feedback-items/${item.id}/conversations`, { conversation_id: c.body.id });
    expect(linked.status).toBe(200);
  }
  conversationsOf.set(contact.key, ids);
}

/** Monday 00:00 UTC of the week of `t`, as YYYY-MM-DD. */
function mondayOf(t: number): string {
  const d = new Date(t);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

function expectedNumbers(contacts: PlannedContact[], all: PlannedCompany[]) {
  const companies = new Set(contacts.flatMap((c) => c.companies));
  const arrCents = [...companies].reduce((n, i) => n + (all[i]!.mrrCents ?? 0) * 12, 0);
  const plans = new Map<string | null, { companies: number; arrCents: number }>();
  for (const i of companies) {
    const p = plans.get(all[i]!.plan) ?? { companies: 0, arrCents: 0 };
    p.companies++;
    p.arrCents += (all[i]!.mrrCents ?? 0) * 12;
    plans.set(all[i]!.plan, p);
  }
  return {
    conversations: contacts.reduce((n, c) => n + c.conversationsAt.length, 0),
    contacts: contacts.length,
    companies: companies.size,
    arr: arrCents / 100,
    contacts_without_company: contacts.filter((c) => c.companies.length === 0).length,
    plan_mix: new Map([...plans].map(([plan, p]) => [plan, { plan, companies: p.companies, arr: p.arrCents / 100 }])),
  };
}

beforeAll(async () => {
  baton = await startBaton({ env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
  ws = await createWorkspace(baton, 'Feedback');
  api = restClient(baton, ws);
  receiver = await startReceiver();
  const hook = await api('post', '/api/v1/webhooks', { url: receiver.url, event_types: ['feedback_item.shipped', 'feedback_item.created'] });
  expect(hook.status).toBe(201);
  for (const c of [...companiesPlan, bigCompany]) {
    const r = await api<{ id: string }>('post', '/api/v1/companies', { name: c.key, external_id: c.key, plan: c.plan, mrr: c.mrrCents === null ? null : c.mrrCents / 100 });
    expect(r.status).toBe(201);
    companyIds.push(r.body.id);
  }
  feature = (await api<FeedbackItem>('post', '/api/v1/feedback-items', { kind: 'feature_request', title: 'Export reports to Excel', description: 'Download any report as a spreadsheet' })).body;
  bug = (await api<FeedbackItem>('post', '/api/v1/feedback-items', { kind: 'bug', title: 'Invoices show the wrong currency' })).body;
  for (const c of featureContacts) await plant(c, feature, 'Can I export the monthly report to Excel?');
  for (const c of bugContacts) await plant(c, bug, 'My invoice is in dollars, not euros');
}, 240_000);
afterAll(async () => {
  await baton?.stop();
  await receiver?.close();
});

describe('feedback item numbers', () => {
  it('counts the feature request’s 37 customers, their companies, combined ARR, plan mix and weekly trend', async () => {
    const want = expectedNumbers(featureContacts, [...companiesPlan, bigCompany]);
    const { status, body } = await api<FeedbackItemDetail>('get', `/api/v1/feedback-items/${feature.id}`);
    expect(status).toBe(200);
    expect(body.contacts).toBe(37);
    expect({ conversations: body.conversations, contacts: body.contacts, companies: body.companies, arr: body.arr, alone: body.contacts_without_company })
      .toEqual({ conversations: want.conversations, contacts: want.contacts, companies: want.companies, arr: want.arr, alone: want.contacts_without_company });
    expect(new Map(body.plan_mix.map((p) => [p.plan, p]))).toEqual(want.plan_mix);

    const perWeek = new Map<string, number>();
    for (const at of featureContacts.flatMap((c) => c.conversationsAt)) perWeek.set(mondayOf(at), (perWeek.get(mondayOf(at)) ?? 0) + 1);
    const weeks = Array.from({ length: 12 }, (_, k) => mondayOf(now - (11 - k) * WEEK));
    expect(body.trend).toEqual(weeks.map((week) => ({ week, conversations: perWeek.get(week) ?? 0 })));
  });

  it('ranks by affected customers or by ARR, and exports the ranking as CSV', async () => {
    const byCustomers = (await api<{ data: FeedbackItem[] }>('get', '/api/v1/feedback-items')).body.data;
    expect(byCustomers.map((i) => [i.id, i.contacts])).toEqual([[feature.id, 37], [bug.id, 5]]);
    const byArr = (await api<{ data: FeedbackItem[] }>('get', '/api/v1/feedback-items?sort=arr')).body.data;
    expect(byArr.map((i) => [i.id, i.arr])).toEqual([[bug.id, 600_000], [feature.id, expectedNumbers(featureContacts, companiesPlan).arr]]);
    const csv = await baton.app.inject({ url: '/api/v1/feedback-items.csv?sort=arr', headers: { authorization: `Bearer ${ws.apiKey}` } });
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,kind,title,status,contacts,companies,arr,conversations,created_at,shipped_at');
    expect(lines[1]).toBe(`${bug.id},bug,Invoices show the wrong currency,new,5,1,600000,5,${bug.created_at},`);
    expect(lines).toHaveLength(3);
  });

  it('lists the linked conversations with their contacts, and linking one again changes nothing', async () => {
    const first = conversationsOf.get('fr-1')![0]!;
    const again = await api<FeedbackItem>('post', `/api/v1/feedback-items/${feature.id}/conversations`, { conversation_id: first });
    expect(again.body.conversations).toBe(expectedNumbers(featureContacts, companiesPlan).conversations);
    const list = (await api<{ data: { conversation_id: string; contact_email: string | null; source: string }[] }>('get', `/api/v1/feedback-items/${feature.id}/conversations`)).body.data;
    expect(list).toHaveLength(expectedNumbers(featureContacts, companiesPlan).conversations);
    expect(list.find((l) => l.conversation_id === first)).toMatchObject({ contact_email: 'fr-1@customers.test', source: 'api' });
  });

  it('refuses bad input with problem+json naming the field, and changes nothing', async () => {
    const bad = await api<{ errors: { field: string }[] }>('post', '/api/v1/feedback-items', { kind: 'complaint', title: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e) => e.field)).toContain('body.kind');
    const status = await api<{ errors: { field: string }[] }>('patch', `/api/v1/feedback-items/${bug.id}`, { status: 'done' });
    expect(status.body.errors.map((e) => e.field)).toContain('body.status');
    const noConversation = await api('post', `/api/v1/feedback-items/${bug.id}/conversations`, { conversation_id: '0190a0a0-0000-7000-8000-000000000000' });
    expect(noConversation.status).toBe(404);
    const early = await api<{ errors: { field: string }[] }>('post', `/api/v1/feedback-items/${bug.id}/notifications`, { channel: 'email', default_locale: 'en', texts: { en: { body: 'Fixed' } } });
    expect(early.status).toBe(409);
    const noDefault = await api<{ errors: { field: string }[] }>('post', `/api/v1/feedback-items/${bug.id}/notifications`, { channel: 'email', default_locale: 'ru', texts: { en: { body: 'Fixed' } } });
    expect(noDefault.body.errors.map((e) => e.field)).toContain('body.texts.ru');
    const after = (await api<FeedbackItemDetail>('get', `/api/v1/feedback-items/${bug.id}`)).body;
    expect([after.status, after.conversations, after.title]).toEqual(['new', 5, 'Invoices show the wrong currency']);
  });
});

describe('suggestions from similar feedback', () => {
  it('suggests the item a conversation resembles, in Russian, Chinese and Kazakh too', async () => {
    const ru = (await api<FeedbackItem>('post', '/api/v1/feedback-items', { kind: 'ux', title: 'Кнопка сохранения не видна на телефоне' })).body;
    const zh = (await api<FeedbackItem>('post', '/api/v1/feedback-items', { kind: 'known_limitation', title: '无法批量导入联系人' })).body;
    const kk = (await api<FeedbackItem>('post', '/api/v1/feedback-items', { kind: 'bug', title: 'Төлем беті ашылмайды' })).body;
    const cases = [
      { locale: 'ru', text: 'Здравствуйте! На телефоне не видно кнопку сохранения, что делать?', want: ru.id },
      { locale: 'zh-Hans', text: '请问如何批量导入联系人？', want: zh.id },
      { locale: 'kk', text: 'Сәлеметсіз бе, төлем беті ашылмайды', want: kk.id },
      { locale: 'en', text: 'How do I export the report to Excel?', want: feature.id },
    ];
    for (const c of cases) {
      const contact = await api<{ id: string }>('post', '/api/v1/contacts', { external_id: `suggest-${c.locale}`, locale: c.locale });
      const conversation = await api<{ id: string }>('post', '/api/v1/conversations', { contact_id: contact.body.id, body: c.text });
      const found = await api<{ suggested: { id: string }[]; linked: unknown[] }>('get', `/api/v1/conversations/${conversation.body.id}/feedback`);
      expect(found.body.linked).toEqual([]);
      expect(found.body.suggested[0]?.id, c.text).toBe(c.want);
    }
  });
});

describe('notifying affected customers when an item ships', () => {
  const replay = async (run: NotificationRun) => {
    await baton.ctx.db.execute(sql`update feedback_notify_runs set finished_at = null where id = ${run.id}`);
    await baton.services.feedback.notifications.work({ workspaceId: ws.workspaceId, runId: run.id });
  };
  const pollRun = (item: FeedbackItem) =>
    waitFor(async () => {
      const runs = (await api<{ data: NotificationRun[] }>('get', `/api/v1/feedback-items/${item.id}/notifications`)).body.data;
      return runs[0]?.status === 'done' ? runs[0] : undefined;
    }, 'the notification run to finish', 60_000);

  it('e-mails every affected customer once, in their language, and a retry or second run sends nothing more', { timeout: 120_000 }, async () => {
    const received: string[] = [];
    const shipped = await api<FeedbackItem>('patch', `/api/v1/feedback-items/${feature.id}`, { status: 'shipped' });
    expect(shipped.body.shipped_at).not.toBeNull();
    const hooked = await waitFor(
      () => receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { feedback_item: FeedbackItem } }).find((e) => e.type === 'feedback_item.shipped'),
      'the feedback_item.shipped webhook',
    );
    expect(hooked.data.feedback_item).toMatchObject({ id: feature.id, status: 'shipped', contacts: 37 });
    const createdIds = () =>
      receiver.received
        .map((r) => JSON.parse(r.body) as { type: string; data: { feedback_item: FeedbackItem } })
        .filter((e) => e.type === 'feedback_item.created')
        .map((e) => e.data.feedback_item.id);
    await waitFor(() => createdIds().includes(feature.id) && createdIds().includes(bug.id), 'feedback_item.created webhooks of both items');
    const texts = { en: { subject: 'Excel export is here', body: 'You asked for it: export to Excel has shipped.' }, ru: { subject: 'Экспорт в Excel', body: 'Экспорт в Excel готов.' } };
    const start = await api<NotificationRun>('post', `/api/v1/feedback-items/${feature.id}/notifications`, { channel: 'email', default_locale: 'en', texts });
    expect(start.status).toBe(202);
    expect(start.body.total).toBe(37);
    const run = await pollRun(feature);
    const withEmail = featureContacts.filter((c) => c.email);
    expect([run.sent, run.skipped]).toEqual([withEmail.length, 37 - withEmail.length]);
    for (const c of withEmail) {
      const mails = await baton.ctx.db.select().from(outboxEmails).where(eq(outboxEmails.to, c.email!));
      expect(mails.map((m) => [m.subject, m.text])).toEqual([c.locale === 'ru' ? [texts.ru.subject, texts.ru.body] : [texts.en.subject, texts.en.body]]);
      received.push(c.email!);
    }

    // A retry after a crash just before the run was marked finished: the same tally, no new mail.
    await replay(run);
    const replayed = (await api<{ data: NotificationRun[] }>('get', `/api/v1/feedback-items/${feature.id}/notifications`)).body.data[0]!;
    expect([replayed.sent, replayed.skipped]).toEqual([run.sent, run.skipped]);
    const second = await api<NotificationRun>('post', `/api/v1/feedback-items/${feature.id}/notifications`, { channel: 'email', default_locale: 'en', texts });
    expect(second.status).toBe(202);
    const secondRun = await pollRun(feature);
    expect(secondRun.id).toBe(second.body.id);
    expect([secondRun.sent, secondRun.skipped]).toEqual([0, 37]);
    const [sentMail] = await rows<{ n: number }>(baton.ctx.db, sql`select count(*)::int as n from outbox_emails where "to" like '%@customers.test'`);
    expect(sentMail!.n).toBe(received.length);
  });

  it('writes one Messenger message into each customer’s latest linked conversation, never twice', { timeout: 120_000 }, async () => {
    await api('patch', `/api/v1/feedback-items/${bug.id}`, { status: 'shipped' });
    const start = await api<NotificationRun>('post', `/api/v1/feedback-items/${bug.id}/notifications`, { channel: 'messenger', default_locale: 'en', texts: { en: { body: 'The currency on invoices is fixed.' } } });
    const run = await pollRun(bug);
    expect(run.id).toBe(start.body.id);
    expect([run.sent, run.skipped]).toEqual([5, 0]);
    await replay(run);
    for (const c of bugContacts) {
      const [conversation] = conversationsOf.get(c.key)!;
      const written = await baton.ctx.db
        .select({ body: messages.body, author: messages.authorType })
        .from(messages)
        .where(and(eq(messages.workspaceId, ws.workspaceId), eq(messages.conversationId, conversation!)));
      expect(written.map((m) => [m.author, m.body])).toEqual([['contact', 'My invoice is in dollars, not euros'], ['bot', 'The currency on invoices is fixed.']]);
    }
  });
});

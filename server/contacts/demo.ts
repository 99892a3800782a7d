import { sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { rows } from './sql.ts';

/**
 * Demo data for a first start: people, companies and activity in English, Chinese (Simplified
 * and Traditional), Russian and Kazakh. Generated from a fixed seed so every demo looks the same,
 * and marked `demo: true` so nobody mistakes it for real customers.
 */

const DAY = 86_400_000;

/** Mulberry32: a tiny seeded PRNG, enough for repeatable demo data. */
export function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}

interface Culture {
  locale: string;
  timezone: string;
  country: string;
  cities: readonly string[];
  first: readonly string[];
  last: readonly string[];
  /** Latin spelling for e-mail addresses, index-aligned with `first`/`last`. */
  firstLatin: readonly string[];
  lastLatin: readonly string[];
  /** Family name first (Chinese), or given name first. */
  familyFirst: boolean;
  /** Index-aligned with `first`: whose family name takes the feminine form (Russian, Kazakh). */
  feminine?: readonly boolean[];
  domain: string;
}

const CULTURES: readonly Culture[] = [
  {
    locale: 'en', timezone: 'America/New_York', country: 'United States', cities: ['New York', 'Austin', 'Seattle', 'London'],
    first: ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'James', 'Sophia', 'Lucas', 'Mia', 'Ethan'],
    last: ['Smith', 'Johnson', 'Brown', 'Taylor', 'Miller', 'Wilson', 'Moore', 'Clark', 'Lewis', 'Walker'],
    firstLatin: ['emma', 'liam', 'olivia', 'noah', 'ava', 'james', 'sophia', 'lucas', 'mia', 'ethan'],
    lastLatin: ['smith', 'johnson', 'brown', 'taylor', 'miller', 'wilson', 'moore', 'clark', 'lewis', 'walker'],
    familyFirst: false, domain: 'example.com',
  },
  {
    locale: 'zh-CN', timezone: 'Asia/Shanghai', country: '中国', cities: ['北京', '上海', '深圳', '杭州'],
    first: ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '杰'],
    last: ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'],
    firstLatin: ['wei', 'fang', 'na', 'min', 'jing', 'lei', 'yang', 'yan', 'yong', 'jie'],
    lastLatin: ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'zhou', 'wu'],
    familyFirst: true, domain: 'example.cn',
  },
  {
    locale: 'zh-TW', timezone: 'Asia/Taipei', country: '臺灣', cities: ['臺北', '新竹', '臺中', '高雄'],
    first: ['志明', '淑芬', '家豪', '雅婷', '冠宇', '怡君', '俊傑', '佳穎', '建宏', '欣怡'],
    last: ['陳', '林', '黃', '張', '李', '王', '吳', '劉', '蔡', '楊'],
    firstLatin: ['zhiming', 'shufen', 'jiahao', 'yating', 'guanyu', 'yijun', 'junjie', 'jiaying', 'jianhong', 'xinyi'],
    lastLatin: ['chen', 'lin', 'huang', 'chang', 'lee', 'wang', 'wu', 'liu', 'tsai', 'yang'],
    familyFirst: true, domain: 'example.tw',
  },
  {
    locale: 'ru', timezone: 'Europe/Moscow', country: 'Россия', cities: ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск'],
    first: ['Анна', 'Дмитрий', 'Елена', 'Иван', 'Мария', 'Сергей', 'Ольга', 'Алексей', 'Татьяна', 'Никита'],
    last: ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов', 'Волков'],
    firstLatin: ['anna', 'dmitry', 'elena', 'ivan', 'maria', 'sergey', 'olga', 'alexey', 'tatiana', 'nikita'],
    lastLatin: ['ivanov', 'smirnov', 'kuznetsov', 'popov', 'sokolov', 'lebedev', 'kozlov', 'novikov', 'morozov', 'volkov'],
    familyFirst: false, domain: 'example.ru',
    feminine: [true, false, true, false, true, false, true, false, true, false],
  },
  {
    locale: 'kk', timezone: 'Asia/Almaty', country: 'Қазақстан', cities: ['Алматы', 'Астана', 'Шымкент', 'Қарағанды'],
    first: ['Айгерім', 'Нұрлан', 'Әсел', 'Дәурен', 'Гүлнар', 'Ерлан', 'Жанар', 'Асқар', 'Мәдина', 'Бауыржан'],
    last: ['Ахметов', 'Сейітов', 'Жұмабаев', 'Оспанов', 'Нұрланов', 'Қасымов', 'Серіков', 'Тоқтаров', 'Әлиев', 'Бекмұхамбетов'],
    firstLatin: ['aigerim', 'nurlan', 'assel', 'dauren', 'gulnar', 'yerlan', 'zhanar', 'askar', 'madina', 'baurzhan'],
    lastLatin: ['akhmetov', 'seitov', 'zhumabayev', 'ospanov', 'nurlanov', 'kassymov', 'serikov', 'toktarov', 'aliyev', 'bekmukhambetov'],
    familyFirst: false, domain: 'example.kz',
    feminine: [true, false, true, false, true, false, true, false, true, false],
  },
];

const COMPANY_NAMES = [
  'Northwind Analytics', 'Bluebird Logistics', 'Acme Robotics', 'Harbor Health', 'Maple Finance', 'Summit Outdoor',
  '星云科技', '青木教育', '长风物流', '云帆数据', '海鸥出行', '瑞星医疗',
  '鼎新資訊', '綠光能源', '晨曦設計', '永豐電子',
  'ТехноСфера', 'Северный Ветер', 'Альфа Логистик', 'Кедр Софт', 'Волга Медиа',
  'Дала Тех', 'Алтын Сауда', 'Көктем Медиа', 'Нұр Логистика', 'Арай Финанс',
  'Lumen Studio', 'Pinecone Labs', 'Orbit Payments', 'Riverbank Retail',
];
const INDUSTRIES = ['Software', 'Logistics', 'Healthcare', 'Finance', 'Education', 'Retail', 'Media', 'Energy'];
const PLANS = [
  { plan: 'free', mrr: 0 },
  { plan: 'starter', mrr: 49 },
  { plan: 'pro', mrr: 299 },
  { plan: 'enterprise', mrr: 2400 },
] as const;
const EVENT_NAMES = ['signed_in', 'project_created', 'invited_teammate', 'exported_report', 'upgraded_plan', 'viewed_pricing', 'connected_integration'];
const PAGES = [
  { path: '/', title: 'Home' },
  { path: '/pricing', title: 'Pricing' },
  { path: '/docs/getting-started', title: 'Getting started' },
  { path: '/app/projects', title: 'Projects' },
  { path: '/app/settings/billing', title: 'Billing' },
  { path: '/blog/release-notes', title: 'Release notes' },
];

const ATTRIBUTES = [
  { target: 'contact', key: 'plan', label: 'Plan', type: 'string' },
  { target: 'contact', key: 'city', label: 'City', type: 'string' },
  { target: 'contact', key: 'projects', label: 'Projects', type: 'number' },
  { target: 'contact', key: 'newsletter', label: 'Newsletter subscriber', type: 'boolean' },
  { target: 'contact', key: 'last_order_at', label: 'Last order', type: 'date' },
  { target: 'company', key: 'country', label: 'Country', type: 'string' },
  { target: 'company', key: 'seats', label: 'Seats', type: 'number' },
] as const;

/** Chunks keep each statement's parameter small on the embedded database. */
const CHUNK_ROWS = 1000;

async function inChunks<T>(list: readonly T[], insert: (chunk: readonly T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < list.length; i += CHUNK_ROWS) await insert(list.slice(i, i + CHUNK_ROWS));
}

export interface DemoSummary {
  contacts: number;
  companies: number;
  events: number;
  pageViews: number;
}

export async function seedDemo(ctx: Ctx, workspaceId: string, now = Date.now()): Promise<DemoSummary> {
  const r = prng(20260101);
  const companies = COMPANY_NAMES.map((name, i) => {
    const tier = PLANS[i % PLANS.length]!;
    const culture = CULTURES[Math.min(Math.floor(i / 6), CULTURES.length - 1)]!;
    const trial = tier.plan === 'free' || r.next() < 0.2 ? new Date(now + r.int(-10, 30) * DAY).toISOString() : null;
    return {
      id: newId(),
      external_id: `demo-company-${i + 1}`,
      name,
      plan: tier.plan,
      mrr: tier.mrr === 0 ? 0 : tier.mrr * r.int(1, 4),
      trial_ends_at: trial,
      website: `https://company${i + 1}.${culture.domain}`,
      industry: r.pick(INDUSTRIES),
      size: r.int(3, 2000),
      attributes: { demo: true, country: culture.country, seats: r.int(1, 250) },
      created_at: new Date(now - r.int(60, 400) * DAY).toISOString(),
    };
  });

  const contacts = Array.from({ length: 200 }, (_, i) => {
    const c = CULTURES[i % CULTURES.length]!;
    const fi = r.int(0, c.first.length - 1);
    const li = r.int(0, c.last.length - 1);
    // Russian and Kazakh family names agree with the person: Иванов, Иванова; Ахметов, Ахметова.
    const suffix = c.feminine?.[fi] ? 'а' : '';
    const suffixLatin = c.feminine?.[fi] ? 'a' : '';
    const last = `${c.last[li]}${suffix}`;
    const name = c.familyFirst ? `${last}${c.first[fi]}` : `${c.first[fi]} ${last}`;
    const isUser = i % 4 !== 3;
    const company = isUser ? companies[r.int(0, companies.length - 1)]! : null;
    const createdAt = now - r.int(1, 59) * DAY - r.int(0, DAY);
    return {
      id: newId(),
      role: isUser ? 'user' : 'lead',
      external_id: isUser ? `demo-user-${i + 1}` : null,
      email: isUser || r.next() < 0.4 ? `${c.firstLatin[fi]}.${c.lastLatin[li]}${suffixLatin}${i + 1}@${c.domain}` : null,
      name: isUser || r.next() < 0.4 ? name : null,
      anonymous_id: isUser ? null : `demo-visitor-${i + 1}`,
      locale: c.locale,
      timezone: c.timezone,
      attributes: {
        demo: true,
        city: r.pick(c.cities),
        ...(isUser ? { plan: company!.plan, projects: r.int(0, 40), newsletter: r.next() < 0.5 } : {}),
        ...(isUser && r.next() < 0.5 ? { last_order_at: new Date(createdAt + r.int(0, 50) * DAY).toISOString() } : {}),
      },
      signed_up_at: isUser ? new Date(createdAt).toISOString() : null,
      created_at: new Date(createdAt).toISOString(),
      company_id: company?.id ?? null,
    };
  });

  const events: Array<Record<string, unknown>> = [];
  const pageViews: Array<Record<string, unknown>> = [];
  const lastSeen = new Map<string, { at: number; sessions: number }>();
  for (const contact of contacts) {
    const created = Date.parse(contact.created_at);
    const visits = r.int(1, contact.role === 'user' ? 12 : 3);
    for (let v = 0; v < visits; v++) {
      let at = created + r.next() * Math.max(now - created - 3_600_000, 0);
      for (let step = r.int(1, 6); step > 0; step--) {
        at += r.int(10, 600) * 1000;
        const page = r.pick(PAGES);
        pageViews.push({
          id: newId(), contact_id: contact.id, kind: 'page', name: page.title, title: page.title, path: page.path,
          url: `https://demo.baton.example${page.path}`, properties: { demo: true }, occurred_at: new Date(at).toISOString(),
        });
        if (contact.role === 'user' && r.next() < 0.6) {
          events.push({
            id: newId(), contact_id: contact.id, name: r.pick(EVENT_NAMES), properties: { demo: true, plan: contact.attributes.plan },
            occurred_at: new Date(at + 1000).toISOString(),
          });
        }
      }
      const seen = lastSeen.get(contact.id) ?? { at: 0, sessions: 0 };
      lastSeen.set(contact.id, { at: Math.max(seen.at, at), sessions: seen.sessions + 1 });
    }
  }

  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`insert into attribute_definitions (workspace_id, id, target, key, label, type, description)
      select ${workspaceId}, x.id, x.target, x.key, x.label, x.type, 'Demo attribute'
      from jsonb_to_recordset(${JSON.stringify(ATTRIBUTES.map((a) => ({ ...a, id: newId() })))}::jsonb)
        as x(id uuid, target text, key text, label text, type text)
      on conflict do nothing`);
    await tx.execute(sql`insert into companies (workspace_id, id, external_id, name, plan, mrr, trial_ends_at, website,
        industry, size, attributes, created_at, updated_at)
      select ${workspaceId}, x.id, x.external_id, x.name, x.plan, x.mrr, x.trial_ends_at, x.website, x.industry, x.size,
        x.attributes, x.created_at, x.created_at
      from jsonb_to_recordset(${JSON.stringify(companies)}::jsonb) as x(id uuid, external_id text, name text, plan text,
        mrr numeric, trial_ends_at timestamptz, website text, industry text, size int, attributes jsonb, created_at timestamptz)`);
    const withSeen = contacts.map((c) => ({
      ...c,
      last_seen_at: new Date(lastSeen.get(c.id)!.at).toISOString(),
      session_count: lastSeen.get(c.id)!.sessions,
    }));
    await tx.execute(sql`insert into contacts (workspace_id, id, role, external_id, email, name, anonymous_id, locale,
        timezone, attributes, signed_up_at, last_seen_at, session_count, created_at, updated_at)
      select ${workspaceId}, x.id, x.role, x.external_id, x.email, x.name, x.anonymous_id, x.locale, x.timezone,
        x.attributes, x.signed_up_at, x.last_seen_at, x.session_count, x.created_at, x.created_at
      from jsonb_to_recordset(${JSON.stringify(withSeen)}::jsonb) as x(id uuid, role text, external_id text, email text,
        name text, anonymous_id text, locale text, timezone text, attributes jsonb, signed_up_at timestamptz,
        last_seen_at timestamptz, session_count int, created_at timestamptz)`);
    await tx.execute(sql`insert into contact_companies (workspace_id, contact_id, company_id)
      select ${workspaceId}, x.id, x.company_id
      from jsonb_to_recordset(${JSON.stringify(contacts.filter((c) => c.company_id))}::jsonb) as x(id uuid, company_id uuid)`);
    await inChunks(events, (chunk) =>
      tx.execute(sql`insert into events (workspace_id, id, contact_id, name, properties, occurred_at, received_at, source)
        select ${workspaceId}, x.id, x.contact_id, x.name, x.properties, x.occurred_at, x.occurred_at, 'demo'
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
          as x(id uuid, contact_id uuid, name text, properties jsonb, occurred_at timestamptz)`),
    );
    await inChunks(pageViews, (chunk) =>
      tx.execute(sql`insert into page_views (workspace_id, id, contact_id, kind, name, title, path, url, properties, occurred_at)
        select ${workspaceId}, x.id, x.contact_id, x.kind, x.name, x.title, x.path, x.url, x.properties, x.occurred_at
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
          as x(id uuid, contact_id uuid, kind text, name text, title text, path text, url text, properties jsonb,
               occurred_at timestamptz)`),
    );
  });
  const [count] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from contacts where workspace_id = ${workspaceId}`);
  ctx.log.info({ workspaceId, contacts: count?.n }, 'demo data seeded');
  return { contacts: contacts.length, companies: companies.length, events: events.length, pageViews: pageViews.length };
}

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootResponse } from '../../contracts/messenger.ts';
import type { Campaign, CampaignCreate, CampaignStats, DecideResponse } from '../../contracts/campaigns.ts';
import { boot } from '../boot.ts';
import { rows } from '../contacts/sql.ts';
import { recordDecision } from './decision-record.ts';
import { createWidgetHelp } from '../knowledge/widget-help.ts';
import { loadConfig } from '../platform/config.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';

let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;
let ip = 0;

interface Visitor {
  headers: Record<string, string>;
  contactId: string;
  session: string;
}

async function visitor(w: TestWorkspace = ws, settings: Record<string, unknown> = {}): Promise<Visitor> {
  const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: w.writeKey, ...settings }, remoteAddress: `10.7.${(ip >> 8) & 255}.${ip++ & 255}` });
  expect(res.statusCode, res.body).toBe(200);
  const b = res.json<BootResponse>();
  const headers = { 'x-baton-app': w.writeKey, 'x-baton-visitor': b.visitor_token };
  const viewer = await baton.services.inbox.viewer(w.writeKey, b.visitor_token);
  return { headers, contactId: viewer.contactId, session: `s-${b.visitor_id.slice(0, 12)}` };
}

async function decide(v: Visitor, url = 'https://app.example.test/dashboard', trigger?: unknown, session = v.session, timeZone?: string): Promise<DecideResponse> {
  const payload = { session_id: session, url, locale: 'ru-RU', ...(trigger ? { trigger } : {}), ...(timeZone ? { time_zone: timeZone } : {}) };
  const res = await baton.app.inject({ method: 'POST', url: '/widget/campaigns/decide', headers: v.headers, payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<DecideResponse>();
}

async function receipt(v: Visitor, campaignId: string, kind: string, extra: Record<string, unknown> = {}, session = v.session) {
  return baton.app.inject({ method: 'POST', url: '/widget/campaigns/receipts', headers: v.headers, payload: { session_id: session, receipts: [{ campaign_id: campaignId, kind, ...extra }] } });
}

const banner = (over: Partial<CampaignCreate> = {}): CampaignCreate => ({
  type: 'banner',
  name: 'Welcome banner',
  trigger: { type: 'page_view', delay_seconds: 0 },
  content: { en: { body: 'Welcome aboard!', action: { label: 'Take the tour', url: '/tour' } }, ru: { body: 'Добро пожаловать!' } },
  ...over,
});

async function live(body: CampaignCreate): Promise<Campaign> {
  const created = await api<Campaign>('POST', '/api/v1/campaigns', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const started = await api<Campaign>('POST', `/api/v1/campaigns/${created.body.id}/start`);
  expect(started.status).toBe(200);
  return started.body;
}

const pause = (id: string) => api('POST', `/api/v1/campaigns/${id}/pause`);

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Campaigns');
  api = restClient(baton, ws);
});
afterAll(() => baton?.stop());

describe('campaign validation', () => {
  it('names the field of bad content, a missing default locale, a control group without a goal, and unknown types', async () => {
    const bad = await api<{ errors: { field: string }[] }>('POST', '/api/v1/campaigns', banner({ content: { en: { body: '' }, ru: { body: 'x' } } }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('body.content.en.body');
    const noDefault = await api<{ errors: { field: string }[] }>('POST', '/api/v1/campaigns', banner({ content: { ru: { body: 'x' } } }));
    expect(noDefault.body.errors.map((e) => e.field)).toEqual(['body.content.en']);
    const noGoal = await api<{ errors: { field: string }[] }>('POST', '/api/v1/campaigns', banner({ control_pct: 10 }));
    expect(noGoal.body.errors.map((e) => e.field)).toEqual(['body.goal']);
    const unknown = await api<{ errors: { field: string }[] }>('POST', '/api/v1/campaigns', banner({ type: 'popover' as CampaignCreate['type'] }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e) => e.field)).toContain('body.type');
    const segment = await api<{ errors: { field: string }[] }>('POST', '/api/v1/campaigns', banner({ audience_segment_id: '0193a1b2-0000-7000-8000-000000000000' }));
    expect(segment.body.errors.map((e) => e.field)).toEqual(['body.audience_segment_id']);
    const list = await api<{ data: Campaign[] }>('GET', '/api/v1/campaigns');
    expect(list.body.data).toHaveLength(0);
  });
});

describe('decisions', () => {
  it('shows a live banner to a new contact in its language, one capped campaign per session, and records receipts as events', async () => {
    const draft = await api<Campaign>('POST', '/api/v1/campaigns', banner({ name: 'Draft' }));
    const low = await live(banner({ name: 'Low', priority: 10 }));
    const welcome = await live(banner({ priority: 90, pages: { include: ['/dashboard', '/projects/**'], exclude: [] } }));
    const v = await visitor();
    expect((await decide(v, 'https://app.example.test/settings')).campaigns.map((c) => c.id)).toEqual([low.id]);
    const first = await decide(v);
    expect(first.campaigns).toHaveLength(1);
    expect(first.campaigns[0]).toMatchObject({ id: welcome.id, type: 'banner', locale: 'ru', content: { body: 'Добро пожаловать!', position: 'top' } });
    expect(first.campaigns.some((c) => c.id === draft.body.id)).toBe(false);
    expect((await receipt(v, welcome.id, 'seen')).statusCode).toBe(204);
    // The session's one capped campaign was seen: nothing more in this session.
    expect((await decide(v)).campaigns).toHaveLength(0);
    // A new session: the welcome banner was shown its one time; the low one may show.
    expect((await decide(v, undefined, undefined, `${v.session}-2`)).campaigns.map((c) => c.id)).toEqual([low.id]);
    const events = await api<{ data: { name: string; properties: Record<string, unknown> }[] }>('GET', `/api/v1/events?contact_id=${v.contactId}`);
    expect(events.body.data.find((e) => e.name === 'campaign_seen')?.properties).toMatchObject({ campaign_id: welcome.id, campaign_type: 'banner' });
    const stats = await api<CampaignStats>('GET', `/api/v1/campaigns/${welcome.id}/stats`);
    expect(stats.body.funnel).toMatchObject({ sent: 1, seen: 1, goal: 0 });
    await pause(low.id);
    await pause(welcome.id);
  });

  it('answers event and manual triggers, stops on "don\'t show again", and refuses receipts for campaigns of another workspace', async () => {
    const onEvent = await live(banner({ name: 'After export', trigger: { type: 'event', event: 'export_failed' }, frequency: { max_shows: 5, min_hours_between: 0, stop_after_dismiss: false, capped: false } }));
    const v = await visitor();
    expect((await decide(v)).campaigns).toHaveLength(0);
    expect((await decide(v, undefined, { type: 'event', event: 'export_failed' })).campaigns.map((c) => c.id)).toEqual([onEvent.id]);
    expect((await decide(v, undefined, { type: 'manual', campaign_id: onEvent.id })).campaigns).toHaveLength(1);
    expect((await receipt(v, onEvent.id, 'dismissed', { permanent: true })).statusCode).toBe(204);
    expect((await decide(v, undefined, { type: 'event', event: 'export_failed' })).campaigns).toHaveLength(0);
    const other = await createWorkspace(baton, 'Other');
    const stranger = await visitor(other);
    const refused = await receipt(stranger, onEvent.id, 'seen');
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('body.receipts.0.campaign_id');
    await pause(onEvent.id);
  });

  it('records what a decision hands out once per session as one send row, and a delivery row only from a receipt', async () => {
    const uncapped = { max_shows: 5, min_hours_between: 0, stop_after_dismiss: false, capped: false };
    const a = await live(banner({ name: 'Hint A', frequency: uncapped }));
    const b = await live(banner({ name: 'Hint B', frequency: uncapped }));
    const v = await visitor();
    const sends = async () => {
      await baton.services.campaigns.decisionsSettled();
      return (
        await rows<{ session_id: string; campaign_ids: string[] }>(
          baton.ctx.db,
          sql`select session_id, campaign_ids from campaign_sends where workspace_id = ${ws.workspaceId} and contact_id = ${v.contactId} order by at, id`,
        )
      ).map((r) => ({ session: r.session_id, ids: [...r.campaign_ids].sort() }));
    };
    const deliveries = async () =>
      (
        await rows<{ campaign_id: string; shows: number }>(
          baton.ctx.db,
          sql`select campaign_id, shows from campaign_deliveries where workspace_id = ${ws.workspaceId} and contact_id = ${v.contactId}`,
        )
      ).map((r) => ({ id: r.campaign_id, shows: r.shows }));
    const funnel = async (id: string) => (await api<CampaignStats>('GET', `/api/v1/campaigns/${id}/stats`)).body.funnel;
    const both = [a.id, b.id].sort();
    expect((await decide(v)).campaigns.map((c) => c.id).sort()).toEqual(both);
    expect((await decide(v)).campaigns.map((c) => c.id).sort()).toEqual(both);
    expect(await sends()).toEqual([{ session: v.session, ids: both }]);
    await decide(v, undefined, undefined, `${v.session}-2`);
    expect(await sends()).toEqual([{ session: v.session, ids: both }, { session: `${v.session}-2`, ids: both }]);
    // Handed out, not yet displayed: no delivery row, yet both count as sent (once per contact).
    expect(await deliveries()).toEqual([]);
    expect(await funnel(a.id)).toMatchObject({ sent: 1, seen: 0 });
    // The widget's receipt makes the row; sent still counts the contact once.
    expect((await receipt(v, a.id, 'seen')).statusCode).toBe(204);
    expect(await deliveries()).toEqual([{ id: a.id, shows: 1 }]);
    expect(await funnel(a.id)).toMatchObject({ sent: 1, seen: 1 });
    expect(await funnel(b.id)).toMatchObject({ sent: 1, seen: 0 });
    // A decision with nothing new and no exposure writes nothing.
    await recordDecision(baton.ctx.database, ws.workspaceId, v.contactId, `${v.session}-3`, { sent: [], exposures: [] });
    expect(await sends()).toHaveLength(2);
    await pause(a.id);
    await pause(b.id);
  });

  it('keeps quiet hours and a workspace week cap', async () => {
    const c = await live(banner({ name: 'Quiet' }));
    // Quiet from an hour ago to an hour from now (UTC, the visitor's zone here): 00:00–23:59 would
    // leave the minute before midnight loud.
    const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const quiet = { from: clock(Date.now() - 3600_000), to: clock(Date.now() + 3600_000) };
    const put = await api('PUT', '/api/v1/campaign-settings', { max_per_session: 1, max_per_week: 3, quiet_hours: quiet, color: '#123456' });
    expect(put.status).toBe(200);
    const v = await visitor();
    expect((await decide(v)).campaigns).toHaveLength(0);
    await api('PUT', '/api/v1/campaign-settings', { max_per_session: 1, max_per_week: 0, quiet_hours: null, color: '#123456' });
    expect((await decide(v)).campaigns).toHaveLength(0);
    await api('PUT', '/api/v1/campaign-settings', { max_per_session: 1, max_per_week: 3, quiet_hours: null, color: '#123456' });
    const shown = await decide(v);
    expect(shown.campaigns).toHaveLength(1);
    expect(shown.theme.color).toBe('#123456');
    await pause(c.id);
  });

  it('marks the goal reached within its window and stops showing the campaign', async () => {
    const c = await live(banner({ name: 'Goal', goal: { event: 'project_created', within_days: 7 }, frequency: { max_shows: 10, min_hours_between: 0, stop_after_dismiss: true, capped: false } }));
    const v = await visitor();
    expect((await decide(v)).campaigns).toHaveLength(1);
    await receipt(v, c.id, 'seen');
    await receipt(v, c.id, 'clicked');
    await api('POST', '/api/v1/events', { contact_id: v.contactId, name: 'project_created' });
    await expect.poll(async () => (await api<CampaignStats>('GET', `/api/v1/campaigns/${c.id}/stats`)).body.funnel).toMatchObject({ seen: 1, clicked: 1, goal: 1 });
    expect((await decide(v)).campaigns).toHaveLength(0);
    await pause(c.id);
  });
});

describe('control group and holdout', () => {
  it('holds out the control share with one exposure each in the lab, and compares receivers with control', async () => {
    const c = await live(banner({ name: 'Controlled', control_pct: 50, goal: { event: 'invited', within_days: 7 }, frequency: { max_shows: 10, min_hours_between: 0, stop_after_dismiss: true, capped: false } }));
    expect(c.experiment_id).not.toBeNull();
    let shown = 0;
    const people: Visitor[] = [];
    for (let i = 0; i < 24; i++) {
      const v = await visitor();
      people.push(v);
      const a = await decide(v);
      const b = await decide(v);
      expect(b.campaigns.length).toBe(a.campaigns.length);
      if (a.campaigns.length) shown++;
    }
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(24);
    await baton.services.campaigns.decisionsSettled();
    const experiment = await baton.services.experiments.get(ws.workspaceId, c.experiment_id!);
    expect(experiment.variants.reduce((n, v) => n + v.exposures, 0)).toBe(24);
    const stats = await api<CampaignStats>('GET', `/api/v1/campaigns/${c.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body.control).toMatchObject({ experiment_id: c.experiment_id, report_path: `/app/experiments/${c.experiment_id}` });
    expect(stats.body.control!.receivers.contacts + stats.body.control!.control.contacts).toBe(24);
    await pause(c.id);
  }, 60_000);

  it("asks the lab about a capped campaign's control group only when every better one was held back, so exposures are exactly the groups consulted", async () => {
    const capped = { max_shows: 10, min_hours_between: 0, stop_after_dismiss: true, capped: true };
    const goal = { event: 'invited', within_days: 7 };
    const first = await live(banner({ name: 'First', priority: 90, control_pct: 50, goal, frequency: capped }));
    const second = await live(banner({ name: 'Second', priority: 10, control_pct: 50, goal, frequency: capped }));
    const shown = { first: 0, second: 0, none: 0 };
    for (let i = 0; i < 16; i++) {
      const [c] = (await decide(await visitor())).campaigns;
      if (c?.id === first.id) shown.first++;
      else if (c?.id === second.id) shown.second++;
      else shown.none++;
    }
    await baton.services.campaigns.decisionsSettled();
    const exposures = async (id: string) => (await baton.services.experiments.get(ws.workspaceId, id)).variants.reduce((n, v) => n + v.exposures, 0);
    expect(await exposures(first.experiment_id!)).toBe(16);
    // Only the contacts held back from the first were split on the second.
    expect(await exposures(second.experiment_id!)).toBe(16 - shown.first);
    expect(shown.second + shown.none).toBe(16 - shown.first);
    await pause(first.id);
    await pause(second.id);
  }, 60_000);

  it('shows nothing to a contact in the global holdout', async () => {
    const c = await live(banner({ name: 'Everyone' }));
    await baton.services.experiments.setHoldout(ws.workspaceId, 1);
    const v = await visitor();
    expect((await decide(v)).campaigns).toHaveLength(0);
    await baton.services.experiments.setHoldout(ws.workspaceId, 0);
    expect((await decide(v)).campaigns).toHaveLength(1);
    await pause(c.id);
  });
});

describe('delivery rules', () => {
  it("keeps quiet hours in the contact's own time zone, over the browser's", async () => {
    const c = await live(banner({ name: 'Zoned' }));
    const zone = 'Asia/Kathmandu';
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date());
    const minute = Number(parts.find((p) => p.type === 'hour')!.value) * 60 + Number(parts.find((p) => p.type === 'minute')!.value);
    const clock = (m: number) => `${String(Math.floor(((m + 1440) % 1440) / 60)).padStart(2, '0')}:${String((m + 1440) % 60).padStart(2, '0')}`;
    // Quiet for the half hour either side of now in Kathmandu (UTC+5:45), so not now in UTC.
    await api('PUT', '/api/v1/campaign-settings', { max_per_session: 1, max_per_week: 3, quiet_hours: { from: clock(minute - 30), to: clock(minute + 30) }, color: '#123456' });
    const v = await visitor();
    expect((await api('PATCH', `/api/v1/contacts/${v.contactId}`, { timezone: zone })).status).toBe(200);
    expect((await decide(v, undefined, undefined, v.session, 'UTC')).campaigns).toHaveLength(0);
    expect((await api('PATCH', `/api/v1/contacts/${v.contactId}`, { timezone: null })).status).toBe(200);
    expect((await decide(v, undefined, undefined, v.session, 'UTC')).campaigns.map((x) => x.id)).toEqual([c.id]);
    await api('PUT', '/api/v1/campaign-settings', { max_per_session: 1, max_per_week: 3, quiet_hours: null, color: '#123456' });
    await pause(c.id);
  });
});

describe('stop conditions', () => {
  it('shows nothing while the contact has an open conversation or after it unsubscribed', async () => {
    const c = await live(banner({ name: 'Stops', frequency: { max_shows: 100, min_hours_between: 0, stop_after_dismiss: false, capped: false } }));
    const talking = await visitor();
    expect((await decide(talking)).campaigns.map((x) => x.id)).toEqual([c.id]);
    const started = await baton.app.inject({ method: 'POST', url: '/widget/conversations', headers: talking.headers, payload: { body: 'Hello, I need help', client_id: 'stop-condition-1' } });
    expect(started.statusCode, started.body).toBeLessThan(300);
    expect((await decide(talking)).campaigns).toHaveLength(0);
    const leaving = await visitor();
    expect((await decide(leaving)).campaigns.map((x) => x.id)).toEqual([c.id]);
    // What the series' unsubscribe page records (its signed link is the e-mail tests' subject).
    await baton.ctx.db.execute(sql`insert into email_unsubscribes (workspace_id, contact_id) values (${ws.workspaceId}, ${leaving.contactId})`);
    expect((await decide(leaving)).campaigns).toHaveLength(0);
    await pause(c.id);
  });
});

describe('frustration help', () => {
  it('answers a rage click with the Help Center article suggested for the page, and keeps the own action elsewhere', async () => {
    const w = ws.workspaceId;
    const article = await baton.services.knowledge.articles.create(w, { translations: { en: { title: 'Change your plan', body: 'Open Billing, then Plans.' } }, publish: true }, null);
    await createWidgetHelp(baton.ctx, baton.services.knowledge).setRules(w, [{ pattern: '/billing/**', article_ids: [article.id] }]);
    const c = await live({
      type: 'in_app_message',
      name: 'Stuck on billing',
      trigger: { type: 'frustration', signal: 'rage_click' },
      frequency: { max_shows: 10, min_hours_between: 0, stop_after_dismiss: false, capped: false },
      content: { en: { style: 'chat', title: 'Stuck?', body: 'Here is how to get it done.', suggest_article: true, action: { label: 'Talk to us', kind: 'open_messenger' } } },
    });
    const v = await visitor();
    const rage = { type: 'frustration', signal: 'rage_click' };
    expect((await decide(v, 'https://app.example.test/billing/plans')).campaigns).toHaveLength(0);
    const [shown] = (await decide(v, 'https://app.example.test/billing/plans', rage)).campaigns;
    expect(shown?.id).toBe(c.id);
    expect(shown!.content.action).toMatchObject({ label: 'Change your plan', kind: 'url', new_tab: true });
    expect(String((shown!.content.action as { url: string }).url)).toMatch(/\/articles\/[^/]+$/);
    const [elsewhere] = (await decide(v, 'https://app.example.test/dashboard', rage)).campaigns;
    expect(elsewhere!.content.action).toMatchObject({ label: 'Talk to us', kind: 'open_messenger' });
    await pause(c.id);
  });
});

describe.skipIf(!process.env.REDIS_URL)('several nodes', () => {
  const node = () =>
    boot(loadConfig({ LOG_LEVEL: 'silent', BATON_DEMO: '0', PORT: '0', REDIS_URL: process.env.REDIS_URL! }), { database: baton.ctx.database, work: false });

  it("a node's cached campaigns and lab follow changes made through another node", async () => {
    const [writer, reader] = await Promise.all([node(), node()]);
    try {
      const w = ws.workspaceId;
      const c = await writer.services.campaigns.create(w, banner({ name: 'Multi-node', frequency: { max_shows: 100, min_hours_between: 0, stop_after_dismiss: false, capped: false } }));
      const v = await visitor();
      const shown = async () => (await reader.services.campaigns.decide(w, v.contactId, { session_id: v.session, url: 'https://app.example.test/', trigger: { type: 'page_view' } })).campaigns.map((x) => x.id);
      expect(await shown()).toEqual([]); // loads the reader's cache now
      await writer.services.campaigns.setState(w, c.id, 'live');
      await expect.poll(shown, { timeout: 20_000 }).toEqual([c.id]);
      await writer.services.experiments.setHoldout(w, 1);
      await expect.poll(shown, { timeout: 20_000 }).toEqual([]);
      await writer.services.experiments.setHoldout(w, 0);
      await expect.poll(shown, { timeout: 20_000 }).toEqual([c.id]);
      await writer.services.campaigns.setState(w, c.id, 'paused');
      await expect.poll(shown, { timeout: 20_000 }).toEqual([]);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });
});

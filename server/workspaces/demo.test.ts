import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignPage, CampaignStats } from '../../contracts/campaigns.ts';
import type { FeedbackItemList } from '../../contracts/feedback.ts';
import type { ConversationCounts } from '../../contracts/inbox-tools.ts';
import type { Outcomes, SupportReport, SupportVolume, TicketVolume } from '../../contracts/insights.ts';
import type { ConversationPage } from '../../contracts/messenger.ts';
import type { ReviewList, Trend } from '../../contracts/qa.ts';
import type { TtfvReport } from '../../contracts/ttfv.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, signIn, type TestWorkspace } from '../../test/factories.ts';
import { DEMO_EMAIL, firstStart } from './first-start.ts';

/**
 * The first start's demo workspace, read back through the HTTP APIs the dashboard uses: every
 * Insights page, the Inbox views and the campaign reports have something to show, and a second
 * workspace sees none of it.
 */

let baton: TestBaton;
let demo: Record<string, string>;
let other: TestWorkspace;

const DAY = 86_400_000;
const now = Date.now();
const range = `from=${new Date(now - 56 * DAY).toISOString()}&to=${new Date(now + 60_000).toISOString()}`;

async function get<T>(url: string, headers: Record<string, string> = demo): Promise<T> {
  const r = await baton.app.inject({ url, headers });
  expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
  return r.json<T>();
}

beforeAll(async () => {
  baton = await startBaton({ env: { BATON_DEMO: '1' } });
  const welcome = (await firstStart(baton.ctx, baton.services)).join('\n');
  demo = await signIn(baton, DEMO_EMAIL, /password: (\S+)/.exec(welcome)![1]!);
  other = await createWorkspace(baton, 'Not the demo');
  // The first start seeds the whole demo (people, experiments, support history, campaigns).
}, 180_000);
afterAll(() => baton?.stop());

describe('the demo workspace', () => {
  it('has a support report whose desks differ the way the demo planted', async () => {
    const report = await get<SupportReport>(`/api/v1/reports/support?${range}&group_by=team`);
    expect(report.as_of).not.toBeNull();
    const desk = (name: string) => report.rows.find((r) => r.label === name)!.current;
    const [priority, support, apac] = [desk('Priority desk'), desk('Support desk'), desk('APAC desk')];
    for (const m of [priority, support, apac]) {
      expect(m.conversations).toBeGreaterThan(20);
      expect(m.closed).toBeGreaterThan(10);
      expect(m.csat_responses).toBeGreaterThan(0);
      expect(m.sla_breached).toBeGreaterThan(0);
      expect(m.sla_attainment).toBeGreaterThan(0.5);
    }
    expect(priority.median_first_response_seconds!).toBeLessThan(3600);
    expect(support.median_first_response_seconds!).toBeGreaterThan(priority.median_first_response_seconds! * 3);
    // The APAC desk answers within its office hours: far less office time than calendar time.
    const office = await get<SupportReport>(`/api/v1/reports/support?${range}&group_by=team&time=office`);
    const apacOffice = office.rows.find((r) => r.label === 'APAC desk')!.current;
    expect(apacOffice.median_first_response_seconds!).toBeLessThan(apac.median_first_response_seconds!);

    const all = (await get<SupportReport>(`/api/v1/reports/support?${range}`)).rows[0]!.current;
    expect(all.conversations).toBeGreaterThanOrEqual(250);
    expect(all.reopen_rate).toBeGreaterThan(0);
    expect(all.nps_responses).toBeGreaterThan(10);
    expect(all.nps_score).not.toBeNull();
    const byChannel = await get<SupportReport>(`/api/v1/reports/support?${range}&group_by=channel`);
    // NPS answers of customers without a conversation make a row of no channel.
    expect(byChannel.rows.filter((r) => r.current.conversations > 0).map((r) => r.key).sort()).toEqual(['email', 'messenger']);
    const byTag = await get<SupportReport>(`/api/v1/reports/support?${range}&group_by=tag`);
    expect(byTag.rows.map((r) => r.label)).toEqual(expect.arrayContaining(['Billing', 'Bug', 'Feature request', 'VIP']));

    const volume = await get<SupportVolume>(`/api/v1/reports/support/volume?${range}`);
    expect(volume.days.filter((d) => d.current > 0).length).toBeGreaterThan(40);
    expect(volume.hour_of_week.flat().reduce((a, b) => a + b, 0)).toBe(all.conversations);
  });

  it('has weekly ticket volume with the onboarding campaigns on it', async () => {
    const tv = await get<TicketVolume>(`/api/app/insights/ticket-volume?${range}`);
    expect(tv.weeks.length).toBeGreaterThanOrEqual(8);
    expect(tv.weeks.filter((w) => w.conversations > 0).length).toBeGreaterThanOrEqual(7);
    expect(tv.weeks.some((w) => w.per_active !== null && w.per_active > 0)).toBe(true);
    expect(tv.campaigns.map((c) => c.type)).toEqual(expect.arrayContaining(['in_app_message', 'banner', 'tooltip', 'checklist']));
  });

  it('has customer outcomes: companies paying a period ago, and fewer churned on the plans the Priority desk answers', async () => {
    const period = `from=${new Date(now - 180 * DAY).toISOString()}&to=${new Date(now + 60_000).toISOString()}`;
    const byTier = await get<Outcomes>(`/api/v1/reports/outcomes?${period}&group_by=tier`);
    expect(byTier.total.customers).toBeGreaterThan(10);
    expect(byTier.total.churned).toBeGreaterThan(0);
    expect(byTier.total.expanded).toBeGreaterThan(0);
    expect(byTier.total.net_revenue_retention).toBeGreaterThan(0);
    expect(byTier.cohorts.length).toBeGreaterThan(3);
    const bySla = await get<Outcomes>(`/api/v1/reports/outcomes?${period}&group_by=sla_policy`);
    const priority = bySla.rows.find((r) => /priority/i.test(r.label ?? ''));
    expect(priority?.outcome.customers).toBeGreaterThan(0);
    expect(priority!.churn_difference_points).toBeLessThan(0);
  });

  it('has feedback items with their conversations and customers', async () => {
    const items = await get<FeedbackItemList>('/api/v1/feedback-items');
    expect(items.data.length).toBeGreaterThanOrEqual(3);
    for (const item of items.data) {
      expect(item.conversations).toBeGreaterThan(0);
      expect(item.contacts).toBeGreaterThan(0);
    }
  });

  it('has a QA round: finished reviews per week and reviews waiting for the owner or the team', async () => {
    const trend = await get<Trend>('/api/app/qa/trend?weeks=8');
    const reviewed = trend.weeks.filter((w) => w.conversations > 0);
    expect(reviewed.length).toBeGreaterThanOrEqual(4);
    for (const w of reviewed) expect(w.average).toBeGreaterThan(0);
    const pending = await get<ReviewList>('/api/app/qa/reviews?status=pending');
    expect(pending.data.length).toBeGreaterThan(0);
  });

  it('has time to first value for the milestone it is set to', async () => {
    const ttfv = await get<TtfvReport>(`/api/app/ttfv?${range}`);
    expect(ttfv.event).toBe('project_created');
    expect(ttfv.overall.contacts).toBeGreaterThan(50);
    expect(ttfv.overall.reached).toBeGreaterThan(10);
    expect(ttfv.overall.median_seconds).toBeGreaterThan(0);
  });

  it('has campaigns of every kind with funnels, goals and NPS answers', async () => {
    const campaigns = await get<CampaignPage>('/api/v1/campaigns?limit=100');
    expect(new Set(campaigns.data.map((c) => c.type))).toEqual(new Set(['in_app_message', 'banner', 'tooltip', 'checklist', 'survey']));
    for (const c of campaigns.data) {
      const stats = await get<CampaignStats>(`/api/v1/campaigns/${c.id}/stats`);
      expect(stats.funnel.sent, c.name).toBeGreaterThan(20);
      expect(stats.funnel.seen).toBeLessThanOrEqual(stats.funnel.sent);
      expect(stats.funnel.seen).toBeGreaterThan(0);
      if (c.goal) expect(stats.funnel.goal, c.name).toBeGreaterThan(0);
    }
    const survey = campaigns.data.find((c) => c.type === 'survey')!;
    const results = await get<{ questions: Array<{ id: string; responses: number; nps?: { score: number | null } }> }>(`/api/app/campaigns/${survey.id}/survey-results`);
    expect(results.questions.find((q) => q.id === 'nps')!.nps!.score).not.toBeNull();
  });

  it('has Inbox views with conversations in them', async () => {
    const counts = await get<ConversationCounts>('/api/v1/conversations/counts');
    expect(counts.all).toBeGreaterThan(10);
    expect(counts.unassigned).toBeGreaterThan(0);
    expect(counts.mine).toBeGreaterThan(0);
    expect(counts.snoozed).toBeGreaterThan(0);
    expect(counts.closed).toBeGreaterThan(100);
    for (const view of ['state=open', 'state=open&assignee=unassigned', 'state=open&assignee=me', 'state=snoozed', 'state=closed']) {
      const page = await get<ConversationPage>(`/api/v1/conversations?${view}&limit=5`);
      expect(page.data.length, view).toBeGreaterThan(0);
    }
    // Customers write in the five languages of the demo.
    const texts = (await get<ConversationPage>('/api/v1/conversations?limit=100')).data.map((c) => c.last_message?.body ?? '').join(' ');
    for (const script of [/[a-z]{4}/, /[\u4e00-\u9fff]/, /[а-я]{4}/, /[әғқңөұүһі]/]) expect(texts).toMatch(script);
  });

  it('leaks nothing into a second workspace', async () => {
    const headers = other.agentHeaders;
    const all = (await get<SupportReport>(`/api/v1/reports/support?${range}`, headers)).rows;
    expect(all.every((r) => r.current.conversations === 0 && r.current.nps_responses === 0)).toBe(true);
    expect((await get<ConversationPage>('/api/v1/conversations?limit=5', headers)).data).toEqual([]);
    expect((await get<CampaignPage>('/api/v1/campaigns', headers)).data).toEqual([]);
    expect((await get<FeedbackItemList>('/api/v1/feedback-items', headers)).data).toEqual([]);
    expect((await get<ReviewList>('/api/app/qa/reviews', headers)).data).toEqual([]);
    expect((await get<{ data: unknown[] }>('/api/v1/tags', headers)).data).toEqual([]);
    expect((await get<{ milestone_event: string | null }>('/api/app/ttfv/settings', headers)).milestone_event).toBeNull();
    const tv = await get<TicketVolume>(`/api/app/insights/ticket-volume?${range}`, headers);
    expect(tv.weeks.every((w) => w.conversations === 0) && tv.campaigns.length === 0).toBe(true);
    const counts = await get<ConversationCounts>('/api/v1/conversations/counts', headers);
    expect(counts.all + counts.closed + counts.snoozed).toBe(0);
  });
});

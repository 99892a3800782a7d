import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootResponse } from '../../contracts/messenger.ts';
import type { Campaign, CampaignCreate, CampaignStats } from '../../contracts/campaigns.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';

/** Per-step funnels sent → seen → clicked/completed → goal: a tour's steps and a checklist's items. */

let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;
let ip = 0;

async function visitor() {
  const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: ws.writeKey }, remoteAddress: `10.9.0.${++ip}` });
  const b = res.json<BootResponse>();
  const headers = { 'x-baton-app': ws.writeKey, 'x-baton-visitor': b.visitor_token };
  const viewer = await baton.services.inbox.viewer(ws.writeKey, b.visitor_token);
  return { headers, contactId: viewer.contactId, session: `s-${b.visitor_id.slice(0, 12)}` };
}
type Visitor = Awaited<ReturnType<typeof visitor>>;

async function open(v: Visitor, id: string) {
  const res = await baton.app.inject({ method: 'POST', url: '/widget/campaigns/decide', headers: v.headers, payload: { session_id: v.session, url: 'https://app.example.test/', trigger: { type: 'manual', campaign_id: id } } });
  expect(res.json<{ campaigns: { id: string }[] }>().campaigns.map((c) => c.id)).toEqual([id]);
}
async function receipts(v: Visitor, id: string, list: Record<string, unknown>[]) {
  const res = await baton.app.inject({ method: 'POST', url: '/widget/campaigns/receipts', headers: v.headers, payload: { session_id: v.session, receipts: list.map((r) => ({ campaign_id: id, ...r })) } });
  expect(res.statusCode, res.body).toBe(204);
}
const track = (v: Visitor, name: string) => baton.services.contacts.trackEvent(ws.workspaceId, { contact_id: v.contactId, name });

async function live(body: CampaignCreate): Promise<Campaign> {
  const created = await api<Campaign>('POST', '/api/v1/campaigns', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return (await api<Campaign>('POST', `/api/v1/campaigns/${created.body.id}/start`)).body;
}
const common = { trigger: { type: 'manual' as const }, goal: { event: 'subscription_started', within_days: 7 }, frequency: { max_shows: 5, min_hours_between: 0, stop_after_dismiss: false, capped: false } };

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Step funnels');
  api = restClient(baton, ws);
});
afterAll(() => baton?.stop());

describe('per-step funnels', () => {
  it('a tour: each step seen, clicked, completed, and the goal of those who saw it', async () => {
    const tour = await live({ ...common, type: 'tour', name: 'Tour', content: { en: { steps: [{ body: 'One' }, { body: 'Two' }, { body: 'Three' }] } } });
    const [x, y, z] = [await visitor(), await visitor(), await visitor()];
    for (const v of [x, y, z]) await open(v, tour.id);
    await receipts(x, tour.id, [{ kind: 'seen' }, { kind: 'seen', step: 0 }, { kind: 'completed', step: 0 }, { kind: 'seen', step: 1 }, { kind: 'clicked', step: 1 }, { kind: 'completed', step: 1 }]);
    await receipts(y, tour.id, [{ kind: 'seen' }, { kind: 'seen', step: 0 }, { kind: 'seen', step: 0 }, { kind: 'completed', step: 0 }, { kind: 'seen', step: 1 }]);
    await track(x, 'subscription_started');
    await baton.ctx.bus.drain();
    const stats = (await api<CampaignStats>('GET', `/api/v1/campaigns/${tour.id}/stats`)).body;
    expect(stats.funnel).toMatchObject({ sent: 3, seen: 2, goal: 1 });
    expect(stats.steps).toEqual([
      { step: 0, item_id: null, sent: 3, seen: 2, clicked: 0, completed: 2, goal: 1 },
      { step: 1, item_id: null, sent: 3, seen: 2, clicked: 1, completed: 1, goal: 1 },
    ]);
  });

  it('a checklist: each item done by a tick or its event, over the contacts it was sent to', async () => {
    const checklist = await live({
      ...common,
      type: 'checklist',
      name: 'Checklist',
      content: { en: { title: 'Get started', completed_title: 'Done', items: [{ id: 'invite', title: 'Invite', event: 'invite_sent' }, { id: 'tour', title: 'Tour' }] } },
    });
    const [x, y] = [await visitor(), await visitor()];
    const bystander = await visitor();
    for (const v of [x, y]) await open(v, checklist.id);
    await receipts(x, checklist.id, [{ kind: 'seen' }]);
    await receipts(y, checklist.id, [{ kind: 'seen' }, { kind: 'clicked', step: 1 }]);
    await track(x, 'invite_sent');
    await track(bystander, 'invite_sent');
    expect((await baton.app.inject({ method: 'POST', url: `/widget/checklists/${checklist.id}/items/tour`, headers: y.headers })).statusCode).toBe(200);
    await track(y, 'subscription_started');
    await baton.ctx.bus.drain();
    const stats = (await api<CampaignStats>('GET', `/api/v1/campaigns/${checklist.id}/stats`)).body;
    expect(stats.steps).toEqual([
      { step: 0, item_id: 'invite', sent: 2, seen: 2, clicked: 0, completed: 1, goal: 0 },
      { step: 1, item_id: 'tour', sent: 2, seen: 2, clicked: 1, completed: 1, goal: 1 },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../contracts/contacts.ts';
import type { BootResponse, Conversation } from '../../../contracts/messenger.ts';
import type { OfficeHours, SlaPolicy } from '../../../contracts/routing.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../../test/factories.ts';

/**
 * Office hours applied: a business-hours SLA policy counts only the routed team's open time,
 * and the Messenger says when the team is back. The clock is made deterministic by closing the
 * team for the next seven days (holidays), whatever time the test runs at: Almaty is UTC+5 all
 * year, so the team opens at 04:00 UTC on the eighth day.
 */
let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;
let team: { id: string };

/** One clock for the whole file: the holidays set in one test and the reopening expected in the next agree across Almaty's midnight. */
const startedAt = Date.now();
const almatyDay = (offsetDays: number) => {
  const local = new Date(startedAt + 5 * 3600_000 + offsetDays * 86_400_000);
  return local.toISOString().slice(0, 10);
};
const reopening = () => new Date(`${almatyDay(7)}T04:00:00Z`);
const hours = (): OfficeHours => ({
  time_zone: 'Asia/Almaty',
  weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '09:00', end: '17:00' })),
  holidays: [0, 1, 2, 3, 4, 5, 6].map(almatyDay),
});
const dueOf = async (conversationId: string) =>
  (await baton.ctx.database.query<{ due: Date | null }>('select first_response_due_at as due from conversation_routing where conversation_id = $1', [conversationId])).rows[0]?.due;

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Office');
  api = restClient(baton, ws);
  team = await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Almaty support' });
});
afterAll(() => baton?.stop());

describe('office hours', () => {
  it('are set per team, and bad ones are refused naming the field', async () => {
    const put = await api<{ office_hours: OfficeHours }>('PUT', `/api/v1/teams/${team.id}/office-hours`, hours());
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.office_hours.holidays).toEqual(hours().holidays);
    expect((await api<{ office_hours: OfficeHours }>('GET', `/api/v1/teams/${team.id}/office-hours`)).body.office_hours.time_zone).toBe('Asia/Almaty');

    const bad = async (body: unknown, field: string) => {
      const res = await api<{ errors: { field: string }[] }>('PUT', `/api/v1/teams/${team.id}/office-hours`, body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0]!.field).toBe(field);
    };
    await bad({ ...hours(), time_zone: 'Mars/Olympus' }, 'body.time_zone');
    await bad({ ...hours(), weekly: [{ day: 1, start: '17:00', end: '09:00' }] }, 'body.weekly.0.end');
    await bad({ ...hours(), holidays: ['2026-13-01'] }, 'body.holidays.0');
    expect((await api('PUT', `/api/v1/teams/${crypto.randomUUID()}/office-hours`, hours())).status).toBe(404);
  });

  it('a business-hours target counts only open time; a calendar one does not', async () => {
    const business = (await api<SlaPolicy>('POST', '/api/v1/sla-policies', { name: '2 business minutes', first_response_minutes: 2, business_hours: true })).body;
    expect(business.business_hours).toBe(true);
    const rule = (await api<{ id: string }>('POST', '/api/v1/routing-rules', {
      name: 'Everyone', rule: { type: 'group', match: 'all', conditions: [] }, team_id: team.id, sla_policy_id: business.id,
    })).body;
    const contact = (await api<Contact>('POST', '/api/v1/contacts', { email: 'aigerim@example.test' })).body;
    const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hello' })).body;
    await expect.poll(() => dueOf(conv.id)).toEqual(new Date(reopening().getTime() + 2 * 60_000));

    const calendar = (await api<SlaPolicy>('POST', '/api/v1/sla-policies', { name: '2 minutes', first_response_minutes: 2 })).body;
    await api('PATCH', `/api/v1/routing-rules/${rule.id}`, { sla_policy_id: calendar.id });
    const later = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Again' })).body;
    await expect.poll(async () => (await dueOf(later.id))?.getTime()).toBe(Date.parse(later.created_at) + 2 * 60_000);
  });

  it('the Messenger says when the closed team is back', async () => {
    const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: ws.writeKey, email: 'aigerim@example.test' } });
    const boot = res.json<BootResponse>();
    expect(boot.settings.back_at).toBe(reopening().toISOString());

    expect((await api('DELETE', `/api/v1/teams/${team.id}/office-hours`)).status).toBe(204);
    const contact = await baton.services.contacts.findContactId(ws.workspaceId, { email: 'aigerim@example.test' });
    // A minute later (past the Messenger's cache), with no office hours, the team is simply open.
    expect(await baton.services.routing.replyTime(ws.workspaceId, contact!.id, new Date(Date.now() + 120_000))).toEqual({ reply_minutes: null, back_at: null });
  });
});

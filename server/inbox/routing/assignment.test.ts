import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../contracts/contacts.ts';
import type { Conversation } from '../../../contracts/messenger.ts';
import type { Team, TeamMember } from '../../../contracts/workspaces.ts';
import { createSession } from '../../platform/auth/sessions.ts';
import { newId } from '../../platform/ids.ts';
import { agents, memberships } from '../../workspaces/schema.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../../test/factories.ts';
import { ASSIGN_QUEUE } from './assignment.ts';

/**
 * Round-robin team assignment under per-agent capacity: an agent at capacity is skipped; when
 * everyone is, the conversation waits in the team and is handed out, oldest first, as soon as a
 * close, a snooze or a reassignment makes room.
 */
let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;
let team: Team;
const ana = { id: '', name: 'Ana' };
const bo = { id: '', name: 'Bo' };
const cy = { id: '', name: 'Cy' };

async function addAgent(agent: { id: string; name: string }) {
  agent.id = newId();
  await baton.ctx.db.insert(agents).values({ id: agent.id, email: `${agent.id}@example.test`, name: agent.name });
  await baton.ctx.db.insert(memberships).values({ workspaceId: ws.workspaceId, agentId: agent.id, role: 'agent' });
}
const dashboard = async <T>(method: string, url: string, payload?: unknown) => {
  const res = await baton.app.inject({ method: method as 'GET', url, headers: ws.agentHeaders, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json<T>() };
};
async function newConversation() {
  const contact = (await api<Contact>('POST', '/api/v1/contacts', { email: `${crypto.randomUUID()}@example.test` })).body;
  const res = await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hello' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  // Routed: in the team, assigned or waiting.
  await expect.poll(async () => (await conversation(res.body.id)).team_id).toBe(team.id);
  return res.body.id;
}
const conversation = async (id: string) => (await api<Conversation>('GET', `/api/v1/conversations/${id}`)).body;
const assigneeOf = async (id: string) => (await conversation(id)).assignee_id;
const online = (agentId: string) => baton.services.inboxTools.presence.set(ws.workspaceId, agentId, 'online');

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Capacity');
  api = restClient(baton, ws);
  for (const a of [ana, bo, cy]) await addAgent(a);
  team = (await dashboard<Team>('POST', '/api/app/teams', { name: 'Real-time', agentIds: [ana.id, bo.id, cy.id] })).body;
  await api('POST', '/api/v1/routing-rules', { name: 'Everyone', rule: { type: 'group', match: 'all', conditions: [] }, team_id: team.id });
});
afterAll(() => baton?.stop());

describe('team assignment with capacity', () => {
  it('sets limits per team and per agent in the team settings, refusing bad ones naming the field', async () => {
    const patched = await dashboard<Team>('PATCH', `/api/app/teams/${team.id}`, { agentCapacity: 1 });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.agentCapacity).toBe(1);
    const own = await dashboard<TeamMember>('PUT', `/api/app/team/members/${bo.id}/capacity`, { capacity: 2 });
    expect(own.body).toMatchObject({ agentId: bo.id, capacity: 2 });
    const listed = (await dashboard<{ members: TeamMember[] }>('GET', '/api/app/team')).body.members;
    expect(listed.find((m) => m.agentId === bo.id)?.capacity).toBe(2);
    expect(listed.find((m) => m.agentId === ana.id)?.capacity).toBeNull();
    expect(Object.fromEntries(await baton.services.workspaces.teams.capacities(ws.workspaceId, team.id))).toEqual({ [ana.id]: 1, [bo.id]: 2, [cy.id]: 1 });

    const bad = await dashboard<{ errors: { field: string }[] }>('PUT', `/api/app/team/members/${bo.id}/capacity`, { capacity: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.field).toBe('body.capacity');
    const badTeam = await dashboard<{ errors: { field: string }[] }>('PATCH', `/api/app/teams/${team.id}`, { agentCapacity: 1.5 });
    expect(badTeam.status).toBe(400);
    expect(badTeam.body.errors[0]!.field).toBe('body.agentCapacity');
    // Only owners and admins change limits.
    const session = await createSession(baton.ctx.db, { agentId: ana.id, workspaceId: ws.workspaceId });
    const asAgent = await baton.app.inject({
      method: 'PUT', url: `/api/app/team/members/${ana.id}/capacity`, payload: { capacity: 50 },
      headers: { cookie: `baton_session=${session.token}`, 'x-csrf-token': session.csrfToken },
    });
    expect(asAgent.statusCode).toBe(403);
  });

  it('skips away and full agents, waits when all are full, and assigns on close, snooze and reassignment', async () => {
    // Cy is away: never picked. Ana may hold 1 (the team's limit), Bo 2 (his own).
    await online(ana.id);
    await online(bo.id);
    await baton.services.inboxTools.presence.set(ws.workspaceId, cy.id, 'away');

    const first = [await newConversation(), await newConversation(), await newConversation()];
    for (const id of first) await expect.poll(() => assigneeOf(id)).not.toBeNull();
    const held = async (agentId: string) => (await Promise.all(first.map(assigneeOf))).filter((a) => a === agentId).length;
    expect(await held(ana.id)).toBe(1);
    expect(await held(bo.id)).toBe(2);

    // Everyone available is full: both wait in the team, unassigned.
    const waiting = [await newConversation(), await newConversation()];
    for (const id of waiting) expect(await assigneeOf(id)).toBeNull();

    // Ana closes hers: the oldest waiting conversation goes to her, through the queue.
    const anas = (await Promise.all(first.map(async (id) => ({ id, a: await assigneeOf(id) })))).find((x) => x.a === ana.id)!.id;
    expect((await api('PATCH', `/api/v1/conversations/${anas}`, { state: 'closed' })).status).toBe(200);
    await expect.poll(() => assigneeOf(waiting[0]!), { timeout: 20_000 }).toBe(ana.id);
    expect(await assigneeOf(waiting[1]!)).toBeNull();

    // Bo snoozes one of his: the next waiting one is his.
    const bos = (await Promise.all(first.map(async (id) => ({ id, a: await assigneeOf(id) })))).filter((x) => x.a === bo.id);
    const until = new Date(Date.now() + 3600_000).toISOString();
    expect((await api('PATCH', `/api/v1/conversations/${bos[0]!.id}`, { state: 'snoozed', snoozed_until: until })).status).toBe(200);
    await expect.poll(() => assigneeOf(waiting[1]!), { timeout: 20_000 }).toBe(bo.id);

    // Bo hands one to the owner (not in the team): he has room again for the next that waits.
    const third = await newConversation();
    expect(await assigneeOf(third)).toBeNull();
    expect((await api('PATCH', `/api/v1/conversations/${bos[1]!.id}`, { assignee_id: ws.owner.agentId })).status).toBe(200);
    await expect.poll(() => assigneeOf(third), { timeout: 20_000 }).toBe(bo.id);
  });

  it('hands out what waits when an agent comes online, and the minutely job catches the rest', async () => {
    const waiting = await newConversation();
    expect(await assigneeOf(waiting)).toBeNull();
    // Cy comes back: room appeared without any conversation changing.
    await online(cy.id);
    await expect.poll(() => assigneeOf(waiting), { timeout: 20_000 }).toBe(cy.id);

    // Room that appears with no event (a limit raised directly) is found by the scheduled run.
    const next = await newConversation();
    expect(await assigneeOf(next)).toBeNull();
    await baton.ctx.database.query('update memberships set capacity = 5 where workspace_id = $1 and agent_id = $2', [ws.workspaceId, cy.id]);
    await baton.ctx.jobs.send(ASSIGN_QUEUE, {});
    await expect.poll(() => assigneeOf(next), { timeout: 20_000 }).toBe(cy.id);
  });

  it('never gives an agent more than their capacity when assignments race', async () => {
    const other = await createWorkspace(baton, 'Race');
    const otherApi = restClient(baton, other);
    const raceTeam = await baton.services.workspaces.teams.create(other.workspaceId, { name: 'Race', agentIds: [other.owner.agentId], agentCapacity: 3 });
    await baton.services.inboxTools.presence.set(other.workspaceId, other.owner.agentId, 'online');
    const contact = (await otherApi<Contact>('POST', '/api/v1/contacts', { email: 'race@example.test' })).body;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      ids.push((await otherApi<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: `n${i}` })).body.id);
    }
    // No rule in this workspace: put them in the team directly (each also queues an assignment job), then race.
    await Promise.all(ids.map((id) => baton.services.inbox.update(other.workspaceId, id, { team_id: raceTeam.id })));
    await Promise.all([1, 2, 3, 4].map(() => baton.services.routing.assignment.assignTeam(other.workspaceId, raceTeam.id)));
    const count = async () =>
      Number((await baton.ctx.database.query<{ n: string }>('select count(*) as n from conversations where workspace_id = $1 and assignee_id is not null', [other.workspaceId])).rows[0]!.n);
    expect(await count()).toBe(3);
    // The three oldest got the agent.
    for (const id of ids.slice(0, 3)) expect((await otherApi<Conversation>('GET', `/api/v1/conversations/${id}`)).body.assignee_id).toBe(other.owner.agentId);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationList } from '../../contracts/inbox-tools.ts';
import type { Conversation, Message } from '../../contracts/messenger.ts';
import type { Calibration, Review, ReviewDetail, ReviewList, Scorecard, Trend } from '../../contracts/qa.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type TestWorkspace } from '../../test/factories.ts';
import { createSession } from '../platform/auth/sessions.ts';
import { newId } from '../platform/ids.ts';
import { agents, memberships } from '../workspaces/schema.ts';

let baton: TestBaton;
let ws: TestWorkspace;
let other: TestWorkspace;
/** Three agents (not leads) of `ws`, each with a session. */
const team: Array<{ id: string; headers: Record<string, string> }> = [];
/** Five closed conversations per agent, closed in the week of 16–22 November 2026. */
const conversations = new Map<string, string[]>();
let card: Scorecard;
/** Conversations the weekly sample picked: the manual and calibration reviews below take another. */
const sampled = new Set<string>();
/** Agent A's conversation the review round is about. */
let reviewed = '';

const criteria = [
  { id: 'accuracy', label: 'Accuracy', weight: 3, scale: 5 },
  { id: 'tone', label: 'Tone', weight: 1, scale: 5 },
  { id: 'completeness', label: 'Completeness', weight: 2, scale: 3 },
  { id: 'process', label: 'Following process', weight: 2, scale: 2 },
];

const call = async <T = unknown>(headers: Record<string, string>, method: string, url: string, payload?: unknown) => {
  const res = await baton.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json<T>() };
};

async function addAgent(workspaceId: string) {
  const id = newId();
  await baton.ctx.db.insert(agents).values({ id, email: `agent-${id}@example.test`, name: `Agent ${team.length + 1}` });
  await baton.ctx.db.insert(memberships).values({ workspaceId, agentId: id, role: 'agent' });
  const session = await createSession(baton.ctx.db, { agentId: id, workspaceId });
  return { id, headers: { cookie: `baton_session=${session.token}`, 'x-csrf-token': session.csrfToken } };
}

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'QA Co');
  other = await createWorkspace(baton, 'Elsewhere');
  for (let i = 0; i < 3; i++) team.push(await addAgent(ws.workspaceId));
  const api = restClient(baton, ws);
  for (const [i, agent] of team.entries()) {
    const ids: string[] = [];
    for (let k = 0; k < 5; k++) {
      const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: `${newId()}@example.test` })).body;
      const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'My invoice is wrong' })).body;
      await api('PATCH', `/api/v1/conversations/${conv.id}`, { assignee_id: agent.id });
      const reply = await call(agent.headers, 'POST', `/api/v1/conversations/${conv.id}/messages`, { body: 'Let me fix that for you' });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      await api('PATCH', `/api/v1/conversations/${conv.id}`, { state: 'closed' });
      await baton.ctx.database.query(`update conversations set closed_at = $2 where id = $1`, [conv.id, `2026-11-${17 + i}T1${k}:00:00Z`]);
      ids.push(conv.id);
    }
    conversations.set(agent.id, ids);
  }
}, 120_000);
afterAll(() => baton?.stop());

describe('QA scorecards', () => {
  it('are set by owners and admins only, and bad criteria are refused naming the field', async () => {
    const refused = await call(team[0]!.headers, 'POST', '/api/app/qa/scorecards', { name: 'Mine', criteria });
    expect(refused.status).toBe(403);
    const duplicate = await call<{ errors: Array<{ field: string }> }>(ws.agentHeaders, 'POST', '/api/app/qa/scorecards', {
      name: 'Twice',
      criteria: [criteria[0], { ...criteria[1], id: 'accuracy' }],
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors.map((e) => e.field)).toContain('body.criteria.1.id');
    const weight = await call<{ errors: Array<{ field: string }> }>(ws.agentHeaders, 'POST', '/api/app/qa/scorecards', {
      name: 'Weightless',
      criteria: [{ ...criteria[0], weight: 0 }],
    });
    expect(weight.status).toBe(400);
    expect(weight.body.errors.map((e) => e.field)).toContain('body.criteria.0.weight');
    expect((await call<{ data: Scorecard[] }>(ws.agentHeaders, 'GET', '/api/app/qa/scorecards')).body.data).toEqual([]);

    const created = await call<Scorecard>(ws.agentHeaders, 'POST', '/api/app/qa/scorecards', { name: 'Support quality', criteria, weekly_sample: 2 });
    expect(created.status).toBe(201);
    card = created.body;
    // Agents read scorecards: they review on them.
    expect((await call<{ data: Scorecard[] }>(team[0]!.headers, 'GET', '/api/app/qa/scorecards')).body.data.map((s) => s.id)).toEqual([card.id]);
  });
});

describe('peer-review sampling', () => {
  it('assigns N closed conversations per agent each week, never to that agent, once however often it runs', async () => {
    // The job's week: Monday 23 November samples 16–22 November.
    const assigned = await baton.services.qa.sampleWeek(new Date('2026-11-23T06:00:00Z'));
    expect(assigned).toBe(6);
    expect(await baton.services.qa.sampleWeek(new Date('2026-11-23T06:05:00Z'))).toBe(0);
    const all = (await call<ReviewList>(ws.agentHeaders, 'GET', '/api/app/qa/reviews')).body.data;
    expect(all).toHaveLength(6);
    for (const r of all) sampled.add(r.conversation_id);
    for (const agent of team) {
      const theirs = all.filter((r) => r.agent_id === agent.id);
      expect(theirs).toHaveLength(2);
      for (const r of theirs) {
        expect(conversations.get(agent.id)).toContain(r.conversation_id);
        expect(r.reviewer_id).not.toBe(agent.id);
        expect(r).toMatchObject({ source: 'sample', status: 'pending', score: null });
      }
    }
    // A week with nothing closed samples nothing; only leads may sample by hand.
    expect(await baton.services.qa.sampleWeek(new Date('2026-12-07T06:00:00Z'))).toBe(0);
    const byAgent = await call(team[0]!.headers, 'POST', `/api/app/qa/scorecards/${card.id}/sample`, { from: '2026-11-16T00:00:00Z', to: '2026-11-23T00:00:00Z' });
    expect(byAgent.status).toBe(403);
    const again = await call<{ assigned: number }>(ws.agentHeaders, 'POST', `/api/app/qa/scorecards/${card.id}/sample`, { from: '2026-11-16T00:00:00Z', to: '2026-11-23T00:00:00Z' });
    expect(again.body).toEqual({ assigned: 0 });
  });
});

describe('a review round', () => {
  let review: Review;
  let messages: Message[];

  it('lets a reviewer see the thread, and refuses bad scores and foreign messages naming the field', async () => {
    const [agentA, agentB] = team;
    reviewed = conversations.get(agentA!.id)!.find((id) => !sampled.has(id))!;
    const conv = reviewed;
    // Nobody reviews their own conversation; an agent cannot assign others.
    const own = await call<{ errors: Array<{ field: string }> }>(agentA!.headers, 'POST', '/api/app/qa/reviews', { conversation_id: conv, scorecard_id: card.id });
    expect(own.status).toBe(400);
    expect(own.body.errors[0]!.field).toBe('body.reviewer_ids.0');
    expect((await call(agentB!.headers, 'POST', '/api/app/qa/reviews', { conversation_id: conv, scorecard_id: card.id, reviewer_ids: [team[2]!.id] })).status).toBe(403);
    const mine = await call<ReviewList>(agentB!.headers, 'POST', '/api/app/qa/reviews', { conversation_id: conv, scorecard_id: card.id });
    expect(mine.status).toBe(201);
    review = mine.body.data[0]!;
    expect(review).toMatchObject({ agent_id: agentA!.id, reviewer_id: agentB!.id, source: 'manual', status: 'pending' });

    const todo = (await call<ReviewList>(agentB!.headers, 'GET', '/api/app/qa/reviews?reviewer=me&status=pending')).body.data;
    expect(todo.map((r) => r.id)).toContain(review.id);
    expect(todo.every((r) => r.reviewer_id === agentB!.id)).toBe(true);

    const detail = await call<ReviewDetail>(agentB!.headers, 'GET', `/api/app/qa/reviews/${review.id}`);
    expect(detail.status).toBe(200);
    messages = detail.body.messages;
    expect(messages.map((m) => m.body)).toEqual(['My invoice is wrong', 'Let me fix that for you']);
    expect(detail.body.scorecard.criteria).toEqual(criteria);

    const url = `/api/app/qa/reviews/${review.id}`;
    const fields = async (payload: unknown) => (await call<{ errors: Array<{ field: string }> }>(agentB!.headers, 'PUT', url, payload)).body.errors.map((e) => e.field);
    expect(await fields({ scores: { accuracy: 4, tone: 5, completeness: 2 } })).toEqual(['body.scores.process']);
    expect(await fields({ scores: { accuracy: 6, tone: 5, completeness: 2, process: 2 } })).toEqual(['body.scores.accuracy']);
    expect(await fields({ scores: { accuracy: 4, tone: 5, completeness: 2, process: 2, speed: 1 } })).toEqual(['body.scores.speed']);
    const foreign = conversations.get(team[1]!.id)![0]!;
    const foreignMessage = (await call<{ data: Message[] }>(ws.agentHeaders, 'GET', `/api/v1/conversations/${foreign}/messages`)).body.data[0]!;
    expect(await fields({ scores: { accuracy: 4, tone: 5, completeness: 2, process: 2 }, message_comments: [{ message_id: foreignMessage.id, body: 'x' }] })).toEqual([
      'body.message_comments.0.message_id',
    ]);
    // Only its reviewer submits; the reviewed agent cannot even see it yet.
    expect((await call(ws.agentHeaders, 'PUT', url, { scores: { accuracy: 1, tone: 1, completeness: 1, process: 1 } })).status).toBe(403);
    expect((await call(agentA!.headers, 'GET', url)).status).toBe(404);
    expect((await call<ReviewDetail>(agentB!.headers, 'GET', url)).body).toMatchObject({ status: 'pending', message_comments: [] });
  });

  it('scores by the weighted mean, keeps message comments, and shows the agent their review and its trend', async () => {
    const [agentA, agentB, agentC] = team;
    const url = `/api/app/qa/reviews/${review.id}`;
    const submitted = await call<ReviewDetail>(agentB!.headers, 'PUT', url, {
      scores: { accuracy: 4, tone: 5, completeness: 2, process: 2 },
      comment: 'Good, but say what happens next.',
      message_comments: [{ message_id: messages[1]!.id, body: 'Name the refund date here' }],
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    // (3·75 + 1·100 + 2·50 + 2·100) / 8, as in docs/metrics.md.
    expect(submitted.body).toMatchObject({ status: 'done', score: 78.125, comment: 'Good, but say what happens next.' });
    expect(submitted.body.message_comments).toMatchObject([{ message_id: messages[1]!.id, body: 'Name the refund date here' }]);

    const notified = (await call<NotificationList>(agentA!.headers, 'GET', '/api/v1/notifications')).body.data;
    expect(notified).toMatchObject([{ kind: 'qa_review', conversation_id: review.conversation_id, actor_name: 'Agent 2', excerpt: 'Support quality: 78 / 100' }]);
    // Editing a finished review does not notify again.
    await call(agentB!.headers, 'PUT', url, {
      scores: { accuracy: 4, tone: 5, completeness: 2, process: 2 },
      comment: 'Good, but say what happens next.',
      message_comments: [{ message_id: messages[1]!.id, body: 'Name the refund date here' }],
    });
    expect((await call<NotificationList>(agentA!.headers, 'GET', '/api/v1/notifications')).body.data).toHaveLength(1);

    const seen = await call<ReviewDetail>(agentA!.headers, 'GET', url);
    expect(seen.status).toBe(200);
    expect(seen.body.score).toBe(78.125);
    const own = (await call<ReviewList>(agentA!.headers, 'GET', '/api/app/qa/reviews')).body.data;
    expect(own.map((r) => r.id)).toEqual([review.id]);
    // Another agent sees neither the review nor A's trend; team trends are for leads.
    expect((await call(agentC!.headers, 'GET', url)).status).toBe(404);
    expect((await call<ReviewList>(agentC!.headers, 'GET', '/api/app/qa/reviews')).body.data).toEqual([]);
    expect((await call(agentC!.headers, 'GET', `/api/app/qa/reviews?agent_id=${agentA!.id}`)).status).toBe(403);
    expect((await call(agentC!.headers, 'GET', `/api/app/qa/trend?agent_id=${agentA!.id}`)).status).toBe(403);
    expect((await call(agentC!.headers, 'GET', `/api/app/qa/trend?team_id=${newId()}`)).status).toBe(403);

    const trend = (await call<Trend>(agentA!.headers, 'GET', '/api/app/qa/trend?weeks=4')).body.weeks;
    expect(trend).toHaveLength(4);
    expect(trend[3]).toMatchObject({ conversations: 1, average: 78.125 });
    expect(trend.slice(0, 3).every((w) => w.conversations === 0 && w.average === null)).toBe(true);
    expect((await call<Trend>(agentC!.headers, 'GET', '/api/app/qa/trend?weeks=4')).body.weeks[3]).toMatchObject({ conversations: 0, average: null });
    expect((await call<Trend>(ws.agentHeaders, 'GET', `/api/app/qa/trend?agent_id=${agentA!.id}&weeks=4`)).body.weeks[3]!.average).toBe(78.125);
  });

  it('calibrates: several reviewers on one conversation, with their mean absolute difference', async () => {
    const [agentA, agentB, agentC] = team;
    const conv = reviewed;
    expect((await call(agentB!.headers, 'GET', '/api/app/qa/calibration')).status).toBe(403);
    const added = await call<ReviewList>(ws.agentHeaders, 'POST', '/api/app/qa/reviews', { conversation_id: conv, scorecard_id: card.id, reviewer_ids: [agentC!.id, ws.owner.agentId] });
    expect(added.status).toBe(201);
    const byC = added.body.data.find((r) => r.reviewer_id === agentC!.id)!;
    const byOwner = added.body.data.find((r) => r.reviewer_id === ws.owner.agentId)!;
    await call(agentC!.headers, 'PUT', `/api/app/qa/reviews/${byC.id}`, { scores: { accuracy: 2, tone: 4, completeness: 3, process: 1 } });
    await call(ws.agentHeaders, 'PUT', `/api/app/qa/reviews/${byOwner.id}`, { scores: { accuracy: 5, tone: 5, completeness: 3, process: 2 } });
    const found = (await call<Calibration>(ws.agentHeaders, 'GET', '/api/app/qa/calibration')).body.data;
    expect(found).toHaveLength(1);
    expect(found[0]!.reviews.map((r) => r.score).sort((x, y) => x - y)).toEqual([43.75, 78.125, 100]);
    expect(found[0]!.score_difference).toBe(37.5);
    expect(found[0]!.criteria_difference.accuracy).toBe(50);
    // The conversation's score in the trend is the mean of its three reviews.
    const trend = (await call<Trend>(ws.agentHeaders, 'GET', `/api/app/qa/trend?agent_id=${agentA!.id}&weeks=1`)).body.weeks[0]!;
    expect(trend.conversations).toBe(1);
    expect(trend.average).toBeCloseTo((78.125 + 43.75 + 100) / 3, 10);
    // A team's trend counts its members' conversations; a team without A has none.
    const withA = await call<{ id: string }>(ws.agentHeaders, 'POST', '/api/app/teams', { name: 'Billing', agentIds: [agentA!.id, agentB!.id] });
    const withoutA = await call<{ id: string }>(ws.agentHeaders, 'POST', '/api/app/teams', { name: 'Sales', agentIds: [agentC!.id] });
    expect(withA.status, JSON.stringify(withA.body)).toBe(201);
    const teamWeek = async (id: string) => (await call<Trend>(ws.agentHeaders, 'GET', `/api/app/qa/trend?team_id=${id}&weeks=1`)).body.weeks[0]!;
    expect((await teamWeek(withA.body.id)).average).toBeCloseTo((78.125 + 43.75 + 100) / 3, 10);
    expect(await teamWeek(withoutA.body.id)).toMatchObject({ conversations: 0, average: null });
  });

  it('keeps workspaces apart', async () => {
    const url = `/api/app/qa/reviews/${review.id}`;
    expect((await call(other.agentHeaders, 'GET', url)).status).toBe(404);
    expect((await call(other.agentHeaders, 'PUT', url, { scores: { accuracy: 1, tone: 1, completeness: 1, process: 1 } })).status).toBe(404);
    expect((await call<ReviewList>(other.agentHeaders, 'GET', '/api/app/qa/reviews')).body.data).toEqual([]);
    expect((await call<{ data: Scorecard[] }>(other.agentHeaders, 'GET', '/api/app/qa/scorecards')).body.data).toEqual([]);
    expect((await call<Calibration>(other.agentHeaders, 'GET', '/api/app/qa/calibration')).body.data).toEqual([]);
    expect((await call(other.agentHeaders, 'PUT', `/api/app/qa/scorecards/${card.id}`, { name: 'hijacked', criteria })).status).toBe(404);
    expect((await call(other.agentHeaders, 'POST', `/api/app/qa/scorecards/${card.id}/sample`, { from: '2026-11-16T00:00:00Z', to: '2026-11-23T00:00:00Z' })).status).toBe(404);
    const theirs = (await call<Scorecard>(other.agentHeaders, 'POST', '/api/app/qa/scorecards', { name: 'Theirs', criteria })).body;
    const conv = conversations.get(team[0]!.id)![0]!;
    expect((await call(other.agentHeaders, 'POST', '/api/app/qa/reviews', { conversation_id: conv, scorecard_id: theirs.id })).status).toBe(404);
    expect((await call<Trend>(other.agentHeaders, 'GET', `/api/app/qa/trend?agent_id=${team[0]!.id}&weeks=1`)).body.weeks[0]!.conversations).toBe(0);
    // An API key is not a person: QA needs a signed-in agent.
    expect((await restClient(baton, ws)('GET', '/api/app/qa/reviews')).status).toBe(401);
    expect((await call<Review>(ws.agentHeaders, 'GET', url)).body.comment).toBe('Good, but say what happens next.');
  });

  it('goes with the conversation when its contact is deleted', async () => {
    const url = `/api/app/qa/reviews/${review.id}`;
    const conv = (await restClient(baton, ws)<Conversation>('GET', `/api/v1/conversations/${review.conversation_id}`)).body;
    expect((await restClient(baton, ws)('DELETE', `/api/v1/contacts/${conv.contact_id}`)).status).toBe(204);
    expect((await call(ws.agentHeaders, 'GET', url)).status).toBe(404);
    const left = await baton.ctx.database.query<{ n: number }>(
      `select (select count(*)::int from qa_reviews where conversation_id = $1) + (select count(*)::int from qa_message_comments where review_id = $2) as n`,
      [review.conversation_id, review.id],
    );
    expect(left.rows[0]!.n).toBe(0);
    expect((await call<Calibration>(ws.agentHeaders, 'GET', '/api/app/qa/calibration')).body.data).toEqual([]);
  });
});
